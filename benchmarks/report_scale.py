"""Extraction time and peak memory of one report as it grows: 10, 100, 1,000 KB of article text.

Two kinds of report: real article text (the texts of a JSONL file joined, repeated to the length) and
the synthetic line 'Airstrike killed 5 people in Aleppo. ' repeated.  Each size runs in a fresh
process, so its peak RSS is its own; the figure of interest is time per KB at 1,000 KB against 10 KB.

    .venv/bin/python benchmarks/report_scale.py TEXTS.jsonl [--sizes 10 100 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

CHILD = """
import json, sys, time
from sitrep.config import Settings
from sitrep.extract.extractor import Extractor
from sitrep.types import Document, ReportError
text = open(sys.argv[1], encoding="utf-8").read()
ex = Extractor.load(Settings.from_env())
ex.extract(Document(id="warm", text="Gunmen killed two people in Kano on Monday.", published="2018-04-06"))
t, c = time.perf_counter(), time.process_time()
r = next(iter(ex.extract_many([Document(id="big", text=text, published="2018-04-06")])))
out = {"wall_s": time.perf_counter() - t, "cpu_s": time.process_time() - c,
       "events": len(r.events) if not isinstance(r, ReportError) else None,
       "failed": r.reason if isinstance(r, ReportError) else None}
print(json.dumps(out))
"""

SYNTHETIC = "Airstrike killed 5 people in Aleppo. "


def report_text(kind: str, kb: int, real: str) -> str:
    n = kb * 1000
    base = SYNTHETIC if kind == "synthetic" else real + "\n\n"
    return (base * (n // len(base) + 1))[:n]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("texts", help="JSONL {text} whose texts make the real report")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000], help="report sizes in KB")
    ap.add_argument("--tmp", default="/tmp", help="folder for the report files")
    a = ap.parse_args()
    real = "\n\n".join(json.loads(line)["text"] for line in open(a.texts, encoding="utf-8") if line.strip())
    rows = []
    for kind in ("real", "synthetic"):
        for kb in a.sizes:
            path = os.path.join(a.tmp, f"sitrep-scale-{os.getpid()}-{kind}-{kb}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(report_text(kind, kb, real))
            t = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", CHILD, path], stdout=subprocess.PIPE, text=True)
            out_text = proc.stdout.read()
            _, status, ru = os.wait4(proc.pid, 0)
            os.remove(path)
            row = {"kind": kind, "kb": kb, **json.loads(out_text), "peak_mb": round(ru.ru_maxrss / 1024),
                   "process_wall_s": round(time.perf_counter() - t, 1)}
            row["cpu_s_per_kb"] = round(row["cpu_s"] / kb, 4)
            rows.append(row)
            print(json.dumps(row), flush=True)
    for kind in ("real", "synthetic"):
        mine = [r for r in rows if r["kind"] == kind]
        if len(mine) > 1:
            print(f"{kind}: cpu s/KB at {mine[-1]['kb']} KB / at {mine[0]['kb']} KB = "
                  f"{mine[-1]['cpu_s_per_kb'] / mine[0]['cpu_s_per_kb']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
