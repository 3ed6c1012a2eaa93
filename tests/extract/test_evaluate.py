"""`sitrep eval`: matching by place and date, then field accuracy."""

from sitrep.extract.evaluate import score


def _ev(sub, et, lat, lon, date, killed=None, **kw):
    return {"event_type": et, "sub_event_type": sub, "date": date, "location": {"name": "x", "lat": lat, "lon": lon},
            "fatalities": {"low": killed, "best": killed, "high": None} if killed is not None else None, **kw}


def test_matching_and_fields():
    gold = [
        {"document": {"id": "d1"}, "events": [
            _ev("Air/drone strike", "Explosions/Remote violence", 35.0, 36.0, "2024-01-02", 5),
            _ev("Armed clash", "Battles", 36.0, 37.0, "2024-01-02"),
            _ev("Other", "Strategic developments", 35.0, 36.0, None, required=False),
        ]},
    ]
    pred = [
        {"document": {"id": "d1"}, "events": [
            _ev("Shelling/artillery/missile attack", "Explosions/Remote violence", 35.1, 36.0, "2024-01-03", 5),  # 11 km, 1 day
            _ev("Armed clash", "Battles", 38.0, 37.0, "2024-01-02"),  # 220 km away: no match
            _ev("Agreement", "Strategic developments", 35.0, 36.0, "2024-01-01"),  # absorbed by the optional event
        ]},
    ]
    r = score(gold, pred)
    assert (r["gold_events"], r["matched"], r["predicted"]) == (2, 1, 2)
    assert r["recall"] == 0.5 and r["precision"] == 0.5
    assert r["event_type"] == 1.0 and r["sub_event_type"] == 0.0
    assert r["fatalities"] == 1.0 and r["date"] == 0.0  # matched within a day, but not the same day
    assert r["misses"] == [("d1", None)]


def test_must_not_spans():
    text = "Read more: Five killed in a raid. Shells hit the town."
    gold = [{"document": {"id": "d"}, "events": [], "must_not": [{"text": "Five killed in a raid"}]}]
    bad = [{"document": {"id": "d"}, "events": [{"evidence": [{"start": 11, "end": 33}]}]}]
    good = [{"document": {"id": "d"}, "events": [{"evidence": [{"start": 34, "end": 54}]}]}]
    assert score(gold, bad, {"d": text})["must_not_violated"] == "1/1"
    assert score(gold, good, {"d": text})["must_not_violated"] == "0/1"
