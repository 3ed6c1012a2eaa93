"""The parser's and the entity recognizer's greedy decoding, stepped from Python: same annotations,
about half the time.

spaCy's transition-based components decode a batch in one compiled loop that releases the GIL
(`Parser.greedy_parse` -> `_parseC`, under `with nogil`).  In the spaCy 3.8 builds we install, the
state accessors that the loop calls for every action at every step (`StateC::B_`, used by each
transition's validity check) take the GIL back on each call (Cython's exception check), so the loop
spends about half its time locking and unlocking it: ~45% of the entity recognizer's CPU time on
fakes-dev, measured with perf.

`stepped_pipe` runs the same decoding one step at a time from Python, with the GIL held (taking it
again is then a check, not a lock), through the same compiled pieces spaCy uses when it trains:
`get_token_ids`, the precomputed hidden layer (`state2vec`), the output layer's product through the
same BLIS `sgemm` as the compiled loop, and `transition_states`, which validates, picks the best
valid action and applies it exactly as the compiled loop does.  Every step computes the same numbers
in the same order, so the annotations are identical (checked on every kept sentence of the dev and
train sets: heads, labels, sentence starts and entities).  Any other configuration (a beam, no
output layer, non-CPU ops) goes through spaCy's own `pipe`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from blis.py import gemm as blis_gemm
from spacy.pipeline.transition_parser import Parser
from spacy.tokens import Doc
from spacy.util import minibatch
from thinc.api import NumpyOps, set_dropout_rate


def steppable(proc: object) -> bool:
    """Can `stepped_pipe` decode for this component (a greedy transition parser with an output
    layer, on CPU)?"""
    return (isinstance(proc, Parser) and proc.cfg.get("beam_width", 1) == 1
            and bool(proc.model.attrs.get("has_upper")) and isinstance(proc.model.ops, NumpyOps))


def stepped_pipe(proc: Parser, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
    """`proc.pipe(docs, batch_size=batch_size)`, decoded step by step (same batches and sub-batches
    sorted by length as `Parser.pipe`, so every product has the same shape)."""
    for batch in minibatch(docs, size=batch_size):
        in_order = list(batch)
        by_length = sorted(in_order, key=len)
        for sub in minibatch(by_length, size=max(batch_size // 4, 2)):
            sub = list(sub)
            proc.set_annotations(sub, _greedy(proc, sub))
        yield from in_order


def _greedy(proc: Parser, docs: list[Doc]) -> list:
    """`Parser.greedy_parse(docs)` with the loop of `_parseC` and `predict_states` in Python."""
    if not any(len(doc) for doc in docs):
        return proc.moves.init_batch(docs)
    proc._ensure_labels_are_added(docs)
    set_dropout_rate(proc.model, 0.0)
    batch = proc.moves.init_batch(docs)
    model = proc.model.predict(docs)  # the step model: token vectors, precomputed hidden layer
    weights, bias = model.vec2scores.get_param("W"), model.vec2scores.get_param("b")
    unseen = model._class_mask == 0
    states = [s for s in batch if not s.is_final()]
    while states:
        hidden = model.state2vec.predict(model.get_token_ids(states))
        scores = blis_gemm(hidden, weights, trans2=True)  # the compiled loop's sgemm, in BLIS too
        scores += bias
        if unseen.any():
            scores[:, unseen] = scores.min()  # as predict_states: unseen classes score lowest
        states = proc.transition_states(states, numpy.ascontiguousarray(scores, dtype="float32"))
    model.clear_memory()
    return batch
