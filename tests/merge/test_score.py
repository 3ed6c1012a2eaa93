from dataclasses import replace

from merge.reports import ARIHA, KABUL, airstrike_three_outlets, claim, report, two_attacks_one_town, views
from sitrep.merge import MergeClaim, canonical_url, name_key, same_event, same_party


def test_three_outlets_on_one_airstrike_are_the_same_event():
    a, b, c = views(airstrike_three_outlets())
    for x, y in ((a, b), (a, c), (b, c)):
        d = same_event(x, y)
        assert d.same and d.veto is None, d.reasons
        assert any("same sub-event type" in r for r in d.reasons)


def test_two_attacks_in_one_town_on_one_day_are_different_events():
    strike, bomb = views(two_attacks_one_town())
    d = same_event(strike, bomb)
    assert not d.same
    assert any("different sub-types" in r for r in d.reasons)


def test_decision_is_symmetric():
    a, b, _ = views(airstrike_three_outlets())
    assert same_event(a, b).to_dict() == same_event(b, a).to_dict()


def test_dates_beyond_their_precision_veto():
    a, b, _ = views(airstrike_three_outlets())
    d = same_event(a, replace(b, date=a.date.replace(day=a.date.day + 3)))
    assert not d.same and "days apart" in d.veto
    # at month precision three days apart is within tolerance
    d = same_event(a, replace(b, date=a.date.replace(day=a.date.day + 3), date_precision="month"))
    assert d.veto is None


def test_distance_limit_depends_on_geo_precision():
    a, b, _ = views(airstrike_three_outlets())
    ariha = replace(b, lat=ARIHA.lat, lon=ARIHA.lon, geonameid=ARIHA.geonameid, place_name="Ariha")  # ~19 km away
    assert "different towns" in same_event(a, ariha).veto  # two towns named: two places
    near = replace(ariha, geo_precision=2, geonameid=None, place_name="near Ariha")
    assert same_event(a, near).veto is None  # "near Ariha": within 25 km
    far = replace(near, lat=a.lat + 0.4)  # ~45 km
    assert "km apart" in same_event(a, far).veto
    region = replace(far, geo_precision=3)  # a region-level place may be that far off
    assert same_event(a, region).veto is None


def test_other_country_and_same_report_veto():
    a, b, _ = views(airstrike_three_outlets())
    kabul = replace(b, lat=KABUL.lat, lon=KABUL.lon, country_code="AF", geonameid=KABUL.geonameid)
    assert "different countries" in same_event(a, kabul).veto
    assert "one report" in same_event(a, replace(b, document_key=a.document_key)).veto


def test_protest_never_merges_with_airstrike():
    a, _, _ = views(airstrike_three_outlets())
    doc = report("p", "Hundreds protested in Saraqib on Wednesday.", "X")
    p = MergeClaim.from_claim(claim(doc.text, sub="Peaceful protest", event_type="Protests"), doc, 0)
    assert "incompatible types" in same_event(a, p).veto


def test_name_keys_and_parties():
    assert name_key("Syrian Observatory for Human Rights") == name_key("SOHR") == name_key("the S.O.H.R.")
    assert name_key("White Helmets") != name_key("SOHR")
    assert same_party("Russian Defence Ministry", "Military Forces of Russia (2000-)")
    assert same_party("Islamic State", "Islamic State (Afghanistan)")
    assert not same_party("Syrian Observatory for Human Rights", "Military Forces of Syria (2000-)")


def test_canonical_url():
    assert canonical_url("HTTP://www.Example.com/a/b/?utm_source=x&b=2&a=1#top") == "https://example.com/a/b?a=1&b=2"
    assert canonical_url("https://example.com/a/b") == "https://example.com/a/b"
    assert canonical_url("ftp://example.com/x") is None
    assert canonical_url(None) is None


def test_country_level_place_has_no_distance_limit_but_says_little():
    a, b, _ = views(airstrike_three_outlets())
    syria = replace(b, lat=35.0, lon=38.0, geonameid=163843, place_name="Syria", geo_precision=3, country_level=True)
    d = same_event(a, syria)
    assert d.veto is None and any("country level" in r for r in d.reasons)


def test_unresolved_place_named_in_the_text_still_counts():
    a, b, _ = views(airstrike_three_outlets())
    a = replace(a, place_text="Saraqeb")
    unresolved = replace(b, lat=None, lon=None, geonameid=None, place_name=None, country_code=None,
                         text="Jets bombed the market of Saraqeb on Wednesday, killing 12.")  # fmt: skip
    d = same_event(a, unresolved)
    assert any("named in the other report" in r for r in d.reasons) and d.same
    elsewhere = replace(unresolved, text="Jets bombed a market on Wednesday, killing 12.")
    assert not any("named in the other report" in r for r in same_event(a, elsewhere).reasons)


def test_suicide_bomb_and_ied_are_confusable_but_airstrike_and_ied_are_not():
    a, b, _ = views(airstrike_three_outlets())
    bomb = replace(a, sub_event_type="Remote explosive/landmine/IED", text="A car bomb killed 40 at the Saraqib market.")
    suicide = replace(b, sub_event_type="Suicide bomb", text="A suicide car bomb killed 12 at the Saraqib market.")
    d = same_event(bomb, suicide)
    assert d.same and "often confuse" in d.reasons[0]
    assert "different sub-types" in same_event(a, suicide).reasons[0]
