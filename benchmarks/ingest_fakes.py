"""Ingest benchmark on fakes-dev: extract every article once, then store + merge the results into a
fresh SQLite store (and PostgreSQL when --pg URL is given); reports/s for each stage, incidents formed,
store size, and a check that a shuffled ingest order gives the same incidents.

    .venv/bin/python benchmarks/ingest_fakes.py [--limit N] [--reuse] [--pg postgresql+psycopg://...]

Extraction results are cached in out/fakes-dev.extractions.jsonl (--reuse skips extracting again).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CACHE = ROOT / "out" / "fakes-dev.extractions.jsonl"


def extract(path: Path, limit: int) -> tuple[list, dict]:
    from sitrep.config import Settings
    from sitrep.extract import Extractor
    from sitrep.ingest import read_path
    from sitrep.types import ReportError

    settings = Settings.from_env()
    docs = [d for d in read_path(path, settings) if not isinstance(d, ReportError)]
    if limit:
        docs = docs[:limit]
    t = time.perf_counter()
    ex = Extractor.load(settings)
    load = time.perf_counter() - t
    t = time.perf_counter()
    results = list(ex.extract_many(docs))
    dt = time.perf_counter() - t
    ok = [r for r in results if not isinstance(r, ReportError)]
    CACHE.parent.mkdir(exist_ok=True)
    with CACHE.open("w", encoding="utf-8") as f:
        for r in ok:
            d = r.to_dict()
            d["document"]["text"] = r.document.text
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return ok, {
        "reports": len(docs),
        "extracted": len(ok),
        "failed": len(results) - len(ok),
        "load_s": round(load, 1),
        "extract_s": round(dt, 1),
        "reports_per_s": round(len(docs) / dt, 2),
    }


def store_run(url: str, items: list) -> dict:
    from sitrep.config import Settings
    from sitrep.run.ingest import ingest
    from sitrep.store import Store

    with Store.open(url) as store:
        t = time.perf_counter()
        summary = ingest(items, store, Settings())
        dt = time.perf_counter() - t
        stats = store.stats()
        sizes = Counter(i["n_claims"] for i in store.list_incidents())
        grades = Counter(i["grade"] for i in store.list_incidents())
        grouping = store.grouping()
        t = time.perf_counter()
        again = ingest(items, store, Settings())
        dt_again = time.perf_counter() - t
        assert store.grouping() == grouping and again.duplicates == len(items)
    return {
        "stored": summary.ingested,
        "store_s": round(dt, 2),
        "reports_per_s": round(len(items) / dt, 1),
        "reingest_reports_per_s": round(len(items) / dt_again, 1),
        **stats,
        "incidents_by_claims": dict(sorted(sizes.items())),
        "grades": dict(grades),
        "_grouping": grouping,
    }


def main() -> int:
    global SHARED  # --shared replaces the default location for the whole run
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--reuse", action="store_true", help="reuse cached extraction results")
    ap.add_argument("--pg", help="also run the store stage on this PostgreSQL URL (an empty database)")
    ap.add_argument("--shared", type=Path, default=SHARED,
                    help="the evaluation data folder (corpus/, eval/); default ../shared beside the repository")
    a = ap.parse_args()
    SHARED = a.shared
    path = SHARED / "corpus" / "fakes-dev" / "texts.jsonl"
    if not path.exists():
        print("../shared not present: skipped")
        return 0
    sys.path.insert(0, str(ROOT))
    from sitrep.run.inputs import read_inputs

    res: dict = {"corpus": "fakes-dev", "date": time.strftime("%Y-%m-%d")}
    if a.reuse and CACHE.exists():
        from sitrep.config import Settings

        items = list(read_inputs([str(CACHE)], Settings()))
        if a.limit:
            items = items[: a.limit]
        res["extract"] = "reused cache"
    else:
        items, res["extract"] = extract(path, a.limit)
    res["claims_extracted"] = sum(len(e.events) for e in items)

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        res["sqlite"] = store_run(f"sqlite:///{db}", items)
        import sqlite3

        con = sqlite3.connect(db)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        res["sqlite"]["store_bytes"] = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*"))
        shuffled = items[:]
        random.Random(1).shuffle(shuffled)
        other = store_run(f"sqlite:///{Path(tmp) / 'shuffled.db'}", shuffled)
        res["order_independent"] = other["_grouping"] == res["sqlite"]["_grouping"]
    if a.pg:
        res["postgres"] = store_run(a.pg, items)
        res["postgres"].pop("_grouping")
    res["sqlite"].pop("_grouping")
    if isinstance(res["extract"], dict):
        e, s = res["extract"], res["sqlite"]
        res["end_to_end_reports_per_s"] = round(e["reports"] / (e["extract_s"] + s["store_s"]), 2)
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
