"""Merge cost per claim as the store grows: a store prefilled with N synthetic claims (10k, 100k, 1M),
then P new reports stored through `Store.add_extraction` (candidate search, links, re-clustering,
incident refresh), timed per claim.

The synthetic store grows as a real one does, over time: claims per day stay fixed (--per-day), so a
larger store covers more days; places are drawn from 60 towns in 20 countries, types from the ACLED
sub-event types; every prefilled claim is its own report and incident.  The probe reports are dated
within the store's last week, so they meet as many candidates as live news would.

    .venv/bin/python benchmarks/merge_scale.py [--sizes 10000 100000 1000000] [--probe 300]
        [--per-day 300] [--db-dir /tmp] [--pg URL]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta

SUBTYPES = [("Explosions/Remote violence", "Air/drone strike"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
            ("Battles", "Armed clash"), ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
            ("Riots", "Violent demonstration")]  # fmt: skip


def towns(rng: random.Random) -> list[tuple[str, str, float, float]]:
    out = []
    for c in range(20):
        cc = chr(65 + c) + chr(65 + (c * 7) % 26)
        lat0, lon0 = rng.uniform(-30, 50), rng.uniform(-100, 120)
        for t in range(3):
            out.append((f"Town{c}-{t}", cc, lat0 + rng.uniform(-3, 3), lon0 + rng.uniform(-3, 3)))
    return out


def prefill(url: str, n: int, per_day: int, seed: int = 7) -> date:
    """Bulk-insert n claims (one report and one incident each); returns the last day covered."""
    from sqlalchemy import insert

    from sitrep.merge.model import DATE_TOLERANCE_DAYS
    from sitrep.store import Store
    from sitrep.store import models as m

    rng = random.Random(seed)
    places = towns(rng)
    days = max(1, n // per_day)
    start = date(2020, 1, 1)
    now = datetime.now(UTC)
    store = Store.open(url)
    step = 20_000
    with store.engine.begin() as conn:
        if conn.dialect.name == "sqlite":  # the unique indexes take random keys: keep their pages in memory
            conn.exec_driver_sql("PRAGMA cache_size=-1000000")
        for base in range(0, n, step):
            docs, incs, claims = [], [], []
            for k in range(base, min(n, base + step)):
                day = start + timedelta(days=k * days // n)
                name, cc, lat, lon = rng.choice(places)
                et, st = rng.choice(SUBTYPES)
                prec = "day" if rng.random() < 0.9 else "week" if rng.random() < 0.7 else "month"
                tol = timedelta(days=DATE_TOLERANCE_DAYS[prec])
                killed = rng.choice([None, 0, 1, 2, 3, 5, 8, 12])
                docs.append({"id": k + 1, "ext_id": f"s{k}", "content_hash": uuid.uuid4().hex, "identity": f"id:s{k}",
                             "publisher": f"outlet{k % 9}", "published": day.isoformat(), "language": "en",
                             "text": f"synthetic report {k}", "status": "active", "ingested_at": now})
                incs.append({"id": k + 1, "status": "active", "locked": False, "event_type": et, "sub_event_type": st,
                             "date": day, "date_precision": prec, "location_name": name, "country_code": cc,
                             "lat": lat, "lon": lon, "geo_precision": 1, "killed_best": killed, "n_claims": 1,
                             "n_sources": 1, "grade": "weak", "overrides": {}, "created_at": now, "updated_at": now})
                claims.append({"id": k + 1, "key": f"{docs[-1]['content_hash'][:20]}:0", "document_id": k + 1,
                               "ordinal": 0, "active": True, "incident_id": k + 1, "event_type": et,
                               "sub_event_type": st, "date": day, "date_precision": prec, "date_lo": day - tol,
                               "date_hi": day + tol, "location_name": name, "country": f"Country {cc}",
                               "country_code": cc, "lat": lat, "lon": lon, "geo_precision": 1,
                               "killed_low": killed, "killed_best": killed, "killed_high": killed,
                               "sources": [], "evidence": [], "field_evidence": {}, "confidence": 0.5})
            conn.execute(insert(m.Document.__table__), docs)
            conn.execute(insert(m.Incident.__table__), incs)
            conn.execute(insert(m.Claim.__table__), claims)
    store.close()
    return start + timedelta(days=days)


def probe(url: str, last_day: date, p: int, seed: int = 11) -> dict:
    from sitrep.store import Store
    from sitrep.types import Claim, Count, Document, Extraction, Location

    rng = random.Random(seed)
    places = towns(random.Random(7))
    store = Store.open(url)
    exts = []
    for k in range(p):
        day = last_day - timedelta(days=rng.randrange(0, 7))
        name, cc, lat, lon = rng.choice(places)
        et, st = rng.choice(SUBTYPES)
        killed = rng.choice([None, 1, 2, 5])
        claim = Claim(event_type=et, sub_event_type=st, date=day.isoformat(), date_precision="day",
                      location=Location(name=name, country=f"Country {cc}", country_code=cc, lat=lat, lon=lon,
                                        geo_precision=1),
                      actor1=None, actor2=None, fatalities=Count(killed, killed, killed) if killed is not None else None,
                      injuries=None, sources=[f"monitor{k % 5}"], evidence=[])
        doc = Document(id=f"probe{k}-{uuid.uuid4().hex[:6]}", text=f"probe report {k} {uuid.uuid4().hex}",
                       publisher=f"outlet{k % 7}", published=day.isoformat())
        exts.append(Extraction(document=doc, events=[claim]))
    t = time.perf_counter()
    for e in exts:
        store.add_extraction(e)
    dt = time.perf_counter() - t
    stats = store.stats()
    store.close()
    return {"probe_claims": p, "seconds": round(dt, 2), "ms_per_claim": round(1000 * dt / p, 2),
            "incidents_after": stats["incidents"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--probe", type=int, default=300)
    ap.add_argument("--per-day", type=int, default=300, help="synthetic claims per day")
    ap.add_argument("--db-dir", default="/tmp")
    ap.add_argument("--pg", help="PostgreSQL admin URL: each size gets a fresh database there")
    a = ap.parse_args()
    rows = []
    for n in a.sizes:
        drop = None
        if a.pg:
            from sqlalchemy import create_engine, text

            admin = create_engine(a.pg, isolation_level="AUTOCOMMIT")
            name = f"sitrep_merge_{uuid.uuid4().hex[:8]}"
            with admin.connect() as c:
                c.execute(text(f'CREATE DATABASE "{name}"'))
            url = a.pg.rsplit("/", 1)[0] + "/" + name

            def drop(admin=admin, name=name):
                with admin.connect() as c:
                    c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        else:
            path = os.path.join(a.db_dir, f"sitrep-merge-{n}-{uuid.uuid4().hex[:6]}.db")
            url = f"sqlite:///{path}"

            def drop(path=path):
                for p in (path, path + "-wal", path + "-shm"):
                    if os.path.exists(p):
                        os.remove(p)
        try:
            t = time.perf_counter()
            last = prefill(url, n, a.per_day)
            fill = time.perf_counter() - t
            row = {"claims": n, "prefill_s": round(fill, 1), **probe(url, last, a.probe)}
        finally:
            drop()
        rows.append(row)
        print(json.dumps(row), flush=True)
    if len(rows) > 1:
        print(f"ms per claim at {rows[-1]['claims']:,} / at {rows[0]['claims']:,}: "
              f"{rows[-1]['ms_per_claim'] / rows[0]['ms_per_claim']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
