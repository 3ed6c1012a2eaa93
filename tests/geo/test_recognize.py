"""Which names spaCy tags as places the recognizer keeps (texts written here; the entities are set
by hand so the tests do not depend on what the small model happens to tag)."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from sitrep.geo.recognize import _says_place, find_mentions


def _doc(text: str, name: str, label: str = "GPE"):
    doc = spacy.blank("en")(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name), label=label)
    doc.ents = [Span(doc, span.start, span.end, label=label)]
    return doc


def _found(gazetteer, text: str, name: str) -> list[str]:
    return [m.text for m in find_mentions(_doc(text, name), gazetteer)]


def test_an_unknown_name_nothing_calls_a_place_is_not_one(gazetteer):
    # a brand the model mistook for a place: no gazetteer reading, no locative word, no kind of place
    assert _found(gazetteer, "Users said Zorblatix stopped syncing their files overnight.", "Zorblatix") == []


def test_an_unknown_name_after_a_locative_word_is_kept(gazetteer):
    assert _found(gazetteer, "Gunmen opened fire on a bus near Zorblatix overnight.", "Zorblatix") == ["Zorblatix"]


def test_an_unknown_name_the_text_calls_a_village_is_kept(gazetteer):
    assert _found(gazetteer, "Zorblatix village was shelled overnight.", "Zorblatix") == ["Zorblatix"]


def test_an_unknown_name_listed_after_a_place_is_kept(gazetteer):
    text = "Shells fell on Aleppo, Zorblatix and other towns."
    assert "Zorblatix" in _found(gazetteer, text, "Zorblatix")


def test_a_known_place_needs_no_such_word(gazetteer):
    assert _found(gazetteer, "Nairobi announced new rules on Monday.", "Nairobi") == ["Nairobi"]


def test_what_says_place():
    text = "the Qarvo Harbour and Barangay Tupas"
    s = text.index("Qarvo")
    assert _says_place(text, s, s + len("Qarvo Harbour"), "the", "and")  # a kind of place in the name
    s = text.index("Tupas")
    assert _says_place(text, s, s + len("Tupas"), "barangay", "")  # a part of a town before it
    assert not _says_place("Zorblatix said", 0, 9, "", "said")


def _plain(gazetteer, text: str) -> list[str]:
    return [m.text for m in find_mentions(spacy.blank("en")(text), gazetteer)]


def test_the_tail_of_a_longer_unknown_name_is_not_a_place_of_its_own(gazetteer):
    # "Bak" is one of Baku's alternate names; here it ends a village's name the gazetteer lacks
    assert _plain(gazetteer, "A roadside bomb went off near Sulayman Bak on Sunday.") == ["Sulayman Bak"]


def test_a_big_place_by_its_own_name_after_an_unknown_word_is_kept(gazetteer):
    assert "Aleppo" in _plain(gazetteer, "Rebels shelled Zorblatix Aleppo on Sunday.")


def test_a_known_place_after_a_known_place_is_kept(gazetteer):
    assert _plain(gazetteer, "Troops patrolled Maiduguri Borno State overnight.")[:2] == ["Maiduguri", "Borno State"]


def test_a_region_ending_a_longer_name_is_kept(gazetteer):
    # a district's name at the end of an unknown name: a place in that district, still worth placing
    assert "Kayokwe" in _plain(gazetteer, "Shots were heard in Zorblat Kayokwe, Burundi, on Sunday.")


def test_the_end_of_an_organisation_name_before_a_place_is_no_place(gazetteer):
    # "of" inside a capitalised name ("Ministry of Fisheries") opens no village before "in Aleppo"
    assert _plain(gazetteer, "Teachers protested at the Ministry of Fisheries in Aleppo on Monday.") == ["Aleppo"]


def test_a_name_after_residents_of_before_a_place_is_kept(gazetteer):
    assert _plain(gazetteer, "Dozens of residents of Zorblat in Aleppo protested on Monday.") == ["Zorblat", "Aleppo"]
