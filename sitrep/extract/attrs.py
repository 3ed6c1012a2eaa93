"""The attribute ruler's matches and the lemmatizer's lemmas by table look-up.

The small English model's `attribute_ruler` maps each token's fine tag (and a few words, tags and
dependency labels) to its coarse POS, morphology and some lemmas with ~180 one-token patterns.  spaCy
runs them through its general Matcher, which tries every pattern at every token: about a tenth of the
model's time on the sentences we parse.  Nearly all of those patterns are equalities on TAG, LOWER,
DEP or IS_SPACE, which a dict answers for a token at once.

`IndexedRulerMatch(ruler)` returns the same match list as `AttributeRuler.match` (sorted by pattern
number, so later rules still win in `set_annotations`): one-token equality patterns come from the
tables, every other pattern (several tokens, REGEX, NOT_IN) from a Matcher that holds only those.
`use_indexed_match(nlp)` installs it on a loaded pipeline.

The rule lemmatizer's lemma of a token depends on nothing but the token's text, coarse POS and
morphology (its tables do not change), yet spaCy works it out token by token in Python, looking
candidate forms up in word lists of up to 57k entries one by one: about a tenth of the model's time
again.  `use_lemma_table(nlp)` gives those lists a set for `in`, looks each (text, POS, morphology) up
once per process and writes a Doc's lemmas as one column.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

# Token attributes a one-token pattern may test by equality (or IN), in the order they are read
# with Doc.to_array; a pattern is filed in the tables under the first of them that it tests.
_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_TABLE_SIZE = 500_000  # lemmas remembered per process (~100 MB at most; fakes-dev needs ~7k)
Tests = tuple[tuple[int, frozenset], ...]  # (column, accepted values)


def _values(spec: Any) -> tuple | None:
    """The values an equality or IN test accepts; None for any other kind of test."""
    if isinstance(spec, (str, bool)):
        return (spec,)
    if isinstance(spec, dict) and set(spec) == {"IN"} and all(isinstance(v, (str, bool)) for v in spec["IN"]):
        return tuple(spec["IN"])
    return None


def _simple(pattern: list[dict], strings: Any) -> Tests | None:
    """A one-token pattern of equality tests on _ATTRS, as (column, accepted ids) pairs in column
    order (strings as their hashes, IS_SPACE as 0/1, as Doc.to_array gives them)."""
    if len(pattern) != 1 or not pattern[0]:
        return None
    tests = []
    for attr, spec in pattern[0].items():
        values = _values(spec)
        if attr not in _ATTRS or values is None:
            return None
        ids = frozenset(int(v) if isinstance(v, bool) else strings.add(v) for v in values)
        tests.append((_ATTRS.index(attr), ids))
    return tuple(sorted(tests, key=lambda t: t[0]))


class IndexedRulerMatch:
    """A drop-in for `AttributeRuler.match` on one ruler (whose patterns must not change after)."""

    def __init__(self, ruler: Any):
        self.ruler = ruler
        # column -> value id -> [(pattern number, match id, tests)]
        self.tables: list[dict[int, list[tuple[int, int, Tests]]]] = [{} for _ in _ATTRS]
        self.rest = Matcher(ruler.vocab)
        strings = ruler.vocab.strings
        for number in range(len(ruler.attrs)):
            match_id = strings[str(number)]
            _, patterns = ruler.matcher.get(match_id)
            for pattern in patterns:
                tests = _simple(pattern, strings)
                if tests is None:
                    self.rest.add(match_id, [pattern])
                    continue
                column, ids = tests[0]
                for value in ids:
                    self.tables[column].setdefault(value, []).append((number, match_id, tests))
        self.columns = [c for c, table in enumerate(self.tables) if table]

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        strings = self.ruler.vocab.strings
        found = {(int(strings[m_id]), m_id, s, e) for m_id, s, e in self.rest(doc, allow_missing=True, as_spans=False)}
        tables, columns = self.tables, self.columns
        for i, row in enumerate(doc.to_array(list(_ATTRS)).tolist()):
            for c in columns:
                for number, match_id, tests in tables[c].get(row[c], ()):
                    if all(row[col] in ids for col, ids in tests):
                        found.add((number, match_id, i, i + 1))
        return sorted(found)  # by pattern number: later rules win in set_annotations


def use_indexed_match(nlp: Language) -> None:
    """Give the pipeline's attribute ruler (if any) the table look-up in place of its Matcher."""
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        ruler.match = IndexedRulerMatch(ruler)


class _TableLemmatizer(Lemmatizer):
    """spaCy's Lemmatizer whose __call__ looks each (text, POS, morphology) up once per process.
    Installed by swapping the class of a loaded lemmatizer (its own subclass is kept as the base),
    so that spaCy's pipe, which calls the component as `self(doc)`, runs this."""

    _memo: dict[tuple[int, int, int], int]

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        try:
            cols = doc.to_array([ORTH, POS, MORPH, LEMMA])
            lemmas = cols[:, 3].copy()
            memo, strings, overwrite = self._memo, self.vocab.strings, self.overwrite
            for i, (orth, pos, morph, lemma) in enumerate(cols.tolist()):
                if overwrite or lemma == 0:
                    got = memo.get((orth, pos, morph))
                    if got is None:
                        got = strings.add(self.lemmatize(doc[i])[0])
                        if len(memo) < _TABLE_SIZE:
                            memo[(orth, pos, morph)] = got
                    lemmas[i] = got
            doc.from_array([LEMMA], lemmas)
            return doc
        except Exception as e:  # noqa: BLE001 - spaCy's own error handling, as Lemmatizer.__call__ does
            self.get_error_handler()(self.name, self, [doc], e)


class _WordList(list):
    """A list of words whose `in` is a set look-up (the same answers; the list stays a list)."""

    def __init__(self, words: Any):
        super().__init__(words)
        self._set = frozenset(self)

    def __contains__(self, word: object) -> bool:
        return word in self._set


def use_lemma_table(nlp: Language) -> None:
    """Give the pipeline's rule or lookup lemmatizer (if any) the per-process table of lemmas."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lem = nlp.get_pipe("lemmatizer")
    if not isinstance(lem, Lemmatizer) or lem.mode not in ("rule", "lookup") or isinstance(lem, _TableLemmatizer):
        return
    if lem.mode == "rule" and "lemma_index" in lem.lookups:
        index = lem.lookups.get_table("lemma_index")
        for key in list(index.keys()):  # rule_lemmatize only asks `form in index[pos]` of these
            if isinstance(index[key], list):
                index[key] = _WordList(index[key])
    lem.__class__ = type("Table" + type(lem).__name__, (_TableLemmatizer, type(lem)), {})
    lem._memo = {}
