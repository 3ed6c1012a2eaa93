"""The resolver's score is a weighted sum of named features; the weights can be fitted and loaded."""

from __future__ import annotations

import json

from sitrep.geo.recognize import Toponym
from sitrep.geo.resolve import FITTED, HAND, Resolver, Weights


def _readings(resolver: Resolver, text: str, name: str) -> list:
    start = text.index(name)
    _, reading = resolver.resolve_reading(text, [Toponym(start, start + len(name), name)])
    return reading.features[0]


def test_hand_weights_score_the_features_they_replaced():
    # a country under its own name: 3.0 for the kind, 0.5 for the name
    assert HAND.score({"country": 1.0, "own_name": 1.0}) == 3.5
    assert HAND.score({"town": 1.0, "population": 1.0, "variant": 1.0}) == 1.0 - 1.2


def test_features_say_what_the_text_says_of_a_reading(gazetteer):
    text = "Clashes were reported in Aleppo, Syria."
    feats = _readings(Resolver(gazetteer), text, "Aleppo")
    city = next(f for e, f in feats if e.feature.startswith("P.") and e.cc == "SY")
    assert city["own_name"] == 1.0 and city["population_gap"] == 0.0
    assert all(set(f) <= set(FITTED) | {"variant", "reduced_name"} for _, f in feats)


def test_loaded_weights_change_the_ranking(tmp_path, gazetteer):
    text = "Officials met in Mexico."
    # the hand weights read a bare "Mexico" as the country ...
    assert Resolver(gazetteer).resolve(text, [Toponym(17, 23, "Mexico")])[0].feature == "A.PCLI"
    # ... weights that value nothing but population read it as the capital
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps({"weights": {**dict.fromkeys(FITTED, 0.0), "population": 5.0}}))
    place = Resolver(gazetteer, Weights.load(path)).resolve(text, [Toponym(17, 23, "Mexico")])[0]
    assert place.feature.startswith("P.") and place.country_code == "MX"


def test_location_names_the_place_as_the_report_spells_it():
    from sitrep.types import Location, Place

    town = Place(10, 15, "Douma", name="Dūmā", lat=33.57, lon=36.40, feature="P.PPL", country="Syria")
    loc = Location.from_place(town)
    assert (loc.name, loc.gazetteer_name) == ("Douma", "Dūmā")
    region = Place(0, 16, "Idlib province", name="Idlib", feature="A.ADM1", lat=35.8, lon=36.6)
    assert Location.from_place(region).name == "Idlib"
    # a country keeps the gazetteer's name ("US" is the United States), a phrase too
    country = Place(0, 2, "US", name="United States", feature="A.PCLI", lat=39.8, lon=-98.6)
    assert Location.from_place(country).name == "United States"
    capital = Place(0, 18, "the Syrian capital", name="Damascus", feature="P.PPLC", lat=33.5, lon=36.3)
    assert Location.from_place(capital).name == "Damascus"


def test_a_name_after_a_lower_case_article_is_still_the_reports_spelling():
    from sitrep.types import Location, Place

    town = Place(0, 10, "al-Bukamal", name="Ālbū Kamāl", lat=34.45, lon=40.92, feature="P.PPL", country="Syria")
    assert (Location.from_place(town).name, Location.from_place(town).gazetteer_name) == ("al-Bukamal", "Ālbū Kamāl")
    village = Place(0, 9, "ad-Dana village", name="Ad Dānā", lat=36.2, lon=36.77, feature="P.PPL", country="Syria")
    assert Location.from_place(village).name == "ad-Dana"
    # an article before a word in lower case is no name: the gazetteer's stands
    phrase = Place(0, 10, "al-balad", name="Al Balad", lat=21.48, lon=39.18, feature="P.PPLX", country="Saudi Arabia")
    assert Location.from_place(phrase).name == "Al Balad"


def test_a_region_named_like_its_seat_town_is_told_apart_from_other_regions(gazetteer):
    # "Idlib": the province and its seat town are both readings; the province reading says so
    feats = _readings(Resolver(gazetteer), "Jets struck Idlib on Monday.", "Idlib")
    region = next(f for e, f in feats if e.feature == "A.ADM1" and e.cc == "SY")
    town = next(f for e, f in feats if e.feature.startswith("P.") and e.cc == "SY")
    assert region.get("seat_region") == 1.0 and "seat_region_word" not in region
    assert "seat_region" not in town and town.get("seat") == 1.0
    # a US state that no same-named town of its own shares a name with: neither feature
    feats = _readings(Resolver(gazetteer), "Storms swept across Georgia overnight.", "Georgia")
    state = next(f for e, f in feats if e.feature == "A.ADM1" and e.cc == "US")
    assert not {"seat_region", "seat_region_word"} & set(state)


def test_the_admin_word_after_a_seat_region_is_its_own_feature(gazetteer):
    text = "Jets struck Idlib province on Monday."
    start = text.index("Idlib")
    _, reading = Resolver(gazetteer).resolve_reading(text, [Toponym(start, start + 5, "Idlib", following="province")])
    region = next(f for e, f in reading.features[0] if e.feature == "A.ADM1" and e.cc == "SY")
    assert region.get("seat_region_word") == 1.0 and "seat_region" not in region



def test_the_region_of_town_region_is_called_a_region_too(gazetteer):
    text = "Shelling hit Sarmin, Idlib, at dawn."
    spans = [Toponym(text.index(n), text.index(n) + len(n), n) for n in ("Sarmin", "Idlib")]
    _, reading = Resolver(gazetteer).resolve_reading(text, spans)
    region = next(f for e, f in reading.features[1] if e.feature == "A.ADM1" and e.cc == "SY")
    assert region.get("seat_region_word") == 1.0 and "seat_region" not in region
