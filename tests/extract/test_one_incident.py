"""News articles: each incident once, furniture cut out of the running text (short texts written here)."""

import pytest

from sitrep.extract.boilerplate import headline_span, inline_furniture
from sitrep.types import Document

pytestmark = pytest.mark.slow


def _events(extractor, text, published="2024-05-10", **kw):
    return extractor.extract(Document(id="t", text=text, published=published, **kw)).events


def _cut(text, title=None):
    return [text[s:e] for s, e in inline_furniture(text, title)]


# -- furniture inside a line -----------------------------------------------------------------------

def test_dateline_and_byline_before_a_repeated_title_are_furniture():
    title = "Shelling kills four in Homs"
    text = "Posted on May 9 2024 by Jane Roe Shelling kills four in Homs Four people were killed on Thursday."
    cut = _cut(text, title)
    assert cut == ["Posted on May 9 2024 by Jane Roe "]
    s, e = headline_span(text, title)
    assert text[s:e] == "Shelling kills four in Homs"


def test_agency_dateline_city_dateline_and_share_buttons_are_cut():
    text = ("Blast hits market AFP Friday 10 May 2024 Print Tweet Views 120 "
            "BEIRUT (Reuters) - A bomb exploded in a market in Tripoli on Friday.")
    cut = _cut(text)
    assert "AFP Friday 10 May 2024" in cut
    assert any(c.startswith("BEIRUT (Reuters)") for c in cut)
    assert not any("bomb exploded" in c for c in cut)


def test_a_date_in_the_story_is_not_a_dateline():
    text = "Around 8 May 2024 (as reported), gunmen killed a farmer in Kidal."
    assert _cut(text) == []


def test_tag_list_ends_where_the_story_opens():
    text = "Tags Aleppo Syria human rights barrel bombs At least 16 civilians were killed in Aleppo on Sunday."
    assert _cut(text) == ["Tags Aleppo Syria human rights barrel bombs "]


def test_caption_with_its_credit_and_related_links_are_cut():
    text = ("10 May 2024 A boy walks past a damaged school in the town. (World News and Agencies) "
            "Air strikes killed six people in Ariha on Thursday. "
            "Related Blast rocks southern suburb Huge fire erupts at depot")
    cut = _cut(text)
    assert any(c.endswith("(World News and Agencies)") and "A boy walks" in c for c in cut)
    assert any(c.startswith("Related Blast rocks") for c in cut)
    assert not any("Air strikes killed" in c for c in cut)


def test_a_page_flattened_to_one_line_is_not_dropped_for_its_first_words(extractor):
    # a "Last updated at ..." opening used to drop the whole line, i.e. the whole article
    text = ("Last updated at May 102024 Gunmen stormed a checkpoint near the town of Kidal on Thursday, "
            "killing four soldiers, officials said. " + "The army said it had sent reinforcements to the area. " * 6)
    evs = _events(extractor, text)
    assert len(evs) == 1 and evs[0].fatalities.best == 4


def test_city_dateline_is_not_the_event_place(extractor):
    text = "MOSCOW (Sputnik) - A car bomb exploded in the Syrian city of Homs on Friday, killing nine people."
    (e,) = _events(extractor, text)
    assert e.location.name.lower().startswith("hom")


# -- one incident, one event -----------------------------------------------------------------------

def test_headline_and_body_with_differing_tolls_are_one_event(extractor):
    title = "Air strikes kill 12 in Ariha"
    text = ("Air strikes kill 12 in Ariha At least 12 civilians were killed on Thursday when warplanes struck "
            "the town of Ariha in Idlib province, a monitor said. Rescuers later put the toll from the air "
            "strikes on Ariha at 15.")
    evs = _events(extractor, text, title=title)
    assert len(evs) == 1
    (e,) = evs
    assert e.sub_event_type == "Air/drone strike" and e.date == "2024-05-09"
    assert (e.fatalities.low, e.fatalities.best, e.fatalities.high) == (12, 12, 15)
    assert e.folds and all(isinstance(r, str) for r in e.folds)


def test_a_subset_of_the_dead_is_not_a_second_event(extractor):
    text = ("Government jets bombed the town of Saraqib on Tuesday, killing 19 civilians. "
            "Six children were among the dead, rescuers said.")
    evs = _events(extractor, text)
    assert len(evs) == 1 and evs[0].fatalities.best == 19


def test_a_part_told_with_also_is_still_a_part(extractor):
    text = ("The death toll from an air strike on the town of Saraqib on Tuesday has risen to 19, a monitor "
            "said. There were also seven women among the dead, the monitor said.")
    evs = _events(extractor, text)
    assert len(evs) == 1 and evs[0].fatalities.best == 19


def test_victims_told_as_an_addition_add_to_the_toll(extractor):
    text = ("Rebel rockets hit the Midan district of Aleppo on Monday, killing one woman. "
            "Later two more people were killed in a similar rocket attack on the district.")
    evs = _events(extractor, text)
    assert len(evs) == 1 and evs[0].fatalities.best == 3


def test_a_summary_of_incidents_at_two_villages_gives_the_villages(extractor):
    text = ("Air strikes killed 30 people in Idlib province on Monday. In the town of Ariha, 18 people were "
            "killed in air strikes. In Saraqib, air strikes killed 12 people.")
    evs = _events(extractor, text)
    tolls = sorted(e.fatalities.best for e in evs)
    assert tolls == [12, 18]


def test_distinct_towns_on_one_day_stay_distinct_events(extractor):
    text = ("Warplanes struck the town of Ariha in Idlib province on Monday, killing five people. "
            "Warplanes also struck the town of Saraqib in Idlib province on Monday, killing three people.")
    evs = _events(extractor, text)
    assert len(evs) == 2


def test_folds_are_valid_output(extractor, schema_validator):
    from sitrep.types import Extraction

    text = ("Suicide bomber kills 20 in Homs A suicide bomber killed at least 20 people at a checkpoint in "
            "Homs on Friday. The death toll from the suicide bombing in Homs later rose to 23, the governor said.")
    doc = Document(id="t", text=text, published="2024-05-10", title="Suicide bomber kills 20 in Homs")
    ex: Extraction = extractor.extract(doc)
    schema_validator.validate(ex.to_dict())
    (e,) = ex.events
    assert e.fatalities.best == 23


# -- totals, background and habits are no events --------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "The war in Syria has killed more than 280000 people since 2011.",
        "The conflict has killed more than 280000 people.",
        "The bombardment brought to 49 the number of people killed in Douma in two days of attacks.",
        "Islamic State executed 23 men in Deir ez-Zor province in the past five days.",
        "More than 100000 killed in four years",
        "Fighting across the province has killed 3000 people over eighteen months.",
        "Idlib province is regularly targeted by government air strikes.",
        "Hundreds of people were killed in Eastern Ghouta in chemical strikes carried out by government troops "
        "in August 2013.",
    ],
)
def test_totals_background_and_habits_are_no_events(extractor, text):
    assert _events(extractor, text) == []


def test_a_subheading_total_does_not_widen_an_incidents_range(extractor):
    text = ("Warplanes struck a market in the town of Saraqib on Monday, killing at least 17 civilians.\n"
            "120000 killed in four years\n"
            "Talks to end the war have stalled.")
    (e,) = _events(extractor, text)
    assert (e.fatalities.best, e.fatalities.high) == (17, None)


def test_a_dated_ongoing_battle_is_an_event(extractor):
    text = "Rebels continue to battle government forces for the town of Tabqa, with clashes on Saturday."
    assert len(_events(extractor, text)) == 1


def test_a_number_beats_a_vague_word_for_the_same_incident(extractor):
    text = ("A suspected chemical attack on the town of Khan Sheikhun killed dozens of civilians on Tuesday. "
            "The chemical attack on Khan Sheikhun killed at least 58 civilians, the monitor said.")
    (e,) = _events(extractor, text)
    assert e.fatalities.best == 58


# -- the event's own place --------------------------------------------------------------------------

def test_where_someone_spoke_or_met_is_not_the_event_place(extractor):
    text = ("An opposition leader said in Turkey that the chemical attack on the town of Douma in Syria had "
            "killed 40 people on Tuesday.")
    places = {e.location.name for e in _events(extractor, text) if e.location}
    assert "Turkey" not in places
    text = "Rebels and the army fought near the town of Tabqa on Monday, days before talks in Astana."
    assert all(e.location is None or e.location.name != "Astana" for e in _events(extractor, text))


def test_a_place_naming_a_government_or_its_allies_is_no_place(extractor):
    text = ("A military unit run by Damascus ally Hezbollah said a suicide attacker detonated a car bomb "
            "in the town of Rashidin on Saturday.")
    assert all(e.location is None or e.location.name != "Damascus" for e in _events(extractor, text))


# -- dates and figures ------------------------------------------------------------------------------

def test_a_weekday_in_the_sentence_beats_the_dateline(extractor):
    text = "Friday 10 May 2024 Rebels shelled the town of Mhardeh in Hama province on Thursday, killing two people."
    (e,) = _events(extractor, text, published="2024-05-10")
    assert e.date == "2024-05-09"


def test_no_event_is_dated_after_its_report(extractor):
    text = "Rebels shelled the town of Mhardeh in Hama province on 20 May 2024, killing two people."
    (e,) = _events(extractor, text, published="2024-05-10")
    assert e.date <= "2024-05-10"


def test_figures_mean_what_they_say(extractor):
    (e,) = _events(extractor, "Gunmen kidnapped 900 people in the town of Kagara in Niger state on Friday.")
    assert e.fatalities is None
    (e,) = _events(extractor, "Half a dozen people were killed in an air strike on the town of Ariha in Idlib "
                               "province on Friday.")
    assert e.fatalities.best == 6


@pytest.mark.parametrize(
    "text",
    [
        "Over 250000 people have been killed and many more have fled their villages.",
        "More than 150000 people have been killed in the three-year-old rebellion.",
    ],
)
def test_running_totals_without_time_or_place_are_no_events(extractor, text):
    assert _events(extractor, text) == []


def test_a_typed_part_of_a_generic_toll_is_that_attack_s_toll(extractor):
    text = ("At least eight people were killed on Wednesday in the town of Rastan in Homs province. Five of "
            "them died in air strikes on the town's market. Another three were killed in shelling earlier on "
            "Wednesday.")
    tolls = {e.sub_event_type: e.fatalities.best for e in _events(extractor, text)}
    assert tolls == {"Air/drone strike": 5, "Shelling/artillery/missile attack": 3}


# -- which tellings are one incident ---------------------------------------------------------------

def test_a_toll_over_several_towns_is_no_town_s_figure(extractor):
    text = ("At least 12 civilians were killed on Thursday in air strikes on several rebel-held towns east of "
            "Homs, a monitor said. He said people had died in Talbiseh and Rastan.")
    evs = _events(extractor, text)
    assert {e.location.name for e in evs} >= {"Talbiseh"}
    assert all(e.fatalities is None for e in evs)


def test_a_headline_repeating_a_nationwide_toll_sums_it_too(extractor):
    title = "Attacks kill nine across Syria"
    text = (f"{title} Nine people were killed on Thursday in several attacks across the country, a monitor "
            "said. A roadside bomb exploded in the town of Ariha on Thursday, wounding three people.")
    evs = _events(extractor, text, title=title)
    (ariha,) = [e for e in evs if e.location and e.location.name == "Ariha"]
    assert ariha.fatalities is None and ariha.injuries.best == 3


def test_crew_killed_in_a_shoot_down_are_not_an_air_strike_s_toll(extractor):
    text = ("Barrel bombs fell on Ariha late on Thursday, wounding many people. A Russian helicopter was shot "
            "down near Ariha on Thursday, killing all four people on board.")
    tolls = {e.sub_event_type: e.fatalities.best if e.fatalities else None for e in _events(extractor, text)}
    assert tolls == {"Air/drone strike": None, "Armed clash": 4}


def test_a_participle_of_the_outcome_dates_the_event(extractor):
    # the parser hangs "early on Monday" on "wounding", the strike's outcome
    (e,) = _events(extractor, "Monitors said rockets struck Ariha early on Monday wounding a large number of "
                              "residents.", published="2024-05-10")
    assert e.date == "2024-05-06"
