"""The values of an article's events: the date, toll and sources each event stands behind (short
articles written here)."""

import pytest

from sitrep.types import Document

pytestmark = pytest.mark.slow


def _events(extractor, text, published="2024-05-12", **kw):
    return extractor.extract(Document(id="t", text=text, published=published, **kw)).events


# -- dates ------------------------------------------------------------------------------------------

def test_a_speech_verb_date_gives_way_to_the_incident_s_own_day(extractor):
    # published on a Sunday: the monitor spoke on Sunday, the blast was on Saturday
    text = ("The toll from a car bomb at the market in Azaz rose to at least 40 people, a monitor said on Sunday. "
            "Rescuers pulled 35 bodies from the site of Saturday's car bomb in Azaz.")
    (e,) = _events(extractor, text)
    assert e.date == "2024-05-11"


def test_a_day_after_the_telling_does_not_replace_it(extractor):
    text = ("At least nine rescuers were killed when a car bomb hit their centre in the town of Azaz, the "
            "rescue service said on Saturday. Work continues today to recover the bodies of the nine in Azaz.")
    (e,) = _events(extractor, text)
    assert e.date == "2024-05-11"


def test_a_participle_of_the_attack_dates_it(extractor):
    text = "An air strike carried out by government jets on Saturday in the town of Ariha killed 14 civilians."
    (e,) = _events(extractor, text)
    assert e.date == "2024-05-11"


# -- sources ----------------------------------------------------------------------------------------

def test_an_unattributed_sentence_continues_the_attribution_before_it(extractor):
    text = ("Air strikes killed six people in the town of Ariha on Saturday, the Syrian Observatory for Human "
            "Rights said. Separately, rockets killed two children in the town of Saraqeb on Saturday.")
    events = {e.location.name: e for e in _events(extractor, text)}
    assert events["Saraqeb"].sources == ["Syrian Observatory for Human Rights"]


def test_an_unnamed_monitor_is_the_one_the_article_names(extractor):
    text = ("At least 17 civilians were killed on Saturday in air strikes on the town of Ariha, a monitoring group "
            "said. Children were among the dead, the Syrian Observatory for Human Rights said.")
    (e,) = _events(extractor, text)
    assert e.sources == ["Syrian Observatory for Human Rights"]


# -- tolls ------------------------------------------------------------------------------------------

def test_a_headline_summing_two_incidents_does_not_cover_an_addition(extractor):
    text = ("Five killed in rocket attacks in Aleppo and Hama\n"
            "A woman was killed when rockets hit the Midan neighbourhood of Aleppo on Saturday. Later two more "
            "people were killed when rockets hit the same neighbourhood of Aleppo.\n"
            "In Hama, two men were killed by sniper fire in the town of Mhardeh on Saturday.")
    events = {e.location.name: e for e in _events(extractor, text, title="Five killed in rocket attacks in Aleppo and Hama")}
    assert events["Aleppo"].fatalities.best == 3


def test_a_weak_source_name_is_read_in_the_country_of_the_article_s_places(extractor):
    text = ("Russian jets struck the town of Saraqeb in Idlib province on Saturday, killing nine people, a local "
            "civil defence source said. Russian officials and Russian media denied it.")
    (e,) = _events(extractor, text)
    assert e.sources == ["Syrian Civil Defence"]


def test_a_report_s_closing_credit_attributes_its_story(extractor):
    text = ("Army artillery shelled militant positions in the town of Mhardeh in Hama province on Saturday, "
            "killing 12 militants. Other units destroyed two trucks near the town of Suqaylabiyah in Hama "
            "province, Sana reported.")
    events = {e.location.name: e for e in _events(extractor, text)}
    assert events["Mhardeh"].sources == ["Syrian Arab News Agency"]
