"""`sitrep ingest` throughput with one process, N worker processes, and a Dask LocalCluster of 1 and N
workers, each into a fresh store (SQLite, or PostgreSQL with --pg), as whole processes.

The modes run in turn within each round (rotating which goes first), so a ratio compares runs made
minutes apart on the same machine.  Reported: wall time, reports/s, CPU time of the process tree and
of the ingest process alone (the one writer), the peak RSS of the largest process, and each mode's
reports/s over one process's in the same round.

    .venv/bin/python benchmarks/ingest_scale.py TEXTS.jsonl [--limit 200] [--rounds 3] [--workers 2]
        [--pg postgresql+psycopg://user@host:port/postgres] [--modes one procs dask1 daskN]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path


def fresh_db(pg: str | None, tmp: str) -> tuple[str, callable]:
    if not pg:
        path = os.path.join(tmp, f"{uuid.uuid4().hex}.db")
        return path, lambda: [os.remove(p) for p in (path, path + "-wal", path + "-shm") if os.path.exists(p)]
    from sqlalchemy import create_engine, text

    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    name = f"sitrep_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return pg.rsplit("/", 1)[0] + "/" + name, drop


def run(mode: str, texts: str, db: str, workers: int) -> dict:
    sitrep = str(Path(sys.executable).parent / "sitrep")
    extra = {"one": ["--processes", "1"], "procs": ["--processes", str(workers)],
             "dask1": ["--dask", "local", "--processes", "1"],
             "daskN": ["--dask", "local", "--processes", str(workers)]}[mode]
    cmd = [sitrep, "ingest", texts, "--db", db, "-q", *extra]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err: list[str] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)
    reader.start()
    own = 0.0  # CPU s of the ingest process alone (the writer; with a LocalCluster, Dask's scheduler too)
    while True:
        pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        own = _own_cpu(proc.pid, own)
        time.sleep(0.1)
    wall = time.perf_counter() - t
    reader.join()
    err = err[0] if err else ""
    if status not in (0, 256):  # 1: some reports failed (recorded); anything else is a crash
        raise SystemExit(f"{mode} failed ({status}): {err[-2000:]}")
    line = next((x for x in err.splitlines() if x.startswith("ingest:")), err.strip()[-300:])
    return {"wall_s": round(wall, 1), "cpu_s": round(ru.ru_utime + ru.ru_stime, 1), "own_cpu_s": round(own, 1),
            "peak_mb": round(ru.ru_maxrss / 1024), "summary": line}


def _own_cpu(pid: int, last: float) -> float:
    """A process's own CPU seconds so far (/proc/PID/stat utime + stime), sampled while it runs: the
    last sample misses at most the final 0.1 s."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return last
    return max(last, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("texts", help="JSONL reports")
    ap.add_argument("--limit", type=int, default=0, help="only the first N reports")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pg", help="PostgreSQL URL of a server's admin database: each run gets a fresh database")
    ap.add_argument("--modes", nargs="+", default=["one", "procs", "dask1", "daskN"])
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        texts = a.texts
        lines = [x for x in open(a.texts, encoding="utf-8") if x.strip()]
        if a.limit:
            lines = lines[: a.limit]
        texts = os.path.join(tmp, "texts.jsonl")
        Path(texts).write_text("".join(lines), encoding="utf-8")
        n = len(lines)
        rounds = []
        for r in range(a.rounds):
            order = a.modes[r % len(a.modes):] + a.modes[: r % len(a.modes)]
            got = {}
            for mode in order:
                db, drop = fresh_db(a.pg, tmp)
                try:
                    got[mode] = run(mode, texts, db, a.workers)
                finally:
                    drop()
                got[mode]["reports_per_s"] = round(n / got[mode]["wall_s"], 2)
                print(json.dumps({"round": r, "mode": mode, **got[mode]}), file=sys.stderr, flush=True)
            if "one" in got:
                for mode in got:
                    got[mode]["vs_one"] = round(got[mode]["reports_per_s"] / got["one"]["reports_per_s"], 2)
            if "dask1" in got and "daskN" in got:
                got["daskN"]["vs_dask1"] = round(got["daskN"]["reports_per_s"] / got["dask1"]["reports_per_s"], 2)
            rounds.append(got)
    out = {"reports": n, "store": "postgresql" if a.pg else "sqlite", "workers": a.workers, "rounds": rounds,
           "median_vs_one": {m: statistics.median(r[m].get("vs_one", 0) for r in rounds) for m in a.modes},
           "os_load_avg": os.getloadavg()}
    if "daskN" in a.modes and "dask1" in a.modes:
        out["median_daskN_vs_dask1"] = statistics.median(r["daskN"]["vs_dask1"] for r in rounds)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
