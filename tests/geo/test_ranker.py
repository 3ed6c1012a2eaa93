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
