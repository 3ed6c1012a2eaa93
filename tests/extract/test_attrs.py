"""The attribute ruler's matches by table look-up are spaCy's Matcher's matches, token for token."""

from __future__ import annotations

import pytest

from sitrep.extract.attrs import IndexedRulerMatch, _simple

TEXTS = [
    # tag rules, word+tag rules ("is", "n't", "have"), dependency rules ("it" as subject and object)
    "It is not clear who fired the rockets, but they hit it twice and have killed four people.",
    # rules of several tokens and REGEX rules: "gonna", "let's", "y'all", "nothin'", "ain't"
    "Y'all know there ain't nothin' we're gonna do, let's go, said a man who'd seen 'em.",
    # spaces the tokenizer keeps as tokens (IS_SPACE), a determiner as pronoun ("that" alone)
    "Shelling resumed  at dawn.\n\nThat was what residents feared; those who stayed hid.",
]


@pytest.fixture(scope="module")
def nlp(extractor):
    return extractor.nlp.parser


def test_the_pipeline_uses_the_table_look_up(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler").match, IndexedRulerMatch)


@pytest.mark.parametrize("text", TEXTS)
def test_same_matches_as_the_matcher(nlp, text):
    ruler = nlp.get_pipe("attribute_ruler")
    doc = nlp(text, disable=["attribute_ruler", "lemmatizer", "ner"])
    spacy_matches = type(ruler).match(ruler, doc)  # the class's own method: spaCy's Matcher
    assert spacy_matches  # every token has a tag rule
    assert ruler.match(doc) == spacy_matches


def test_same_pos_morph_and_lemmas(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    for text in TEXTS:
        ours = nlp(text)
        indexed = ruler.match
        try:
            del ruler.match  # back to the class's method
            theirs = nlp(text)
        finally:
            ruler.match = indexed
        assert [(t.pos_, str(t.morph), t.lemma_) for t in ours] == [(t.pos_, str(t.morph), t.lemma_) for t in theirs]
        assert any(t.pos_ == "AUX" for t in ours) and any(t.lemma_ == "be" for t in ours)


def test_only_one_token_equalities_are_tabled(nlp):
    strings = nlp.vocab.strings
    assert _simple([{"TAG": "NN"}], strings) is not None
    assert _simple([{"TAG": {"IN": ["VBP", "VBZ"]}, "LOWER": "is"}], strings) is not None
    assert _simple([{"LOWER": {"REGEX": "^y'?$"}}], strings) is None
    assert _simple([{"DEP": {"NOT_IN": ["det"]}, "TAG": "DT"}], strings) is None
    assert _simple([{"LOWER": "gon"}, {"LOWER": "na"}], strings) is None


def test_lemma_table_gives_the_lemmatizers_lemmas(nlp, extractor):
    import spacy

    from sitrep.extract.attrs import _TableLemmatizer, _WordList

    assert isinstance(nlp.get_pipe("lemmatizer"), _TableLemmatizer)
    plain = spacy.load(extractor.settings.spacy_model)  # spaCy's own lemmatizer and tables
    texts = TEXTS + ["The wounded were carried to better-equipped hospitals; fighters regrouped and were shelling again.",
                     "He was wounding them, she said, and they're hiding the bodies."]
    for text in texts:
        ours, theirs = nlp(text), plain(text)
        assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
        assert all(t.lemma_ for t in ours)
    # twice: the second time from the table
    assert [t.lemma_ for t in nlp(texts[-1])] == ["he", "be", "wound", "they", ",", "she", "say", ",", "and", "they",
                                                   "be", "hide", "the", "body", "."]
    words = _WordList(["shell", "strike"])
    assert "shell" in words and "bomb" not in words and words == ["shell", "strike"]
