"""The split of spaCy work: the whole model on kept sentences, tokens alone on the rest."""

from __future__ import annotations

from dataclasses import replace

from sitrep.extract.extractor import _segments
from sitrep.types import Document


def test_segments_tile_the_text_and_mark_the_kept_sentences():
    text = "Intro line. Troops shelled Homs. Weather was fine. Rebels attacked Idlib."
    kept = [(12, 32), (51, 73)]
    segs = _segments(text, kept)
    assert "".join(text[s:e] for s, e, _ in segs) == text
    assert [(s, e) for s, e, parse in segs if parse] == [(12, 33), (51, 73)]  # with the space after
    assert segs[0] == (0, 12, False) and segs[-1][1] == len(text)
    # overlapping or touching kept spans never make a segment twice
    segs = _segments("abcdef", [(0, 3), (2, 5)])
    assert "".join("abcdef"[s:e] for s, e, _ in segs) == "abcdef"


def test_only_kept_sentences_go_through_the_model(extractor):
    text = ("Angela Merkel visited Paris on Monday. Gunmen killed three villagers in Kano on Tuesday. "
            "The weather in Berlin stayed mild.")
    a, b = text.index("Gunmen"), text.index("The weather") - 1
    doc = next(extractor.nlp.annotate([(text, _segments(text, [(a, b)]))]))
    assert doc.text == text
    parsed = [t for t in doc if t.dep_]
    assert parsed and all(a <= t.idx < b for t in parsed)  # no parse outside the kept sentence
    assert all(t.tag_ == "" for t in doc if not a <= t.idx < b)
    assert "Kano" in {e.text for e in doc.ents}
    assert all(a <= e.start_char < b for e in doc.ents)  # entities only where the model ran
    # every sentence keeps its start, parsed or not
    assert [t.text for t in doc if t.is_sent_start] == ["Angela", "Gunmen", "The"]
    # the gazetteer still finds the places of the sentences the model did not see
    names = {p.text for p in extractor.geo.find_places(text, doc)}
    assert {"Paris", "Berlin", "Kano"} <= names


def test_context_ner_gives_every_sentence_its_entities(extractor):
    text = ("Angela Merkel visited Paris on Monday. Gunmen killed three villagers in Kano on Tuesday. "
            "The weather in Berlin stayed mild.")
    a, b = text.index("Gunmen"), text.index("The weather") - 1
    nlp = replace(extractor.nlp, context_ner=True)
    doc = next(nlp.annotate([(text, _segments(text, [(a, b)]))]))
    ents = {e.text: e.label_ for e in doc.ents}
    assert ents.get("Paris") == "GPE" and ents.get("Berlin") == "GPE" and "Kano" in ents
    assert all(t.tag_ == "" for t in doc if not a <= t.idx < b)


def test_places_of_unparsed_sentences_still_set_the_country(extractor):
    # The event sentence names only an ambiguous small town; the other sentences (no cue, not parsed)
    # name the country, which must still choose the reading.
    text = ("Nigeria's government met on Monday in Abuja. Gunmen killed three villagers in Kano on "
            "Tuesday, police said.")
    ex = extractor.extract(Document(id="ctx", text=text, published="2020-05-07"))
    assert ex.events and ex.events[0].location is not None
    assert ex.events[0].location.country_code == "NG"


def test_the_model_runs_on_numpy_blas_with_the_same_annotations(extractor):
    from thinc.api import NumpyOps

    nlp = extractor.nlp.parser
    nodes = [n for _, proc in nlp.pipeline if getattr(proc, "model", None) is not None for n in proc.model.walk()]
    assert nodes and all(isinstance(n.ops, NumpyOps) and not n.ops.use_blis for n in nodes)
    texts = ["Government warplanes bombed a market in Maarat al-Numan on Monday, killing 12 civilians.",
             "Rebels said they repelled an attack near the town of Kafr Nabl, and two fighters died."]

    def annotations():
        return [[(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_) for t in d] for d in nlp.pipe(texts)]

    ours = annotations()
    try:
        for n in nodes:
            n.ops = NumpyOps()  # thinc's default: BLIS
        blis = annotations()
    finally:
        for n in nodes:
            n.ops = NumpyOps(use_blis=False)
    assert ours == blis
    assert any(e for d in ours for *_, e in d)  # entities were found


def test_a_repeated_sentence_is_parsed_once_and_annotated_alike(extractor):
    from sitrep.extract.nlp import _Once

    seen: list[str] = []

    def run(texts):
        for t in texts:
            seen.append(t)
            yield extractor.nlp.parser.make_doc(t)

    once = _Once(["a b", "c d", "a b", "e f", "a b"], run)
    docs = [once.get(t) for t in ["a b", "c d", "a b", "e f", "a b"]]
    assert seen == ["a b", "c d", "e f"]  # in order, each text once
    assert docs[0] is docs[2] is docs[4] and not once.done  # let go after its last repeat

    wire = "Rebels shelled the town of Kafr Zita on Monday, killing two children. "
    first = "Officials met in Geneva. " + wire + "Talks go on."
    second = wire + "Aid arrived later."
    reports = [(t, _segments(t, [(t.index("Rebels"), t.index("children.") + 9)])) for t in (first, second)]
    a, b = extractor.nlp.annotate(reports)
    assert a.text == first and b.text == second
    ta = [(t.text, t.tag_, t.dep_, t.ent_type_) for t in a if t.idx >= first.index("Rebels") and t.idx < first.index("Talks")]
    tb = [(t.text, t.tag_, t.dep_, t.ent_type_) for t in b if t.idx < second.index("Aid")]
    assert ta == tb and any(dep for _, _, dep, _ in ta)
