"""End-to-end extraction on short reports written for these tests."""

import pytest

from sitrep.types import Document

pytestmark = pytest.mark.slow


def _events(extractor, text, published="2024-05-10", **kw):
    return extractor.extract(Document(id="t", text=text, published=published, **kw)).events


def test_airstrike_with_toll_place_date_and_source(extractor):
    text = (
        "At least 12 civilians were killed on Wednesday when warplanes struck the town of Saraqib in Idlib "
        "province, the Syrian Observatory for Human Rights said."
    )
    (e,) = _events(extractor, text, published="2024-05-10")  # a Friday
    assert (e.event_type, e.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert e.date == "2024-05-08" and e.date_precision == "day"
    assert (e.fatalities.low, e.fatalities.best, e.fatalities.high) == (12, 12, None)
    assert e.location.name.lower().startswith("saraqib") and e.location.country_code == "SY"
    assert e.sources == ["Syrian Observatory for Human Rights"]
    assert e.actor2.startswith("Civilians")
    # evidence points into the text
    assert all(text[s.start : s.end] == s.text for s in e.evidence)
    assert text[e.field_evidence["fatalities"].start : e.field_evidence["fatalities"].end].startswith("At least 12")


def test_two_incidents_in_one_report_stay_apart(extractor):
    text = (
        "Rockets hit a residential district of Aleppo on Monday, killing three people. "
        "Later that day a car bomb exploded at a checkpoint in Azaz, killing seven."
    )
    evs = _events(extractor, text)
    subs = sorted(e.sub_event_type for e in evs)
    assert subs == ["Remote explosive/landmine/IED", "Shelling/artillery/missile attack"]
    tolls = {e.sub_event_type: e.fatalities.best for e in evs}
    assert tolls["Remote explosive/landmine/IED"] == 7


def test_toll_in_a_later_sentence_joins_the_event(extractor):
    text = "Government jets bombed the village of Kafr Nabl on Tuesday. Nine people were killed, rescuers said."
    evs = _events(extractor, text)
    assert len(evs) == 1
    assert evs[0].sub_event_type == "Air/drone strike" and evs[0].fatalities.best == 9


@pytest.mark.parametrize(
    "text",
    [
        "The ministry denied that its aircraft had bombed the village of Kafr Nabl.",
        "Rebels threatened to attack the town of Jisr al-Shughur if talks failed.",
        "The army said it would launch an offensive on the town of Binnish next week.",
        "No airstrikes were reported in Idlib on Thursday.",
        "Three years ago, clashes in Homs killed dozens of fighters.",
        "Read more: Gunmen kill five in Kabul market attack",
    ],
)
def test_denied_hypothetical_background_and_links_give_nothing(extractor, text):
    assert _events(extractor, text) == []


def test_protest_and_intervention(extractor):
    (e,) = _events(extractor, "Police fired tear gas to disperse hundreds of teachers protesting in Nairobi on Monday.")
    assert e.event_type == "Protests" and e.sub_event_type == "Protest with intervention"
    assert e.actor1.startswith("Protesters")
    (p,) = _events(extractor, "Hundreds of nurses held a peaceful rally in Lahore on Monday to demand higher pay.")
    assert p.sub_event_type == "Peaceful protest"


def test_no_publication_date_gives_null_relative_dates(extractor):
    (e,) = _events(extractor, "Gunmen shot dead two farmers near Maiduguri on Friday.", published=None)
    assert e.date is None
    (e2,) = _events(extractor, "On 3 March 2023, gunmen shot dead two farmers near Maiduguri.", published=None)
    assert e2.date == "2023-03-03"


def test_output_matches_the_schema(extractor, schema_validator):
    text = "Shelling killed between 3 and 5 people in Donetsk on Sunday, local officials told Reuters."
    res = extractor.extract(Document(id="x", text=text, published="2024-05-13"))
    errors = list(schema_validator.iter_errors(res.to_dict()))
    assert errors == []
    (e,) = res.events
    assert (e.fatalities.low, e.fatalities.best, e.fatalities.high) == (3, 3, 5)
    assert "Reuters" in e.sources


@pytest.mark.parametrize(
    "text,town",
    [
        ("On 4 May 2024, workers held a protest in the Palanpur area of Surat city (Surat, Gujarat).", "surat"),
        ("On 4 May 2024, police killed a suspect in Barangay San Roque, Cabanatuan, Nueva Ecija.", "cabanatuan"),
        ("On 4 May 2024, Turkish forces shelled villages in the countryside of Tell Abiad in Ar-Raqqa.", "tall aby"),
    ],
)
def test_event_is_placed_at_the_town_not_its_parts(extractor, text, town):
    (e,) = _events(extractor, text)
    assert e.location is not None and (e.location.gazetteer_name or e.location.name).lower().startswith(town)


@pytest.mark.parametrize(
    "text,actor1,actor2",
    [
        ("Syrian regime forces shelled the town of Ariha on Monday, killing four civilians.",
         "Military Forces of Syria", "Civilians (Syria)"),
        ("Unidentified gunmen shot dead two farmers near Maiduguri on Monday.",
         "Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)"),
        ("Taliban fighters attacked an army checkpoint in Kunduz on Monday, killing three soldiers.",
         "Taliban", "Military Forces of Afghanistan"),
        ("Clashes between Houthi forces and government troops erupted in Marib on Monday.",
         "Military Forces of Yemen Supreme Political Council", "Military Forces of Yemen"),
    ],
)
def test_actors_are_normalized_with_their_roles(extractor, text, actor1, actor2):
    (e,) = _events(extractor, text, published="2024-05-13")
    assert (e.actor1, e.actor2) == (actor1, actor2)


def test_one_protest_told_in_several_sentences_is_one_event(extractor):
    text = (
        "On 12 May 2024, about 200 journalists protested in Peshawar against the arrest of an editor. "
        "He was arrested in connection with a tax case. "
        "Later the protesters threw stones at the police, who dispersed them with tear gas."
    )
    (e,) = _events(extractor, text)
    assert e.event_type == "Riots" and e.sub_event_type == "Violent demonstration"
    assert e.actor1.startswith("Rioters")


@pytest.mark.parametrize(
    "text,sub",
    [
        ("On 6 May 2024, government forces claimed to have shot down two drones over Marib.", "Disrupted weapons use"),
        ("On 6 May 2024, residents burned tyres on the main road of Port Sudan to denounce water cuts.", "Violent demonstration"),
        ("On 6 May 2024, unidentified arsonists set fire to a truck in Thessaloniki.", "Looting/property destruction"),
    ],
)
def test_reported_and_material_acts(extractor, text, sub):
    assert sub in [e.sub_event_type for e in _events(extractor, text)]


@pytest.mark.parametrize("text, name, cc", [
    ("On 3 March 2024, rebels fired mortars at army positions near Qorvanka, Donetsk.", "Qorvanka", "UA"),
    ("On 3 March 2024, gunmen killed two farmers in Zorvadaka village (Oshimili North LGA, Delta).", "Zorvadaka", "NG"),
])
def test_a_town_missing_from_the_gazetteer_keeps_its_name_not_the_regions_point(extractor, text, name, cc):
    """The event is at the town the report names; the region's point is kept apart, in `within`,
    never presented as the town's coordinates."""
    (e,) = _events(extractor, text, published="2024-03-03")
    loc = e.location
    assert loc.name == name and loc.lat is None and loc.lon is None and loc.country_code == cc
    assert loc.within and loc.within["lat"] is not None and loc.within["name"] != name
    assert e.field_evidence["location"].text == name


def test_currency_and_origin_are_not_the_place_of_the_event(extractor):
    (e,) = _events(extractor, "On 3 March 2024, traders protested against the falling US dollar rate in Tyre.",
                   published="2024-03-03")
    assert e.location.country_code == "LB"
    (e,) = _events(extractor, "On 3 March 2024, fighters from Deir ez-Zor clashed with police in the town of Jarablus.",
                   published="2024-03-03")
    assert e.location.name.startswith("Jar")


def test_an_unknown_village_is_named_without_its_kind_word(extractor):
    (e,) = _events(extractor, "On 3 March 2024, rebels looted shops in Zorvadaka village (Oshimili North LGA, Delta).",
                   published="2024-03-03")
    assert e.location.name == "Zorvadaka"


@pytest.mark.parametrize("text", [
    # the month is no modal "may"; a clause before a later "called for" is no framed act
    "On 7 May 2024, nurses protested in Haifa city against unpaid overtime, and they also called for more staff.",
    # the purpose after "gathered" may come after a long place phrase
    "On 7 May 2024, forty retirees gathered at the Ministry of Labour in Din Daeng district of Bangkok, "
    "Thailand, to demand their pensions.",
])
def test_protests_the_parse_once_missed(extractor, text):
    (e,) = _events(extractor, text, published="2024-05-07")
    assert e.sub_event_type == "Peaceful protest" and e.date == "2024-05-07"


@pytest.mark.parametrize("text, name", [
    # an unknown district named with its province: the district, not the province's capital
    ("On 3 March 2024, Taliban fighters attacked checkpoints in Qorvandi district, Kandahar.", "Qorvandi"),
    # a village before its township and district: the village
    ("On 3 March 2024, in Zewa Taung village, Qorbyin Township, Sittwe District, Rakhine State, soldiers "
     "detained ten villagers.", "Zewa Taung"),
    # "City-District district (District, Region)": the city's district, not the bracketed names
    ("On 3 March 2024, a grenade was thrown at a police post in Mogadishu-Qarsoole district (Qarsoole, Banadir).",
     "Mogadishu"),
])
def test_the_most_precise_place_of_a_hierarchy(extractor, text, name):
    (e,) = _events(extractor, text, published="2024-03-03")
    assert e.location.name.startswith(name)


def test_one_event_per_town_of_a_list_and_the_toll_counted_once(extractor):
    text = ("On 3 March 2024, gunmen attacked the villages of Zorvadaka, Kwelinda and Tamburo (Oshimili North LGA, "
            "Delta), killing 9 residents.")
    events = _events(extractor, text, published="2024-03-03")
    assert sorted(e.location.name for e in events) == ["Kwelinda", "Tamburo", "Zorvadaka"]
    assert sum((e.fatalities.best or 0) for e in events if e.fatalities) == 9


@pytest.mark.parametrize("text", [
    "On 3 March 2024, an IED struck an army truck on the road between Saraqib and Ariha.",
    "On 3 March 2024, shells hit Aleppo, Idlib and Hama provinces.",
])
def test_a_stretch_between_towns_or_a_list_of_regions_is_one_event(extractor, text):
    assert len(_events(extractor, text, published="2024-03-03")) == 1


def test_a_province_level_event_is_coded_at_the_seat_of_the_same_name(extractor, geocoder):
    (e,) = _events(extractor, "On 3 March 2024, Houthi reinforcements arrived at several fronts in Hajjah governorate.",
                   published="2024-03-03")
    assert e.location.geo_precision == 3 and e.location.name.startswith("Hajjah")
    town = next(p for p in geocoder.lookup("Hajjah", country_code="YE") if p.feature.startswith("P."))
    assert (round(e.location.lat, 2), round(e.location.lon, 2)) == (round(town.lat, 2), round(town.lon, 2))


def test_a_town_named_with_its_district_in_brackets_and_province(extractor):
    (e,) = _events(extractor, "On 3 March 2024, a sniper shot two soldiers in Spin Boldak (Takhtah Pul) district, "
                   "Kandahar.", published="2024-03-03")
    assert e.location.name.startswith("Sp") and e.location.geo_precision in (1, 2)


@pytest.mark.parametrize("text, name", [
    ("On 3 March 2024, soldiers shot a resident in Zembako town, Qorlofata subdivision (Mayo-Sava, Extreme-Nord).",
     "Zembako"),
    ("On 3 March 2024, troops repelled an attack in the Ndaba neighbourhood of Qorlofata town (Mayo-Sava, "
     "Extreme-Nord).", "Qorlofata"),
    # a neighbourhood named like a big town abroad (Zarqa, Jordan) is still a part of the town after it
    ("On 3 March 2024, rebels shelled the Zarqa neighbourhood of Kousseri (Logone-et-Chari, Extreme-Nord).",
     "Kousseri"),  # as the report spells it (the gazetteer: "Kousséri")
    ("On 3 March 2024, residents protested in the Bilal community of Kousseri (Logone-et-Chari, Extreme-Nord).",
     "Kousseri"),
])
def test_a_town_before_its_subdivision_and_a_neighbourhood_of_a_town(extractor, text, name):
    (e,) = _events(extractor, text, published="2024-03-03")
    assert e.location.name == name and e.location.country_code == "CM"


def test_a_landmark_of_a_town_leaves_the_event_at_the_town(extractor):
    (e,) = _events(extractor, "On 3 March 2024, protesters blocked the Sa'a roundabout in el Zawarib against prices.",
                   published="2024-03-03")
    assert e.location.name == "el Zawarib"


def test_a_province_is_more_precise_than_its_country(extractor):
    (e,) = _events(extractor, "On 3 March 2024, activists from the movement against corruption in Lebanon gathered "
                   "at the public square in Nabatiyeh to demand reforms.", published="2024-03-03")
    assert e.location.country_code == "LB" and not e.location.name.startswith("Leban")


def test_a_missing_model_is_a_setup_error_not_system_exit():
    """Library code raises; only the CLI turns errors into a message and an exit code."""
    from sitrep.errors import SetupError
    from sitrep.extract.nlp import load_pipelines

    with pytest.raises(SetupError, match="cannot load the spaCy model"):
        load_pipelines("no_such_model_xyz")


def test_places_named_as_the_report_spells_them_with_the_gazetteers_name_beside(extractor, schema_validator):
    for text, written in (("Shelling killed four people in al-Bukamal on Tuesday, residents said.", "al-Bukamal"),
                          ("An air strike on Hodeidah killed two fishermen on Wednesday, medics said.", "Hodeidah")):
        result = extractor.extract(Document(id="t", text=text, published="2024-05-10"))
        (e,) = result.events
        assert e.location.name == written and e.location.gazetteer_name not in (None, written)
        out = result.to_dict()
        assert list(schema_validator.iter_errors(out)) == []  # the contract allows the extra location field
        assert out["events"][0]["location"]["gazetteer_name"] == e.location.gazetteer_name
