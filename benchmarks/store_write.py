"""The store's write path, SQLite against PostgreSQL: ready extractions (lines of `sitrep extract
--format jsonl`) stored and merged through `sitrep.run.ingest.ingest` into a fresh store of each kind,
the two kinds alternating within each round (which goes first rotates), so a ratio compares runs made
seconds apart.  Reported per backend: reports/s, SQL statements per report (an executemany counts once),
the CPU time of this process (the writer's client side) and, for a PostgreSQL server on this host, of
its backend processes serving the store, per report; the re-ingest of the same batch (all skipped) and
whether both stores grouped the claims alike.

    .venv/bin/python benchmarks/store_write.py EXTRACTIONS.jsonl [--limit N] [--rounds 3]
        --pg postgresql+psycopg://user@host:port/postgres
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path


def store_run(url: str, items: list) -> dict:
    from sqlalchemy import event

    from sitrep.config import Settings
    from sitrep.run.ingest import ingest
    from sitrep.store import Store

    with Store.open(url) as store:
        statements = [0]

        @event.listens_for(store.engine, "before_cursor_execute")
        def _count(*_args) -> None:
            statements[0] += 1

        empty = _size(store)
        server = _server_cpu(store)
        t, cpu = time.perf_counter(), time.process_time()
        summary = ingest(items, store, Settings())
        dt, cpu = time.perf_counter() - t, time.process_time() - cpu
        server = _server_cpu(store) - server if server is not None else None
        n_first = statements[0]
        size = _size(store) - empty  # what the reports added
        grouping = store.grouping()
        t = time.perf_counter()
        again = ingest(items, store, Settings())
        dt_again = time.perf_counter() - t
        assert again.duplicates == len(items) and store.grouping() == grouping, "re-ingest changed the store"
        return {"stored": summary.ingested, "failed": len(summary.failed), "store_s": round(dt, 2),
                "reports_per_s": round(len(items) / dt, 1),
                "client_cpu_ms_per_report": round(1000 * cpu / len(items), 1),
                "server_cpu_ms_per_report": round(1000 * server / len(items), 1) if server is not None else None,
                "bytes_per_report": size // len(items),
                "statements_per_report": round(n_first / len(items), 1),
                "reingest_reports_per_s": round(len(items) / dt_again, 1), **store.stats(), "_grouping": grouping}


def _server_cpu(store) -> float | None:
    """CPU seconds of the PostgreSQL backends connected to the store's database, when they run on this
    host (their /proc entries readable); None for SQLite or a remote server.  The store's pool keeps
    one connection, so its backend lives through the run."""
    with store.engine.connect() as c:
        if c.dialect.name != "postgresql":
            return None
        pids = [p for (p,) in c.exec_driver_sql(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()")]
    total = 0
    try:
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    except OSError:
        return None
    return total / os.sysconf("SC_CLK_TCK")


def _size(store) -> int:
    """The database's size on disk: PostgreSQL's pg_database_size, SQLite's file after a checkpoint."""
    with store.engine.connect() as c:
        if c.dialect.name == "postgresql":
            return c.exec_driver_sql("SELECT pg_database_size(current_database())").scalar()
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return c.exec_driver_sql("PRAGMA page_count").scalar() * c.exec_driver_sql("PRAGMA page_size").scalar()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("extractions", help="JSONL of `sitrep extract --format jsonl`")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pg", required=True, help="PostgreSQL admin URL: each run gets a fresh database there")
    a = ap.parse_args()
    from ingest_scale import fresh_db  # this folder is on sys.path when a benchmark runs as a script

    from sitrep.config import Settings
    from sitrep.run.inputs import read_inputs

    items = list(read_inputs([a.extractions], Settings()))
    if a.limit:
        items = items[: a.limit]
    rounds = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(a.rounds):
            got = {}
            for backend in (["sqlite", "postgres"] if r % 2 == 0 else ["postgres", "sqlite"]):
                if backend == "sqlite":
                    url, drop = f"sqlite:///{os.path.join(tmp, uuid.uuid4().hex)}.db", lambda: None
                else:
                    url, drop = fresh_db(a.pg, tmp)
                try:
                    got[backend] = store_run(url, items)
                finally:
                    drop()
                print(json.dumps({"round": r, "backend": backend,
                                  **{k: v for k, v in got[backend].items() if k != "_grouping"}}),
                      file=sys.stderr, flush=True)
            same = got["sqlite"].pop("_grouping") == got["postgres"].pop("_grouping")
            rounds.append({**got, "same_incidents": same,
                           "pg_vs_sqlite": round(got["postgres"]["reports_per_s"] / got["sqlite"]["reports_per_s"], 2)})
    out = {"data": Path(a.extractions).name, "reports": len(items), "claims": sum(len(e.events) for e in items),
           "rounds": rounds, "median_pg_vs_sqlite": statistics.median(r["pg_vs_sqlite"] for r in rounds),
           "os_load_avg": [round(x, 2) for x in os.getloadavg()]}
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
