"""benchmarks/fit_ranker.py: fitting the ranker's weights is reproducible, and the labels follow
ACLED's conventions; on a few notes written for the test."""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path

import pytest

from sitrep.config import Settings
from sitrep.geo.resolve import FITTED, Weights

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "fit_ranker.py"
IDLIB = (35.93, 36.63)
TRIPOLI_LY = (32.89, 13.19)

NOTES = [  # (text, gold place: lat, lon, name)
    ("On 3 May, government aircraft struck Idlib, killing two civilians.", (*IDLIB, "Idlib")),
    ("On 4 May, clashes were reported in Idlib province between rival factions.", (*IDLIB, "Idlib")),
    ("On 5 May, gunmen attacked a checkpoint in Tripoli, Libya.", (*TRIPOLI_LY, "Tripoli")),
    ("On 6 May, a drone hit a depot near Idlib; one fighter was killed.", (*IDLIB, "Idlib")),
]


@pytest.fixture(scope="module")
def fit_ranker():
    spec = importlib.util.spec_from_file_location("fit_ranker", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def notes(tmp_path_factory, fit_ranker, gazetteer):
    d = tmp_path_factory.mktemp("notes")
    with (d / "texts.jsonl").open("w") as t, (d / "gold.jsonl").open("w") as g:
        for n, (text, (lat, lon, name)) in enumerate(NOTES):
            t.write(json.dumps({"id": str(n), "text": text}) + "\n")
            g.write(json.dumps({"document": {"id": str(n)},
                                "events": [{"location": {"lat": lat, "lon": lon, "name": name}}]}) + "\n")
    items = fit_ranker.read_set(d)
    fit_ranker.parse(items, gazetteer, Settings.from_env())
    return items


def _args(regions: str) -> argparse.Namespace:
    return argparse.Namespace(rounds=2, hard=3, C=1.0, acled_regions=regions, geo_weight=3.0, prior="hand")


def test_fitting_twice_gives_the_same_weights_and_a_file_the_resolver_loads(fit_ranker, notes, gazetteer, tmp_path):
    keep = list(range(len(FITTED)))
    first, ex, _ = fit_ranker.fit_rounds(notes, [], gazetteer, _args("word"), keep)
    again, _, _ = fit_ranker.fit_rounds(notes, [], gazetteer, _args("word"), keep)
    assert first == again and set(first) == set(FITTED)
    assert len(ex) >= 3  # Idlib (three times) and Tripoli are examples
    path = tmp_path / "ranker.json"
    fit_ranker.write_ranker(path, first, _args("word"), train=["notes"])
    loaded = Weights.load(path)
    assert loaded == Weights.fitted(first) and loaded.seat_region == first["seat_region"]
    assert json.loads(path.read_text())["meta"]["acled_regions"] == "word"


def test_the_prior_draws_the_weights_towards_the_hand_set_ones(fit_ranker, notes, gazetteer):
    keep = list(range(len(FITTED)))
    ex = fit_ranker.examples(notes, gazetteer, Weights.hand(), hard=3, regions="word")
    hand = Weights.hand()
    # no note has a country or a curated area among a name's readings: the plain fit leaves their
    # weights at 0; with the prior they keep their hand-set proportions (one factor times them)
    plain = fit_ranker.fit(ex, keep, 0.01)
    drawn = fit_ranker.fit(ex, keep, 0.01, prior=hand)
    assert plain["country"] == 0.0 and drawn["country"] > 0.05
    assert drawn["curated"] == pytest.approx(drawn["country"] * hand.curated / hand.country, abs=0.002)


def test_a_bare_seat_name_is_labelled_the_town_and_a_named_province_the_region(fit_ranker, notes, gazetteer):
    ex = fit_ranker.examples(notes, gazetteer, Weights.hand(), regions="word")
    kind = FITTED.index("admin1")
    seatish = [FITTED.index(k) for k in ("seat", "seat_region", "seat_region_word")]
    idlib = [pos for pos, _ in ex if len(pos) == 1 and pos[0][seatish].any()]
    # "struck Idlib", "near Idlib": the town; "Idlib province": the province
    assert sorted(float(pos[0][kind]) for pos in idlib) == [0.0, 0.0, 1.0]
    # labelled "seat", both readings of each Idlib are right, and no Idlib is an example
    both = fit_ranker.examples(notes, gazetteer, Weights.hand(), regions="seat")
    assert len(both) == len(ex) - 3
