"""`sitrep watch FEED... [--every 15m] [--once]`: poll RSS/Atom feeds (URLs or local files), ingest new
items, remember what was seen."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sitrep.config import Settings
from sitrep.types import Document, ReportError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "watch",
        help="poll RSS/Atom feeds and ingest new items",
        description=(
            "Poll feeds (URLs or local files), fetch new items (the feed's full content when it carries it, "
            "else the linked page, fetched safely), ingest them and remember what was seen (ETag, "
            "Last-Modified, item ids) so that a restart fetches nothing twice. Feeds that fail back off."
        ),
    )
    p.add_argument("feeds", nargs="+", metavar="FEED", help="feed URL or file")
    p.add_argument("--every", default="15m", help="poll interval, e.g. 90s, 15m, 2h (default 15m)")
    p.add_argument("--once", action="store_true", help="poll each feed once and exit")
    p.add_argument("--db", help="database (default $SITREP_DB or sitrep.db)")
    p.add_argument("--state", type=Path, help="watch state file (default: <db>.watch.sqlite)")
    p.add_argument("--max-items", type=int, help="at most N new items per feed per poll")
    p.add_argument("--ignore-backoff", action="store_true", help="poll failing feeds now rather than wait")
    p.add_argument(
        "--allow-private",
        action="store_true",
        help="allow fetching from private/loopback addresses (SSRF guard off)",
    )
    p.add_argument(
        "--documents",
        action="store_true",
        help="print new documents as JSON lines on stdout instead of storing them",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="print only failures and the final summary")
    p.set_defaults(handler=run_watch)


def jsonl_sink(out=None) -> Callable[[list[Document | ReportError]], object]:
    """A sink that prints each document as a JSON line (the JSONL input format, plus provenance)."""
    from sitrep.ingest.progress import Summary

    def sink(batch: list[Document | ReportError]) -> Summary:
        s = Summary()
        stream = out or sys.stdout
        for d in batch:
            if isinstance(d, ReportError):
                s.fail(d.report_id, d.reason)
                continue
            rec = {**d.to_dict(), "text": d.text, "origin": d.origin, "published_source": d.published_source}
            stream.write(json.dumps(rec, ensure_ascii=False) + "\n")
            s.ingested += 1
            if not d.published:
                s.undated.append(d.id)
        stream.flush()
        return s

    return sink


def store_sink(
    settings: Settings, extractor_factory: Callable[[], Any] | None = None
) -> Callable[[list[Document | ReportError]], Any] | None:
    """The store's ingest (sitrep.store.pipeline.ingest: skip known, extract, store, merge; failures
    recorded in the store) as a sink, with the extractor loaded once for all polls; None when the store
    is not available."""
    try:
        from sitrep.store import Store
        from sitrep.store.pipeline import ingest
    except ImportError:
        return None
    loaded: list[Any] = []

    def factory() -> Any:
        if not loaded:
            if extractor_factory is not None:
                loaded.append(extractor_factory())
            else:
                from sitrep.extract import Extractor

                loaded.append(Extractor.load(settings))
        return loaded[0]

    def sink(batch: list[Document | ReportError]):
        with Store.open(settings.db_url) as store:
            return ingest(batch, store, settings, extractor_factory=factory)

    return sink


def run_watch(args: argparse.Namespace) -> int:
    from sitrep.ingest.progress import Summary
    from sitrep.ingest.watch import WatchOptions, parse_interval, watch

    try:
        every = parse_interval(args.every)
    except ValueError as e:
        print(f"sitrep watch: {e}", file=sys.stderr)
        return 2
    settings = Settings.from_env(db=args.db, watch_state=args.state)
    if args.allow_private:
        settings.allow_private_fetch = True
    sink = None if args.documents else store_sink(settings)
    if sink is None:
        if not args.documents:
            print(
                "sitrep watch: the store is not available; printing documents as JSON lines", file=sys.stderr
            )
        sink = jsonl_sink()
    opts = WatchOptions(every=every, max_items=args.max_items, ignore_backoff=args.ignore_backoff)

    stop = threading.Event()

    def on_signal(signum, frame) -> None:  # finish the current feed, then stop
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, on_signal)

    def on_round(s: Summary) -> None:
        if not args.once:
            text = s.format() if not args.quiet else "\n".join(f"failed: {i}: {r}" for i, r in s.failed)
            if text:
                print(text, file=sys.stderr, flush=True)

    try:
        total = watch(args.feeds, settings, sink, opts, once=args.once, stop=stop, on_round=on_round)
    except KeyboardInterrupt:
        print("sitrep watch: stopped", file=sys.stderr)
        return 130
    print(total.format(), file=sys.stderr)
    return 0 if total.ok else 1
