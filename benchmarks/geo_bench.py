"""Geocoder benchmark: build time, load time, memory, speed per stage, accuracy on the dev sets.

    .venv/bin/python benchmarks/geo_bench.py [--skip-build]

Reads ../shared/corpus/geo-dev (GeoWebNews) and acled-dev; prints one JSON object.  The resolution
stage is timed alone (mentions found beforehand), as is recognition on pre-parsed spaCy docs.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_memory(path: Path) -> int:
    """Load time and resident memory of the geocoder alone, with its caches warmed."""
    base = rss_mb()
    from sitrep.geo.gazetteer import Gazetteer
    from sitrep.geo.geocoder import Geocoder

    imported = rss_mb()
    t = time.perf_counter()
    geo = Geocoder(Gazetteer(path))
    load = time.perf_counter() - t
    names = [t["text"] for x in (SHARED / "corpus/geo-dev/gold.jsonl").open() for t in json.loads(x)["toponyms"]]
    t = time.perf_counter()
    for name in names:
        geo.lookup(name)
    cold = time.perf_counter() - t
    print(json.dumps({"load_s": round(load, 4), "rss_import_mb": round(imported - base, 1),
                      "rss_loaded_warm_mb": round(rss_mb() - base, 1),
                      "lookups_per_s_cold": round(len(names) / cold)}))
    return 0


def main() -> int:
    global SHARED  # --shared replaces the default location for the whole run
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-build", action="store_true", help="use the cached gazetteer")
    ap.add_argument("--probe", help=argparse.SUPPRESS)
    ap.add_argument("--shared", type=Path, default=SHARED,
                    help="the evaluation data folder (corpus/, eval/); default ../shared beside the repository")
    args = ap.parse_args()
    SHARED = args.shared
    if args.probe:
        return measure_memory(Path(args.probe))

    from sitrep.config import Settings
    from sitrep.geo.build import build
    from sitrep.geo.gazetteer import Gazetteer
    from sitrep.geo.geocoder import Geocoder, gazetteer_path
    from sitrep.geo.recognize import find_mentions

    out: dict = {"date": time.strftime("%Y-%m-%d")}
    settings = Settings.from_env()
    path = gazetteer_path(settings)
    if not args.skip_build:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            stats = build(Path(tmp) / "g.sqlite")
            out["build_s"] = round(time.perf_counter() - t, 1)
            out["build_stats"] = stats
    if not path.exists():
        build(path)
    out["gazetteer_mb"] = round(path.stat().st_size / 2**20, 1)
    # load time and memory in a fresh process (this one holds the build's garbage)
    result = subprocess.run([sys.executable, __file__, "--probe", str(path)], capture_output=True, text=True,
                           check=True)
    out.update(json.loads(result.stdout))
    gaz = Gazetteer(path)
    geo = Geocoder(gaz, settings)

    texts = [json.loads(x) for x in (SHARED / "corpus/geo-dev/texts.jsonl").open(encoding="utf-8")]
    acled = [json.loads(x) for x in (SHARED / "corpus/acled-dev/texts.jsonl").open(encoding="utf-8")]
    nlp = geo.nlp
    t = time.perf_counter()
    docs = list(nlp.pipe([x["text"] for x in texts], batch_size=settings.batch_size))
    out["spacy_docs_per_s_geo_dev"] = round(len(docs) / (time.perf_counter() - t), 1)
    adocs = list(nlp.pipe([x["text"] for x in acled], batch_size=settings.batch_size))

    for name, items, dd in (("geo_dev", texts, docs), ("acled_dev", acled, adocs)):
        t = time.perf_counter()
        mentions = [find_mentions(d, gaz) for d in dd]
        rec = time.perf_counter() - t
        # resolution alone, second run (warm name cache, as in a long-running process)
        geo.resolver.resolve(items[0]["text"], mentions[0])
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            for it, ms in zip(items, mentions, strict=True):
                geo.resolver.resolve(it["text"], ms)
            runs.append(time.perf_counter() - t)
        out[f"{name}_recognition_docs_per_s"] = round(len(dd) / rec, 1)
        out[f"{name}_resolution_docs_per_s"] = round(len(dd) / statistics.median(runs), 1)
        out[f"{name}_mentions_per_doc"] = round(sum(map(len, mentions)) / len(dd), 1)

    # accuracy: GeoWebNews with the shared scorer's rules, ACLED: gold place among ours (<= 25 km)
    from sitrep.geo.distance import haversine_km
    from sitrep.geo.evaluate import score_toponyms

    gold = {d["id"]: d["toponyms"] for d in map(json.loads, (SHARED / "corpus/geo-dev/gold.jsonl").open())}
    r = score_toponyms((gold[it["id"]], geo.find_places(it["text"], doc=d)) for it, d in zip(texts, docs, strict=True))
    out["geo_dev"] = {k: round(r[k], 3) for k in ("precision", "recall", "f1", "acc161")}
    agold = {}
    for x in (SHARED / "corpus/acled-dev/gold.jsonl").open():
        d = json.loads(x)
        agold[d["document"]["id"]] = d["events"][0]["location"]
    hit25 = hit161 = n = 0
    for it, d in zip(acled, adocs, strict=True):
        g = agold.get(it["id"])
        if not g or g.get("lat") is None:
            continue
        n += 1
        ds = [haversine_km(g["lat"], g["lon"], p.lat, p.lon) for p in geo.find_places(it["text"], doc=d)
              if p.lat is not None and not p.demonym]
        hit25 += any(x <= 25 for x in ds)
        hit161 += any(x <= 161 for x in ds)
    out["acled_dev"] = {"notes": n, "gold_place_among_ours_25km": round(hit25 / n, 3),
                        "gold_place_among_ours_161km": round(hit161 / n, 3)}
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
