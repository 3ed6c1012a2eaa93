"""The parser and entity recognizer decoded step by step give what spaCy's own loop gives."""

from __future__ import annotations

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, SENT_START

from sitrep.extract.stepped import steppable, stepped_pipe

SENTENCES = [
    "Gunmen killed three villagers in Kano on Tuesday, police said.",
    "Syrian government warplanes struck Douma in Eastern Ghouta, the Observatory reported.",
    "",
    "Rebels.",
    "On 4 March, protesters in Lagos blocked the Lekki toll gate to demand the release of 12 detained "
    "students; police fired tear gas and arrested the leaders of the Nigerian Union of Students.",
    "A roadside bomb hit a convoy near Kandahar.  Two soldiers died.\n\nThe Taliban claimed it.",
]
ATTRS = [HEAD, DEP, SENT_START, ENT_IOB, ENT_TYPE]


def test_both_transition_components_are_stepped(extractor):
    nlp = extractor.nlp.parser
    assert steppable(nlp.get_pipe("parser")) and steppable(nlp.get_pipe("ner"))
    assert not steppable(nlp.get_pipe("tagger"))


def test_same_annotations_as_spacy(extractor):
    nlp = extractor.nlp.parser
    texts = SENTENCES * 3  # several sub-batches, of mixed lengths
    ours = list(extractor.nlp.model(texts))
    theirs = list(nlp.pipe(texts, batch_size=4))
    assert [d.text for d in ours] == texts
    for a, b in zip(ours, theirs, strict=True):
        assert (a.to_array(ATTRS) == b.to_array(ATTRS)).all()
        assert [(e.text, e.label_) for e in a.ents] == [(e.text, e.label_) for e in b.ents]
    assert any(e.label_ == "GPE" for d in ours for e in d.ents)
    assert any(t.dep_ == "nsubj" for d in ours for t in d)


def test_small_batches_and_empty_docs(extractor):
    nlp = extractor.nlp.parser
    ner = nlp.get_pipe("ner")
    docs = [nlp.make_doc(t) for t in ["", "", "Paris"]]
    out = list(stepped_pipe(ner, docs, batch_size=2))
    assert out == docs  # in order, annotated in place
    assert [e.text for e in out[2].ents] == [e.text for e in ner(nlp.make_doc("Paris")).ents]
