"""Merge precision on ACLED's own coding: acled-dev holds ~950 distinct ACLED events (27 Apr - 9 May
2020, all countries), each with its note.  Fed to the store as claims (gold type, date, place,
actors, fatalities; the note as evidence), every incident holding more than one ACLED event is a merge
ACLED would not make.  Measures the false-merge rate of the merge rules with perfect extraction, and
store speed on 950 small reports.

    .venv/bin/python benchmarks/ingest_acled_merge.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def extractions(path: Path) -> list:
    from sitrep.taxonomy import SUB_EVENT_TYPES
    from sitrep.types import Claim, Count, Document, Extraction, Location, Span

    out = []
    for line in path.open(encoding="utf-8"):
        rec = json.loads(line)
        note = " ".join(e.get("evidence") or "" for e in rec["events"])
        doc = Document(id=rec["document"]["id"], text=note or rec["document"]["id"], publisher="ACLED note",
                       published=rec["document"].get("published"))  # fmt: skip
        claims = []
        for e in rec["events"]:
            if e.get("sub_event_type") not in SUB_EVENT_TYPES:
                continue
            loc = e.get("location") or {}
            f = e.get("fatalities") or {}
            ev = e.get("evidence") or ""
            claims.append(
                Claim(
                    event_type=e["event_type"],
                    sub_event_type=e["sub_event_type"],
                    date=e.get("date"),
                    date_precision="day",
                    location=Location(loc.get("name") or "?", loc.get("admin1"), loc.get("country"), None,
                                      loc.get("lat"), loc.get("lon"), None, 1),  # fmt: skip
                    actor1=e.get("actor1"),
                    actor2=e.get("actor2"),
                    fatalities=Count(f.get("low"), f.get("low"), f.get("high")) if f.get("low") else None,
                    injuries=None,
                    sources=[],
                    evidence=[Span(0, len(ev), ev)],
                )
            )
        out.append(Extraction(doc, claims))
    return out


def main() -> int:
    global SHARED  # --shared replaces the default location for the whole run
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=SHARED,
                    help="the evaluation data folder (corpus/, eval/); default ../shared beside the repository")
    SHARED = ap.parse_args().shared
    path = SHARED / "corpus" / "acled-dev" / "gold.jsonl"
    if not path.exists():
        print("../shared not present: skipped")
        return 0
    sys.path.insert(0, str(ROOT))
    from sitrep.config import Settings
    from sitrep.run.ingest import ingest
    from sitrep.store import Store

    items = extractions(path)
    n_claims = sum(len(e.events) for e in items)
    with tempfile.TemporaryDirectory() as tmp, Store.open(f"sqlite:///{tmp}/acled.db") as store:
        t = time.perf_counter()
        ingest(items, store, Settings())
        dt = time.perf_counter() - t
        incidents = store.list_incidents(with_claims=True)
    sizes = Counter(len({c["document"]["id"] for c in i["claims"]}) for i in incidents)
    wrong = [i for i in incidents if len({c["document"]["id"] for c in i["claims"]}) > 1]
    res = {
        "notes": len(items),
        "claims": n_claims,
        "incidents": len(incidents),
        "incidents_by_notes": dict(sorted(sizes.items())),
        "notes_in_false_merges": sum(len({c["document"]["id"] for c in i["claims"]}) for i in wrong),
        "false_merge_rate": round(sum(len({c["document"]["id"] for c in i["claims"]}) for i in wrong) / len(items), 4),
        "store_reports_per_s": round(len(items) / dt, 1),
        "examples": [
            [f"{c['document']['id']}: {c['sub_event_type']}, {c['date']}, {(c['location'] or {}).get('name')}, {c['actor1']}"
             for c in i["claims"]]
            for i in wrong[:5]
        ],  # fmt: skip
    }
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
