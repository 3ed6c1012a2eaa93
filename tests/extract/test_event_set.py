"""Which events a news article holds: reactions, descriptions and re-tellings are no new events
(short texts written here)."""

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


# -- a participle describing a group is no battle --------------------------------------------------

def test_a_group_described_by_what_it_fights_is_no_battle(extractor):
    text = "Saudi Arabia, which backs rebels fighting against the government, welcomed the decision on Monday."
    assert _events(extractor, text) == []


def test_a_setting_told_with_with_is_no_battle(extractor):
    text = "The war in the province has turned bitter, with rebels battling government troops and their allies."
    assert _events(extractor, text) == []


def test_a_described_group_still_reports_its_own_battle(extractor):
    text = "The Kurdish-led force fighting the Islamic State group said it repelled an assault on the town of Tabqa."
    (e,) = _events(extractor, text)
    assert e.event_type == "Battles"
    assert e.location.name == "Tabqa"


# -- a toll told again without a place or a day of its own is the same incident ----------------------

def test_a_second_toll_without_place_or_day_is_the_same_incident(extractor):
    # the second toll used to open an event of its own, which then took the next sentence's town
    text = ("Air strikes killed 23 people in the town of Ariha in Idlib province on Monday. A second monitor "
            "said 30 people were killed. Dozens of wounded were taken to hospitals in the city of Maarat al-Numan.")
    (e,) = _events(extractor, text)
    assert (e.fatalities.low, e.fatalities.high) == (23, 30)
    assert e.location.name == "Ariha"


def test_a_second_toll_at_another_town_is_another_incident(extractor):
    text = ("Air strikes killed 23 people in the town of Ariha in Idlib province on Monday. "
            "Air strikes killed 30 people in the town of Saraqib on Monday.")
    assert len(_events(extractor, text)) == 2


# -- where the victims came from is not where the event happened -----------------------------------

@pytest.mark.parametrize(
    "origin",
    [
        "Most of the dead were residents of the villages of Nubl and Zahraa in Aleppo province.",
        "The dead included 30 women and children from the villages of Nubl and Zahraa in Aleppo province.",
    ],
)
def test_where_the_victims_came_from_is_no_second_event(extractor, origin):
    text = "A car bomb killed 40 people at a bus station in the city of Homs on Saturday. " + origin
    (e,) = _events(extractor, text)
    assert e.location.name == "Homs"


def test_a_victim_named_as_a_resident_of_a_village_was_killed_there(extractor):
    (e,) = _events(extractor, "Gunmen killed a resident of the village of Kili in Borno state on Friday.")
    assert e.location.name == "Kili"


# -- the present perfect with no day of its own sums up; it tells no incident ------------------------

@pytest.mark.parametrize(
    "summary",
    [
        "Government forces have regained control of most of the province since the spring.",
        "The rebels have faced two offensives there.",
    ],
)
def test_a_present_perfect_summary_is_no_event(extractor, summary):
    (e,) = _events(extractor, "Air strikes killed 12 people in the town of Ariha on Monday. " + summary)
    assert e.sub_event_type == "Air/drone strike"


@pytest.mark.parametrize(
    "text",
    [
        "At least 30 people have been killed in air strikes on the town of Ariha, the monitor said.",
        "Rebels have captured the town of Ariha in Idlib province on Monday.",
        "An armed group has fired rockets at homes in the town of Ariha, leaving at least three people dead "
        "and 20 wounded, local media said.",
    ],
)
def test_a_toll_or_a_dated_act_in_the_present_perfect_is_an_event(extractor, text):
    assert len(_events(extractor, text)) == 1


# -- what backs an act is no event of its own --------------------------------------------------------

def test_air_strikes_backing_an_advance_are_no_event_of_their_own(extractor):
    text = ("Government troops, backed by Russian air strikes, recaptured the village of Kafr Nabudah in Hama "
            "province on Monday.")
    (e,) = _events(extractor, text)
    assert e.sub_event_type == "Government regains territory"
    text = "Russian air strikes killed 12 people in the village of Kafr Nabudah in Hama province on Monday."
    assert [e.sub_event_type for e in _events(extractor, text)] == ["Air/drone strike"]


def test_an_undated_present_continue_is_a_habit(extractor):
    text = "Talks have produced a drop in violence, though deadly air strikes and battles continue in parts of Idlib province."
    assert _events(extractor, text) == []
    text = "Clashes continue in parts of Idlib province on Saturday, the monitor said."
    assert len(_events(extractor, text)) == 1


# -- the place told in a later sentence about "the strikes" ----------------------------------------

def test_the_strikes_told_again_give_the_event_its_village(extractor):
    text = ("Militants in the town of Mayadin have been under siege for months. At least 20 civilians were killed "
            "on Sunday when Russian air strikes hit homes in a village held by militants. The monitor said the "
            "strikes hit the village of Abu Hardub in Deir ez-Zor province.")
    (e,) = _events(extractor, text)
    assert e.location.name == "Abu Hardub"
    assert e.fatalities.best == 20


# -- a village the gazetteer lacks, named with the event, is its place by name ----------------------

def test_a_village_the_gazetteer_lacks_is_the_event_place(extractor):
    text = ("Air strikes killed nine people on Monday, the monitor said. Most of the dead were in the village of "
            "Kafr Sousseh al-Gharbi, where air strikes killed seven.")
    (e,) = _events(extractor, text)
    assert e.location.name == "Kafr Sousseh al-Gharbi" and e.location.lat is None


def test_a_village_the_gazetteer_lacks_is_apart_from_a_known_town(extractor):
    text = ("Air strikes killed nine people in Aleppo on Monday. Later, air strikes killed four people in the "
            "village of Kafr Sousseh al-Gharbi, the monitor said.")
    places = sorted(e.location.name for e in _events(extractor, text))
    assert places == ["Aleppo", "Kafr Sousseh al-Gharbi"]


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("On 3 March 2024, a mortar shell landed on Bulo Hawo village near Baidoa town (Baidoa, Bay), "
         "killing two children.", "Baidoa"),
        ("On 3 March 2024, gunmen shot dead a shopkeeper at Dhagaxtuur Yare village on the outskirts of Kismayo "
         "city (Lower Juba).", "Kismayo"),
    ],
)
def test_a_village_near_a_known_town_is_coded_at_the_town(extractor, text, town):
    # ACLED's convention (measured on acled-train): a village the gazetteer lacks, told with the town
    # it lies near or in, is coded at that town; with only a province named, it keeps its own name.
    (e,) = _events(extractor, text, published="2024-03-04")
    assert e.location.name == town and e.location.lat is not None


def test_a_village_with_only_its_province_named_keeps_its_own_name(extractor):
    text = "On 3 March 2024, rebels burned houses in the village of Kimbolo in Ituri province."
    (e,) = _events(extractor, text, published="2024-03-04")
    assert e.location.name == "Kimbolo"


@pytest.mark.parametrize(
    "text",
    [
        "Air strikes killed nine people in Deir ez-Zor on Sunday. In al-Shuhayl, a town on the banks of the "
        "Euphrates, militants beheaded two men on Sunday.",
        "Air strikes killed nine people in Aleppo on Monday. Later, air strikes killed four people in the town "
        "of al-Shuhayl, the monitor said.",
    ],
)
def test_a_village_named_with_its_article_or_as_a_town_in_apposition(extractor, text):
    assert "al-Shuhayl" in {e.location.name for e in _events(extractor, text)}


# -- an undated present tense tells a campaign or a trend, not an incident ---------------------------

@pytest.mark.parametrize(
    "trend",
    [
        "Government forces intensify air strikes on territory held by the rebels.",
        "Russian and Syrian warplanes are carrying out air strikes over Idlib in support of a major offensive.",
    ],
)
def test_a_campaign_in_the_present_tense_is_no_event(extractor, trend):
    (e,) = _events(extractor, "Air strikes killed 12 people in the town of Ariha on Monday. " + trend)
    assert e.location.name == "Ariha"
    assert len(e.evidence) == 1


def test_a_headline_in_the_present_tense_is_still_the_event(extractor):
    title = "Air raids kill 12 in Ariha"
    text = title + "\nAir strikes killed 12 people in the town of Ariha on Monday, a monitor said."
    (e,) = _events(extractor, text, title=title)
    assert e.fatalities.best == 12


@pytest.mark.parametrize(
    "denial",
    [
        "The government denied charges that its army used chemical weapons in the attack.",
        "The ministry described the reports that its army had used chemical weapons as completely untrue.",
    ],
)
def test_a_denial_tells_no_event(extractor, denial):
    text = "A chemical attack killed 40 people in the town of Douma on Saturday, rescuers said. " + denial
    (e,) = _events(extractor, text)
    assert len(e.evidence) == 1


@pytest.mark.parametrize(
    "intent",
    [
        "Rebels were threatening to strike two villages they have surrounded with missiles.",
        "The monitor said the army operation was aimed at the recapture of the town of Saraqib.",
    ],
)
def test_a_threat_or_an_aim_tells_no_event(extractor, intent):
    text = "Air strikes killed 12 people in the town of Ariha on Monday, the monitor said. " + intent
    (e,) = _events(extractor, text)
    assert e.sub_event_type == "Air/drone strike" and len(e.evidence) == 1


# -- a capital standing for its government, or a title given to another city -----------------------

def test_a_capital_that_loses_troops_is_a_government(extractor):
    text = ("Air strikes killed 25 civilians in Raqqa on Sunday. Damascus lost more than 40 troops in a "
            "counter-attack in the province on Sunday.")
    assert {e.location.name for e in _events(extractor, text)} == {"Raqqa"}


def test_a_de_facto_capital_is_not_the_capital(extractor):
    text = ("International forces are converging on the group's de facto Syrian capital. Overnight air strikes "
            "killed 25 civilians, a monitor said on Wednesday.")
    (e,) = _events(extractor, text)
    assert e.location is None or e.location.name != "Damascus"


def test_where_fighters_arrived_from_is_not_where_they_were_hit(extractor):
    text = ("Air strikes killed 30 militants near the town of Mayadin on Monday. A command post and three groups of "
            "militants who arrived in the area from the territory of Iraq as a reinforcement were destroyed.")
    assert {e.location.name for e in _events(extractor, text)} == {"Mayadin"}


def test_a_family_name_is_no_place(extractor):
    text = ("Air strikes killed 20 people in the town of Ariha on Monday. Those killed included 11 people with the "
            "same family name of Qabs.")
    assert {e.location.name for e in _events(extractor, text)} == {"Ariha"}


def test_a_village_in_the_trigger_s_clause_beats_a_town_of_another_clause(extractor):
    text = ("Several hideouts were destroyed in army airstrikes in al-Shuhayl village in the east of the province, "
            "while an army unit eliminated a group of militants in the city of Deir ez-Zor.")
    strikes = [e for e in _events(extractor, text) if e.sub_event_type == "Air/drone strike"]
    assert [e.location.name for e in strikes] == ["al-Shuhayl"]


# -- a day's span over a province or a country sums the day; at a town it dates one incident ---------

def test_a_day_s_total_over_a_province_is_no_event(extractor):
    text = ("Air strikes killed 12 people in the town of Ariha on Monday. The army said it had killed at least 100 "
            "militants in Idlib province during the past 24 hours.")
    (e,) = _events(extractor, text)
    assert e.fatalities.best == 12 and len(e.evidence) == 1


def test_a_day_s_span_at_a_town_is_an_event(extractor):
    text = "Air strikes killed 12 people in the town of Ariha in the past 24 hours, the monitor said."
    assert len(_events(extractor, text)) == 1


def test_a_relative_clause_on_the_trigger_dates_it(extractor):
    text = "The only road out of the town of Tabqa has been cut by fierce fighting that erupted on Thursday."
    (e,) = _events(extractor, text)
    assert e.sub_event_type == "Armed clash" and e.date == "2024-05-09"


# -- an event told to place another in time is background -------------------------------------------

@pytest.mark.parametrize(
    "background",
    [
        "The deal came after hundreds of people were killed in chemical weapons strikes east of Damascus.",
        "The assault comes less than two weeks after militants killed 270 guards at a gas field in Homs.",
    ],
)
def test_an_event_that_something_came_after_is_background(extractor, background):
    text = "Air strikes killed 12 people in the town of Ariha on Monday. " + background
    (e,) = _events(extractor, text)
    assert e.location.name == "Ariha" and len(e.evidence) == 1


# -- a protest told by the act done to make it ---------------------------------------------------------

def test_an_act_done_to_protest_is_the_protest(extractor):
    text = "On 4 May 2024, in Campinas, residents banged on buckets to protest against the water cuts."
    (e,) = _events(extractor, text)
    assert e.event_type == "Protests"
    assert e.location.name == "Campinas"


def test_a_call_to_protest_is_no_protest(extractor):
    text = "On 4 May 2024, in Campinas, the union called on residents to protest against the water cuts."
    assert _events(extractor, text) == []


# -- a crowd's violence told with no protest before it is the event ----------------------------------

def test_stones_thrown_at_police_with_no_protest_told_make_a_riot(extractor):
    text = "On 6 May 2024, villagers pelted stones at the police in Godhra town over the closure of the market."
    (e,) = _events(extractor, text)
    assert e.event_type == "Riots"
    assert e.location.name == "Godhra"


def test_a_crowd_dispersed_after_a_protest_upgrades_that_protest(extractor):
    text = ("On 6 May 2024, traders protested in Godhra town over the closure of the market. "
            "Police dispersed the crowd with tear gas.")
    (e,) = _events(extractor, text)
    assert e.sub_event_type == "Protest with intervention"


# -- a definite noun tells the event before it again ----------------------------------------------------

def test_the_attack_after_an_arson_is_that_arson(extractor):
    text = "On 7 May 2024, unknown men set fire to a shop in Tuzla. The attack caused heavy damage."
    (e,) = _events(extractor, text)
    assert e.sub_event_type == "Looting/property destruction"


def test_a_town_in_the_organiser_name_does_not_move_the_protest(extractor):
    text = ("On 2 May 2024, residents protested from their balconies in Nis against the government. "
            "The protest was organised by the Save Belgrade movement.")
    (e,) = _events(extractor, text)
    assert e.location.name == "Nis"


def test_the_attack_on_another_town_is_another_event(extractor):
    text = ("On 2 May 2024, air strikes hit the town of Douma in Syria. "
            "The attack on Aleppo killed five people.")
    assert {e.location.name for e in _events(extractor, text)} == {"Douma", "Aleppo"}


# -- a bare toll after a riot is the riot's ------------------------------------------------------------

def test_injuries_told_after_a_riot_are_the_riot_s(extractor):
    text = "On 8 May 2024, villagers rioted in Deoband over the curfew. Four people were injured."
    (e,) = _events(extractor, text)
    assert e.event_type == "Riots"
    assert e.injuries.best == 4


# -- a country is the event's place only when nothing within it is named ----------------------------------

def test_a_town_in_a_region_of_the_country_beats_the_country(extractor):
    text = ("On 4 May 2024, rebels fired mortars at the market of Hays city in western Yemen "
            "(Hays, Al Hudaydah), wounding two traders.")
    (e,) = _events(extractor, text)
    assert e.location.name == "Hays"


# -- a road named after the towns it joins is not where it was blocked ------------------------------------

@pytest.mark.parametrize(
    "text,place",
    [
        ("On 2 May 2024, traders blocked the Tripoli-Beirut highway at Batroun to protest against fuel prices.",
         "Batroun"),
        ("On 2 May 2024, traders blocked the Tripoli-Beirut highway to protest against fuel prices.", "Tripoli"),
    ],
)
def test_a_road_s_name_gives_way_to_the_place_it_was_blocked(extractor, text, place):
    (e,) = _events(extractor, text)
    assert e.location.name == place


# -- a grievance's period is not the protest's ----------------------------------------------------------

def test_a_protest_over_a_long_grievance_is_still_an_event(extractor):
    text = ("On 5 May 2024, in Morelia, farmers demonstrated to denounce the fact that they have not "
            "been paid for their maize since 2021.")
    (e,) = _events(extractor, text)
    assert e.event_type == "Protests"


def test_a_toll_over_a_period_is_still_no_event(extractor):
    text = "The number killed in the fighting over the past two years has reached 300000, the monitor said."
    assert _events(extractor, text) == []


# -- a vaguely dated, earlier episode is the setting of the day's incident ------------------------------

def test_riots_of_the_previous_week_are_background_to_the_day_s_protest(extractor):
    text = ("On 12 June 2024, in Rosario (Santa Fe), residents banged pots in protest against the release of "
            "inmates. It was the first day of protests, after violent riots in several jails in the previous week.")
    (e,) = _events(extractor, text, published="2024-06-12")
    assert e.event_type == "Protests"
    assert e.date == "2024-06-12"


def test_a_vague_episode_alone_is_still_an_event(extractor):
    text = "Dockers protested in Rosario last week against unpaid wages."
    (e,) = _events(extractor, text, published="2024-06-12")
    assert e.event_type == "Protests"
    assert e.date_precision == "week"


# -- what monitors saw or counted is the fire told before, not a second event ------------------------------

def test_an_observer_s_tally_is_the_fire_told_before(extractor):
    text = ("On 3 March 2024, the army fired mortars at rebel positions near Marinka. "
            "Monitors observed a total of 25 bursts of fire involving small arms near Marinka.")
    (e,) = _events(extractor, text, published="2024-03-03")
    assert e.location.name == "Marinka"
    assert len(e.evidence) == 2


def test_an_observer_s_tally_at_another_town_is_another_event(extractor):
    text = ("On 3 March 2024, the army fired mortars at rebel positions near Marinka. "
            "Monitors observed a total of 25 explosions near Avdiivka.")
    assert {e.location.name for e in _events(extractor, text, published="2024-03-03")} == {"Marinka", "Avdiivka"}


def test_an_observer_s_tally_told_alone_is_the_event(extractor):
    text = "On 3 March 2024, monitors observed a total of 25 explosions near Avdiivka."
    (e,) = _events(extractor, text, published="2024-03-03")
    assert e.location.name == "Avdiivka"


# -- districts listed with the event are one event each; a border between two is one place ----------------

def test_fronts_in_two_districts_are_two_events(extractor):
    text = ("On 4 May 2024, rebels and government forces exchanged artillery fire on the Nihm (Sanaa) "
            "and Sirwah (Marib) fronts.")
    assert {e.location.name for e in _events(extractor, text, published="2024-05-04")} == {"Nihm", "Sirwah"}


def test_fire_at_the_border_of_two_districts_is_one_event(extractor):
    text = "On 4 May 2024, police and Maoists exchanged fire at the Sukma and Dantewada border (Chhattisgarh)."
    assert len(_events(extractor, text, published="2024-05-04")) == 1


# -- a clash right after a protest, with no armed group named, is the crowd turning violent ---------------

def test_protesters_clashing_with_police_make_the_protest_violent(extractor):
    text = ("On 6 May 2024, hundreds of garment workers staged a demonstration in Narayanganj demanding unpaid "
            "wages. They clashed with police, who fired tear gas.")
    (e,) = _events(extractor, text, published="2024-05-06")
    assert e.sub_event_type == "Violent demonstration"
    assert len(e.evidence) == 2


def test_rebels_clashing_after_a_protest_are_a_battle(extractor):
    text = ("On 6 May 2024, hundreds of residents staged a demonstration in Narayanganj demanding water. "
            "Rebels clashed with police near the market.")
    assert {e.event_type for e in _events(extractor, text, published="2024-05-06")} == {"Protests", "Battles"}
