"""The in-memory incident index answers exactly as SQL does, and is never stale."""

from __future__ import annotations

import importlib.util
import random
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from sitrep.api import queries
from sitrep.api.index import IncidentIndex, dumps
from sitrep.store import Store, query
from sitrep.store.query import Filters

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "api_bench.py"


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("api_bench", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    store = Store.open(str(tmp_path_factory.mktemp("index") / "s.db"))
    gen = bench.synthetic(10**6, seed=3)
    for _ in range(160):
        store.add_extraction(next(gen))
    # some reviewer decisions, so statuses and overrides vary
    ids = [i["id"] for i in store.list_incidents(limit=12)]
    store.reject_incident(ids[0], "t")
    store.merge_incidents(ids[1:3], "t")
    store.edit_incident(ids[4], {"killed_best": 77, "date": None}, "t")
    yield store, bench
    store.close()


def random_filters(rnd: random.Random, bench, stamps: list[str] = ()) -> Filters:
    f = Filters()
    if stamps and rnd.random() < 0.2:  # incremental sync: changed since, or after a (time, id) cursor
        f.updated_since = query.parse_timestamp(rnd.choice(stamps))
        f.after_id = rnd.choice([None, None, rnd.randint(1, 160)])
    if rnd.random() < 0.3:
        d = date(2023, 1, 1) + timedelta(days=rnd.randint(0, 700))
        f.since, f.until = d, d + timedelta(days=rnd.choice([0, 7, 90, 400]))
    if rnd.random() < 0.3:
        c = rnd.choice(bench.CITIES)
        f.country = rnd.choice([c[3], c[3].lower(), c[2], c[2].upper()])
    if rnd.random() < 0.2:
        f.admin1 = rnd.choice(bench.CITIES)[1].lower()
    if rnd.random() < 0.3:
        f.event_type = ",".join(rnd.sample([k[0] for k in bench.KINDS], rnd.randint(1, 2)))
    if rnd.random() < 0.2:
        f.sub_event_type = rnd.choice(bench.KINDS)[1]
    if rnd.random() < 0.2:
        f.actor = rnd.choice(["military", "STATE", "police", "(sy", "zzz"])
    if rnd.random() < 0.3:
        f.min_killed = rnd.choice([0, 1, 3, 10, 50])
    if rnd.random() < 0.2:
        f.grade = rnd.choice(["weak", "fair,contested", "confirmed"])
    if rnd.random() < 0.2:
        f.q = rnd.choice(bench.WORDS + ["market convoy", "nothingatall"])
    f.status = rnd.choice(["active"] * 6 + ["rejected", "merged", "all"])
    return f


def test_index_equals_sql(synthetic_store):
    store, bench = synthetic_store
    index = IncidentIndex(store.engine)
    index.build_now()
    rnd = random.Random(5)
    stamps = [i["updated_at"] for i in store.list_incidents(status="all")]
    nonempty = 0
    with store.engine.connect() as conn:
        snap = index.current(conn)
        assert snap is not None and len(snap.ids) > 100
        for _ in range(400):
            f = random_filters(rnd, bench, stamps)
            sort = rnd.choice(list(query.SORTS))
            offset = rnd.choice([0, 0, 5, 40])
            sql = query.list_incidents(conn, f, 20, offset, sort)
            total, items = index.page(snap, conn, f, 20, offset, sort)
            assert total == sql["total"], (f, sort)
            assert items == [dumps(i) for i in sql["items"]], (f, sort, offset)
            nonempty += bool(items)
            assert index.points(snap, conn, f, 10_000) == [dumps(p) for p in queries.points(conn, f)], f
            places = rnd.choice([3, 50])
            by = rnd.choice(["type", "type", "country", "admin1"])
            assert index.stats(snap, conn, f, places, by) == queries.stats(conn, f, places, by), (f, by)
    assert nonempty > 100


def test_index_is_never_stale(synthetic_store):
    store, _ = synthetic_store
    index = IncidentIndex(store.engine, min_interval=0)
    index.build_now()
    with store.engine.connect() as conn:
        assert index.current(conn) is not None
    victim = store.list_incidents(limit=1)[0]["id"]
    store.reject_incident(victim, "t")
    with store.engine.connect() as conn:
        assert index.current(conn) is None  # changed: the caller uses SQL; a rebuild starts
    deadline = time.monotonic() + 10
    while True:
        with store.engine.connect() as conn:
            snap = index.current(conn)
            if snap is not None:
                break
        assert time.monotonic() < deadline
        time.sleep(0.02)
    with store.engine.connect() as conn:
        total, items = index.page(snap, conn, Filters(status="rejected"), 1000, 0, "-id")
    assert victim in [int(i.split(",", 1)[0].split(":")[1]) for i in items]
    store.undo(store.audit_log()[-1]["id"], "t")


def test_index_off_above_the_limit(synthetic_store):
    store, _ = synthetic_store
    index = IncidentIndex(store.engine, max_incidents=10)
    index.build_now()
    with store.engine.connect() as conn:
        assert index.current(conn) is None
