"""Extraction speed on fakes-dev: articles/s with 1 and 2 processes, beside bare spaCy nlp.pipe on the
same texts, and peak memory (max RSS of the process tree).

    .venv/bin/python benchmarks/extract_speed.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main() -> int:
    global SHARED  # --shared replaces the default location for the whole run
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--shared", type=Path, default=SHARED,
                    help="the evaluation data folder (corpus/, eval/); default ../shared beside the repository")
    a = ap.parse_args()
    SHARED = a.shared
    path = SHARED / "corpus" / "fakes-dev" / "texts.jsonl"
    if not path.exists():
        print("../shared not present: skipped")
        return 0
    sys.path.insert(0, str(ROOT))
    import spacy

    from sitrep.config import Settings
    from sitrep.ingest import read_path
    from sitrep.run.parallel import extract_stream

    settings = Settings.from_env()
    docs = [d for d in read_path(path, settings)]
    if a.limit:
        docs = docs[: a.limit]
    n = len(docs)
    chars = sum(len(d.text) for d in docs)
    res = {"articles": n, "chars": chars}

    t = time.perf_counter()
    nlp = spacy.load(settings.spacy_model)
    load = time.perf_counter() - t
    t = time.perf_counter()
    for _ in nlp.pipe((d.text for d in docs), batch_size=64):
        pass
    res["bare_spacy_pipe_1proc"] = {"articles_per_s": round(n / (time.perf_counter() - t), 1), "load_s": round(load, 2)}
    del nlp

    for procs in (1, 2):
        s = Settings.from_env(processes=procs)
        t = time.perf_counter()
        from sitrep.extract.extractor import Extractor

        ex = Extractor.load(s) if procs == 1 else None
        load = time.perf_counter() - t
        t = time.perf_counter()
        out = list(extract_stream(iter(docs), s, extractor=ex))
        dt = time.perf_counter() - t
        res[f"sitrep_{procs}proc"] = {"articles_per_s": round(n / dt, 1), "seconds": round(dt, 1),
                                     "load_s": round(load, 2), "events": sum(len(getattr(r, "events", [])) for r in out)}
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    res["peak_rss_mb"] = {"main": round(self_rss), "largest_worker": round(child_rss)}
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
