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
