"""Actors per event: each event of a sentence takes the actors of its own clause (texts written here)."""

import pytest

from sitrep.types import Document

pytestmark = pytest.mark.slow


def _events(extractor, text):
    return extractor.extract(Document(id="t", text=text, published="2024-05-10")).events


def test_each_event_of_a_sentence_gets_the_actors_of_its_own_clause(extractor):
    text = ("On Monday, Syrian government warplanes bombed the town of Ariha in Idlib province, while rebel "
            "fighters clashed with Islamic State militants near the town of Mhardeh in Hama province.")
    by_type = {e.sub_event_type: e for e in _events(extractor, text)}
    assert by_type["Air/drone strike"].actor1 == "Military Forces of Syria"
    clash = by_type["Armed clash"]
    assert clash.actor1 == "Rebel Forces (Syria)" and clash.actor2 == "Islamic State"


def test_who_holds_a_place_is_not_who_acted(extractor):
    text = "Air strikes hit the rebel-held town of Douma on Sunday, killing 12 civilians."
    (e,) = _events(extractor, text)
    assert e.actor1 is None  # the text names no attacker
    assert e.actor2 == "Civilians (Syria)"


def test_a_place_held_by_a_group_does_not_make_it_the_attacker(extractor):
    text = "Russian air strikes hit a village held by Islamic State militants in Homs province on Sunday."
    (e,) = _events(extractor, text)
    assert e.actor1 == "Military Forces of Russia"


def test_a_generic_word_for_a_named_group_is_that_group(extractor):
    text = "Terrorists of the so-called Jaish al-Islam fired mortar shells at the town of Jaramana on Sunday."
    (e,) = _events(extractor, text)
    assert e.actor1 == "Jaysh al-Islam"
    text = "Five soldiers were killed on Sunday as the jihadist Islamic State attacked a post near Palmyra."
    (e,) = _events(extractor, text)
    assert e.actor1 == "Islamic State"


def test_a_group_named_in_a_later_telling_beats_a_generic_word(extractor):
    text = ("Mortar shells fired by terrorists killed two people in Jaramana on Sunday. Terrorists of the "
            "Army of Islam fired three shells at the town, the police said.")
    (e,) = _events(extractor, text)
    assert e.actor1 == "Jaysh al-Islam"


def test_a_bombing_no_group_is_named_for_is_by_an_unidentified_group(extractor):
    text = "Militants detonated a roadside bomb near a school in the town of Jaramana on Sunday, killing two people."
    (e,) = _events(extractor, text)
    assert e.actor1 == "Unidentified Armed Group (Syria)"


def test_actors_named_in_the_trigger_s_words_acted(extractor):
    (e,) = _events(extractor, "Israeli airstrikes were reported on positions near Jaramana on Sunday.")
    assert e.actor1 == "Military Forces of Israel"
    (e,) = _events(extractor, "A US-led coalition drone struck a car in the town of Raqqa on Sunday.")
    assert e.actor1 == "Global Coalition Against Daesh"
    (e,) = _events(extractor, "Government air strikes killed four people in Saraqib in Idlib province on Sunday.")
    assert e.actor1 == "Military Forces of Syria"
