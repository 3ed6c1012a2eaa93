"""Extraction accuracy on the shared dev sets, scored with the project's scorers.

    .venv/bin/python benchmarks/extract_accuracy.py [--only acled|fakes|seed] [--out DIR]

Writes predictions to DIR (default /tmp/sitrep-bench) and prints each scorer's JSON.  Skips cleanly
when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def run_extract(jsonl: Path, out: Path) -> float:
    t = time.perf_counter()
    with out.open("w") as f:
        subprocess.run([sys.executable, "-m", "sitrep.cli", "extract", "--jsonl", str(jsonl), "--format", "jsonl"],
                       stdout=f, check=True, cwd=ROOT)
    return time.perf_counter() - t


def score(scorer: str, gold: Path, pred: Path, *extra: str) -> dict:
    out = subprocess.run([sys.executable, str(SHARED / "eval" / scorer), str(gold), str(pred), *extra],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> int:
    global SHARED  # --shared replaces the default location for the whole run
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["acled", "fakes", "seed"])
    ap.add_argument("--out", default="/tmp/sitrep-bench")
    ap.add_argument("--shared", type=Path, default=SHARED,
                    help="the evaluation data folder (corpus/, eval/); default ../shared beside the repository")
    a = ap.parse_args()
    SHARED = a.shared
    if not (SHARED / "corpus").is_dir():
        print("../shared not present: skipped")
        return 0
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    results = {}
    if a.only in (None, "seed"):
        seed = SHARED / "corpus" / "seed"
        gold = next(seed.glob("*.gold.json"))
        meta = json.loads(gold.read_text())["document"]
        rec = {"id": meta["id"], "text": (seed / meta["file"]).read_text(), "published": meta["published"],
               "publisher": meta.get("publisher")}
        src = out / "seed.in.jsonl"
        src.write_text(json.dumps(rec) + "\n")
        run_extract(src, out / "seed.pred.jsonl")
        results["seed"] = score("score.py", gold, out / "seed.pred.jsonl", "--texts", str(src))
    if a.only in (None, "acled"):
        d = SHARED / "corpus" / "acled-dev"
        secs = run_extract(d / "texts.jsonl", out / "acled.pred.jsonl")
        results["acled-dev"] = score("score.py", d / "gold.jsonl", out / "acled.pred.jsonl") | {"seconds": round(secs, 1)}
    if a.only in (None, "fakes"):
        d = SHARED / "corpus" / "fakes-dev"
        secs = run_extract(d / "texts.jsonl", out / "fakes.pred.jsonl")
        results["fakes-dev"] = score("score_fakes.py", d / "labels.jsonl", out / "fakes.pred.jsonl") | {"seconds": round(secs, 1)}
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
