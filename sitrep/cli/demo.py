"""`sitrep demo`: extract the bundled sample reports, store them, print the events."""

from __future__ import annotations

import argparse
import sys

from sitrep.cli.store import plural
from sitrep.config import PACKAGE_DATA, Settings

SAMPLES = PACKAGE_DATA / "samples" / "reports.jsonl"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="extract and store the bundled sample reports, print the events")
    p.add_argument("--db", help="store (SQLite path or database URL; default sitrep.db or $SITREP_DB)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from sitrep.cli.extract import format_table
    from sitrep.extract.extractor import Extractor
    from sitrep.ingest import read_path
    from sitrep.types import Extraction, ReportError

    settings = Settings.from_env(db=args.db)
    print(f"sitrep demo: loading the pipeline (spaCy {settings.spacy_model}, gazetteer)...", file=sys.stderr)
    extractor = Extractor.load(settings)
    results: list[Extraction] = []
    for r in extractor.extract_many(read_path(SAMPLES, settings)):
        if isinstance(r, ReportError):
            print(f"sitrep: error: {r.report_id}: {r.reason}", file=sys.stderr)
        else:
            results.append(r)
    print(format_table(results))
    stored = _store(results, settings)
    if stored:
        print(f"\n{stored}")
    return 0 if results else 1


def _store(results, settings: Settings) -> str | None:
    try:
        from sitrep.store import Store
    except ImportError:
        return None
    store = Store.open(settings.db_url)
    try:
        for r in results:
            store.add_extraction(r)
        n = store.count_incidents() if hasattr(store, "count_incidents") else None
    finally:
        if hasattr(store, "close"):
            store.close()
    where = settings.db
    return f"Stored {plural(len(results), 'report')} in {where}" + (f": {plural(n, 'incident')}" if n is not None else "") + \
        ". Try: sitrep incidents --db " + where
