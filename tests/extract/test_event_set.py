"""Which events a news article holds: reactions and re-tellings are no new events (short texts
written here)."""

import pytest

from sitrep.types import Document

pytestmark = pytest.mark.slow


def _events(extractor, text, published="2024-05-10", **kw):
    return extractor.extract(Document(id="t", text=text, published=published, **kw)).events


# -- a reaction to an event does not tell it again -------------------------------------------------

@pytest.mark.parametrize(
    "reaction",
    [
        "On Wednesday the Security Council met to debate a resolution condemning the air strike.",
        "The government sent letters to the United Nations on Wednesday calling for the cessation of the air strikes.",
    ],
)
def test_a_reaction_to_the_event_is_no_second_event(extractor, reaction):
    text = "Air strikes killed 12 people in the town of Ariha in Idlib province on Monday. " + reaction
    (e,) = _events(extractor, text)
    assert e.date == "2024-05-06"
    assert all("Wednesday" not in s.text for s in e.evidence)
