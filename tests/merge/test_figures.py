from merge.reports import acknowledged_strike, airstrike_three_outlets, same_monitor_two_outlets, views
from sitrep.merge import figures, grade


def test_three_outlets_figures_and_contested_grade():
    claims = views(airstrike_three_outlets())
    f = figures(claims, "killed")
    # monitor 40, state media 12, rescuers 25: lowest low, median best, highest high
    assert f.to_dict() == {"low": 12, "best": 25, "high": 40}
    assert {v["source"] for v in f.by_source.values()} == {"Syrian Observatory for Human Rights", "SANA", "White Helmets"}
    assert figures(claims, "injured").to_dict() == {"low": 30, "best": 30, "high": 30}
    g = grade(claims)
    assert g.grade == "contested" and "conflicting killed figures" in g.reasons[0]
    assert len(g.sources) == 3


def test_two_outlets_quoting_one_monitor_are_one_source():
    claims = views(same_monitor_two_outlets())
    g = grade(claims)
    assert g.grade == "weak"
    assert g.sources == ["Syrian Observatory for Human Rights"]
    assert figures(claims).to_dict() == {"low": 7, "best": 7, "high": 7}


def test_two_independent_agreeing_sources_are_fair():
    a, b, c = views(airstrike_three_outlets())
    from dataclasses import replace

    from sitrep.types import Count

    g = grade([a, replace(c, killed=Count(38, 38, 42))])
    assert g.grade == "fair"


def test_acknowledged_by_acting_party_is_confirmed():
    g = grade(views(acknowledged_strike()))
    assert g.grade == "confirmed" and "Russian Defence Ministry" in g.reasons[0]


def test_different_blamed_actors_are_contested():
    from dataclasses import replace

    a, b, _ = views(airstrike_three_outlets())
    g = grade([a, replace(b, actor1="Military Forces of Russia (2000-)")])
    assert g.grade == "contested" and "different actors" in g.reasons[0]


def test_range_rules():
    from dataclasses import replace

    from sitrep.types import Count

    a, b, c = views(airstrike_three_outlets())
    f = figures([replace(a, killed=Count(3, 3, 5)), replace(b, killed=None), replace(c, killed=Count(None, None, 8))])
    assert f.to_dict() == {"low": 3, "best": 3, "high": 8}  # no figure is not zero; "up to 8" is 8/8/8
    assert figures([replace(a, killed=None)]).to_dict() == {"low": None, "best": None, "high": None}
