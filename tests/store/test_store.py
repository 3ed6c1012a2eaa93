import itertools
import random

import pytest
from merge.reports import (
    acknowledged_strike,
    airstrike_three_outlets,
    all_sets,
    claim,
    extraction,
    report,
    same_monitor_two_outlets,
    two_attacks_one_town,
)

from sitrep.errors import Conflict, NotFound


def add_all(store, extractions):
    return [store.add_extraction(e) for e in extractions]


def test_three_outlets_one_incident(store):
    ids = add_all(store, airstrike_three_outlets())
    assert len({i for row in ids for i in row}) == 1
    inc = store.get_incident(ids[0][0])
    assert len(inc["claims"]) == 3
    assert inc["fatalities"] == {"low": 12, "best": 25, "high": 40}
    assert inc["injuries"] == {"low": 30, "best": 30, "high": 30}
    assert inc["grade"] == "contested"
    assert inc["sub_event_type"] == "Air/drone strike" and inc["location"]["name"] == "Saraqib"
    assert inc["date"] == "2019-05-01"
    # every claim keeps who said what, with its evidence
    said = {c["document"]["publisher"]: c["fatalities"]["best"] for c in inc["claims"]}
    assert said == {"Monitor Post": 40, "SANA": 12, "Wire Service": 25}
    assert all(c["evidence"] and c["evidence"][0]["text"] for c in inc["claims"])
    # named as people name them: the publisher "SANA" is the Syrian Arab News Agency
    assert inc["sources"] == ["Syrian Arab News Agency", "Syrian Observatory for Human Rights", "White Helmets"]
    assert {c["document"]["outlet"] for c in inc["claims"]} == {"Monitor Post", "Syrian Arab News Agency", "Wire Service"}


def test_two_attacks_one_town_two_incidents(store):
    ids = add_all(store, two_attacks_one_town())
    assert ids[0] != ids[1]
    assert store.stats()["incidents"] == 2


def test_same_monitor_is_one_source(store):
    ids = add_all(store, same_monitor_two_outlets())
    inc = store.get_incident(ids[0][0])
    assert inc["n_claims"] == 2 and inc["n_sources"] == 1 and inc["grade"] == "weak"


def test_confirmed(store):
    ids = add_all(store, acknowledged_strike())
    assert store.get_incident(ids[0][0])["grade"] == "confirmed"


def test_ingesting_twice_changes_nothing(store):
    add_all(store, all_sets())
    before = (store.stats(), store.grouping(), store.list_incidents())
    again = add_all(store, all_sets())
    assert (store.stats(), store.grouping()) == before[:2]
    assert [{k: v for k, v in i.items() if k != "updated_at"} for i in store.list_incidents()] == [
        {k: v for k, v in i.items() if k != "updated_at"} for i in before[2]
    ]
    assert all(row and all(x is not None for x in row) for row in again)


def test_same_canonical_url_same_text_is_a_duplicate(store):
    e = airstrike_three_outlets()[0]
    store.add_extraction(e)
    e2 = extraction(report("other-id", e.document.text, "Monitor Post", url="https://monitorpost.example/a/1/#x"), *e.events)
    store.add_extraction(e2)
    assert store.stats()["documents"] == 1 and store.stats()["claims"] == 1


def test_any_ingest_order_gives_the_same_incidents(store, new_store):
    items = all_sets()
    add_all(store, items)
    expected = store.grouping()
    assert len(expected) == 6
    rng = random.Random(3)
    for _ in range(3):
        order = items[:]
        rng.shuffle(order)
        other = new_store()
        add_all(other, order)
        assert other.grouping() == expected


def test_updated_report_supersedes_its_claims(store):
    first = airstrike_three_outlets()
    add_all(store, first)
    old = first[0]
    text = old.document.text.replace("40", "47")
    newer = report("monitor-1", text, "Monitor Post", published="2019-05-03", url="https://monitorpost.example/a/1")
    c = claim(text, killed=(47, 47, None), sources=["Syrian Observatory for Human Rights"])
    [inc_id] = store.add_extraction(extraction(newer, c))
    inc = store.get_incident(inc_id)
    assert len(inc["claims"]) == 3  # the old version's claim left, the new one joined
    assert inc["fatalities"]["high"] == 47
    docs = {d["content_hash"]: d["status"] for d in store.documents()}
    assert sorted(docs.values()) == ["active", "active", "active", "superseded"]
    # an older version arriving late does not win
    stale = report("monitor-1", old.document.text + " (early)", "Monitor Post", published="2019-05-01",
                   url="https://monitorpost.example/a/1")  # fmt: skip
    assert store.add_extraction(extraction(stale, claim(stale.text, killed=(30, 30, None)))) == [None]
    assert store.get_incident(inc_id)["fatalities"]["high"] == 47


def test_filters_and_json_counts(store):
    add_all(store, all_sets())
    rows = store.list_incidents(with_claims=True)
    assert len(rows) == 6
    assert all(set(r["fatalities"]) == {"low", "best", "high"} for r in rows if r["fatalities"])
    assert all(r["claims"] for r in rows)
    assert [r["location"]["name"] for r in store.list_incidents(country="AF")] == ["Kabul"]
    assert len(store.list_incidents(country="Syria")) == 5
    assert {r["fatalities"]["best"] for r in store.list_incidents(min_killed=9)} == {25, 9}
    assert len(store.list_incidents(since="2019-05-02")) == 3  # Kabul and the two attacks of 10 May
    assert len(store.list_incidents(until="2019-05-01")) == 3
    assert {r["sub_event_type"] for r in store.list_incidents(event_type="Explosions/Remote violence")} >= {"Suicide bomb"}
    assert [r["sub_event_type"] for r in store.list_incidents(q="car bomb checkpoint")] == ["Remote explosive/landmine/IED"]


def test_explain(store):
    ids = add_all(store, airstrike_three_outlets())
    why = store.explain(ids[0][0])
    assert len(why["pairs"]) == 3 and all(p["same"] for p in why["pairs"])
    assert why["figures_by_source"]["killed"]


def test_review_merge_split_edit_reject_undo(store):
    ids = add_all(store, all_sets())
    strike, bomb = ids[3][0], ids[4][0]
    merged = store.merge_incidents([strike, bomb], "ana", "same event, different outlets")
    inc = store.get_incident(merged)
    assert inc["n_claims"] == 2 and inc["locked"]
    assert inc["audit"][0]["who"] == "ana" and inc["audit"][0]["why"] == "same event, different outlets"
    gone = bomb if merged == strike else strike
    assert store.get_incident(gone)["status"] == "merged"

    # undo restores both incidents as they were
    action = inc["audit"][0]["id"]
    store.undo(action, "ana", "wrong call")
    assert store.get_incident(strike)["n_claims"] == 1 and store.get_incident(bomb)["n_claims"] == 1
    assert store.get_incident(bomb)["status"] == "active"
    with pytest.raises(Conflict):
        store.undo(action, "ana", None)

    # split the three-outlet incident; re-merging never joins the halves again
    three = ids[0][0]
    state_claim = [c["id"] for c in store.get_incident(three)["claims"] if c["document"]["publisher"] == "SANA"]
    new = store.split_incident(three, state_claim, "ben", "state media describes another strike")
    assert store.get_incident(new)["n_claims"] == 1 and store.get_incident(three)["n_claims"] == 2
    t = "Warplanes hit the market in Saraqib on Wednesday, killing 41, the Syrian Observatory said."
    store.add_extraction(extraction(report("late", t, "Late Outlet"), claim(t, killed=(41, 41, None), sources=["SOHR"])))
    assert store.get_incident(new)["n_claims"] + store.get_incident(three)["n_claims"] == 4
    assert store.get_incident(new)["status"] == store.get_incident(three)["status"] == "active"
    assert len(store.list_incidents()) == 7

    # edits win over computed figures and survive re-merging
    store.edit_incident(three, {"killed_best": 33}, "ben", "checked casualty list")
    store.add_extraction(extraction(report("later", t + " More.", "Later Outlet"), claim(t, killed=(50, 50, None))))
    assert store.get_incident(three)["fatalities"]["best"] == 33

    store.reject_incident(ids[5][0], "ana", "duplicate wire")
    assert ids[5][0] not in {r["id"] for r in store.list_incidents()}
    assert [a["action"] for a in store.audit_log()] == ["merge", "undo", "split", "edit", "reject"]
    assert_consistent(store)


def test_undo_split(store):
    ids = add_all(store, airstrike_three_outlets())
    inc = ids[0][0]
    claims = [c["id"] for c in store.get_incident(inc)["claims"]]
    new = store.split_incident(inc, claims[:1], "ana", None)
    action = store.audit_log(new)[0]["id"]
    store.undo(action, "ana", None)
    assert store.get_incident(new) is None
    assert store.get_incident(inc)["n_claims"] == 3
    assert_consistent(store)


def test_review_errors(store):
    ids = add_all(store, two_attacks_one_town())
    with pytest.raises(Conflict):
        store.merge_incidents([ids[0][0]], "x")
    with pytest.raises(Conflict):
        store.split_incident(ids[0][0], [c["id"] for c in store.get_incident(ids[0][0])["claims"]], "x")
    with pytest.raises(Conflict):
        store.edit_incident(ids[0][0], {"id": 3}, "x")
    # unknown ids are NotFound, also beyond int64 (which the database driver cannot even bind)
    huge = 10**20
    with pytest.raises(NotFound):
        store.undo(huge, "x")
    with pytest.raises(NotFound):
        store.reject_incident(huge, "x")
    with pytest.raises(NotFound):
        store.split_incident(ids[0][0], [huge], "x")
    assert store.get_incident(huge) is None and store.get_claim(huge) is None


def test_failures_recorded_and_resolved(store):
    doc = airstrike_three_outlets()[0].document
    store.record_failure(doc.id, "extraction failed: boom", document=doc)
    store.record_failure(doc.id, "extraction failed: boom again", document=doc)
    [f] = store.failures()
    assert f["attempts"] == 2 and f["retryable"]
    [(fid, retry)] = store.failed_documents()
    assert retry.text == doc.text and retry.publisher == doc.publisher
    store.add_extraction(airstrike_three_outlets()[0])
    assert store.failures() == [] and len(store.failures(include_resolved=True)) == 1


def test_orders_exhaustive_small(new_store, store):
    """Every order of the six reports on the Saraqib/Ariha events gives the same grouping."""
    items = airstrike_three_outlets() + acknowledged_strike()[:1] + same_monitor_two_outlets()[:1]
    add_all(store, items)
    expected = store.grouping()
    for perm in list(itertools.permutations(items))[::30]:
        other = new_store()
        add_all(other, perm)
        assert other.grouping() == expected


def assert_consistent(store):
    rows = store.list_incidents(status="all", with_claims=True)
    for r in rows:
        if r["status"] == "active" and not r["locked"]:
            assert r["claims"], f"empty incident {r['id']}"
        assert r["n_claims"] == len(r["claims"])
    assert sum(len(r["claims"]) for r in rows) == store.stats()["claims"]


def test_superseded_single_claim_incident_goes_away(store):
    t = "Shelling hit Ariha on Wednesday, killing 2."
    v1 = report("page", t, "P", published="2019-05-02", url="https://p.example/x")
    [old_inc] = store.add_extraction(extraction(v1, claim(t, sub="Shelling/artillery/missile attack", killed=(2, 2, None))))
    t2 = "Correction: the attack on Wednesday was a car bomb in Kabul."
    v2 = report("page", t2, "P", published="2019-05-03", url="https://p.example/x")
    from merge.reports import KABUL

    [new_inc] = store.add_extraction(extraction(v2, claim(t2, sub="Remote explosive/landmine/IED", location=KABUL)))
    assert store.get_incident(old_inc) is None and store.get_incident(new_inc)["n_claims"] == 1
    assert_consistent(store)


def test_copies_of_one_text_any_order(store, new_store):
    """A text published twice (a re-publication with another date and id): the earliest copy stands,
    whatever order they come in."""
    t = "A car bomb killed 4 people in Kabul on Thursday, police said."
    from merge.reports import KABUL

    def copy(doc_id, published):
        day = "2019-05-02" if published == "2019-05-03" else "2019-05-09"  # dates resolve against publication
        return extraction(report(doc_id, t, "Outlet", published=published),
                          claim(t, sub="Remote explosive/landmine/IED", date=day, location=KABUL, killed=(4, 4, None)))  # fmt: skip

    early, late = copy("orig", "2019-05-03"), copy("repub", "2019-05-10")
    store.add_extraction(late)
    store.add_extraction(early)
    other = new_store()
    other.add_extraction(early)
    other.add_extraction(late)
    for s in (store, other):
        [doc] = s.documents()
        assert doc["id"] == "orig"
        assert s.get_incident(s.list_incidents()[0]["id"])["claims"][0]["document"]["published"] == "2019-05-03"
        [inc] = s.list_incidents()
        assert inc["date"] == "2019-05-02"
        assert_consistent(s)
    assert store.grouping() == other.grouping()


def test_concurrent_first_open(tmp_path):
    """Several processes opening one new SQLite database at once all get a migrated store."""
    import subprocess
    import sys

    db = tmp_path / "race.db"
    code = f"from sitrep.store import Store; s = Store.open({str(db)!r}); print(s.stats()['incidents'])"
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 3, [e.decode()[-300:] for _, e in outs]
    assert all(o.strip() == b"0" for o, _ in outs)


def test_sqlite_writers_take_the_lock_up_front(tmp_path):
    """A write transaction holds SQLite's write lock from its start (so a concurrent writer waits rather
    than failing mid-way); readers do not take it."""
    import sqlite3

    from sqlalchemy import select

    from sitrep.store import Store

    db = tmp_path / "lock.db"
    store = Store.open(str(db))
    other = sqlite3.connect(db, timeout=0, isolation_level=None)
    with store.session() as s:
        s.execute(select(1))
        with pytest.raises(sqlite3.OperationalError):
            other.execute("BEGIN IMMEDIATE")
    with store.session(write=False) as s:
        s.execute(select(1))
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    other.close()
    store.close()


def test_remerge_from_scratch_keeps_incidents_and_reviews(store):
    ids = add_all(store, all_sets())
    three = ids[0][0]
    sana = [c["id"] for c in store.get_incident(three)["claims"] if c["document"]["publisher"] == "SANA"]
    new = store.split_incident(three, sana, "ana", "another strike")
    before = store.grouping()
    r = store.remerge()
    assert r["claims"] == 10 and r["incidents"] == 7
    assert store.grouping() == before
    assert store.get_incident(new)["n_claims"] == 1 and store.get_incident(three)["n_claims"] == 2
    assert_consistent(store)
    last = store.audit_log()[-1]
    assert last["action"] == "remerge"
    with pytest.raises(Conflict):
        store.undo(last["id"], "ana")


def test_explain_says_why_not(store):
    ids = add_all(store, two_attacks_one_town())
    why = store.explain(ids[0][0])
    [near] = why["near_misses"]
    assert near["incident_id"] == ids[1][0]
    assert "average over the 1x1 claim pairs" in near["why_not"]
    assert any("different sub-types" in r for r in near["reasons"])


def test_put_says_whether_the_store_changed(store):
    first, second = airstrike_three_outlets()[:2]
    changed, ids = store.put(first)
    assert changed and len(ids) == 1 and ids[0] is not None
    assert store.put(first) == (False, ids)  # the same text again: nothing to do, same incident
    assert store.put(second)[0]
    assert store.stats()["documents"] == 2


def test_claims_of_one_report_share_their_named_rows(store):
    """Two claims of one report naming the same monitor, actor and town: one row each, linked to both
    claims, with the publisher as a second role; a second report reuses them."""
    from sqlalchemy import func, select

    from sitrep.store import models as m

    text = "Shelling hit Saraqib on Wednesday, killing 3, and again at night, killing 2, the Observatory said."
    two = [claim(text, killed=(3, 3, 3), sources=["Syrian Observatory for Human Rights"]),
           claim(text, sub="Shelling/artillery/missile attack", killed=(2, 2, 2),
                 sources=["Syrian Observatory for Human Rights", "SOHR"])]
    store.add_extraction(extraction(report("a", text, "Monitor Post"), *two))
    other = "The Observatory said three people died in shelling of Saraqib on Wednesday."
    store.add_extraction(extraction(report("b", other, "Wire Service"),
                                    claim(other, killed=(3, 3, 3), sources=["SOHR"])))
    with store.session(write=False) as s:
        count = lambda model: s.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert count(m.Place) == 1 and count(m.Actor) == 2
        roles = sorted((src.name, cs.role) for cs, src in s.execute(
            select(m.ClaimSource, m.Source).join(m.Source, m.Source.id == m.ClaimSource.source_id)))
        claims = list(s.scalars(select(m.Claim).order_by(m.Claim.id)))
    assert len({c.place_id for c in claims}) == 1 and len({c.actor1_id for c in claims}) == 1
    monitor = [r for r in roles if r[1] == "attributed"]
    # "SOHR" and the full name are one source: once per claim (twice named in the second claim)
    assert len(monitor) == 3 and len({name for name, _ in monitor}) == 1
    assert sorted(name for name, role in roles if role == "publisher") == ["Monitor Post", "Monitor Post", "Wire Service"]


def _content(store) -> tuple:
    """What a store holds, without the ids and times that depend on how it was written."""
    skip = {"id", "incident_id", "created_at", "updated_at", "claims"}
    incidents = sorted(repr(({k: v for k, v in i.items() if k not in skip},
                             sorted(repr({k: v for k, v in c.items() if k not in skip}) for c in i["claims"])))
                       for i in store.list_incidents(with_claims=True))
    docs = sorted((d["content_hash"], d["status"]) for d in store.documents())
    return store.grouping(), incidents, docs


def _with_versions() -> list:
    """all_sets, with a corrected version of one report, a re-publication of another's text, and an
    older version of the corrected report arriving after the correction."""
    items = all_sets()
    old = items[0]
    text = old.document.text.replace("40", "47")
    newer = report("monitor-1", text, "Monitor Post", published="2019-05-03", url="https://monitorpost.example/a/1")
    stale = report("monitor-1", old.document.text + " (early)", "Monitor Post", published="2019-05-01",
                   url="https://monitorpost.example/a/1")  # fmt: skip
    again = items[3]
    repub = report("repub-1", again.document.text, "Elsewhere", published="2019-05-01")
    return [*items[:5], extraction(newer, claim(text, killed=(47, 47, None))), *items[5:],
            extraction(repub, *again.events), extraction(stale, claim(stale.text, killed=(30, 30, None)))]


@pytest.mark.parametrize("size", [1, 3, 100])
def test_put_many_leaves_what_put_one_at_a_time_leaves(store, new_store, size):
    items = _with_versions()
    add_all(store, items)
    other = new_store()
    got = []
    for i in range(0, len(items), size):
        got.extend(other.put_many(items[i : i + size]))
    assert _content(other) == _content(store)
    assert [g[0] for g in got] == [True] * len(items)  # each changed the store (the late one: kept, superseded)
    statuses = sorted(status for _, status in _content(store)[2])
    assert statuses == ["active"] * (len(items) - 3) + ["superseded"] * 2  # one text stored once


def test_put_many_a_report_that_cannot_be_stored_fails_alone(store):
    items = all_sets()
    bad = extraction(report("bad-1", "A text whose claim has no type.", "Outlet"),
                     claim("A text whose claim has no type.", sub=None))  # NOT NULL: its INSERT fails
    got = store.put_many([*items[:2], bad, *items[2:]])
    assert isinstance(got[2], Exception)
    assert all(not isinstance(g, Exception) and g[0] for i, g in enumerate(got) if i != 2)
    assert store.stats()["documents"] == len(items)
