"""CLI: the pipeline's runs — `sitrep ingest` (read, extract, store, merge), `sitrep failures [--retry]`
and `sitrep watch FEED... [--every 15m] [--once]` (poll RSS/Atom feeds, ingest new items, remember what
was seen)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path

from sitrep.cli.extract import published_arg
from sitrep.cli.store import db_option, open_store, plural
from sitrep.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="extract, geocode, merge and store reports", description=(
        "Read reports (files, folders, URLs, JSONL as for `sitrep extract --jsonl`, or '-' for JSONL on "
        "stdin; lines of `sitrep extract --format jsonl` are stored without extracting again), merge their "
        "claims into incidents and store them. Re-ingesting a stored report changes nothing; a report that "
        "fails is recorded (see `sitrep failures`) and the batch goes on."))  # fmt: skip
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, URLs, or - (stdin: JSONL or plain text)")
    p.add_argument("--published", type=published_arg,
                   help="publication date (YYYY-MM-DD) for reports read from text/HTML files, pages and plain stdin")
    p.add_argument("--publisher", help="publisher name for those reports")
    db_option(p)
    p.add_argument("--quiet", "-q", action="store_true", help="print only the summary")
    p.add_argument("--processes", type=int, default=None, metavar="N",
                   help="extract in N worker processes (default $SITREP_PROCESSES or 1); this process stores")
    p.add_argument("--dask", metavar="SCHEDULER", default=None,
                   help="extract on a Dask cluster: a scheduler address, or 'local' for a local cluster of "
                        "--processes workers (default $SITREP_DASK); this process stores")
    p.set_defaults(handler=run_ingest)

    p = sub.add_parser("failures", help="list reports that failed; --retry them")
    db_option(p)
    p.add_argument("--retry", action="store_true", help="process the failed reports again")
    p.add_argument("--all", action="store_true", help="include resolved failures")
    p.add_argument("--format", choices=["table", "json", "jsonl"], default="table")
    p.set_defaults(handler=run_failures)

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


def run_ingest(args: argparse.Namespace) -> int:
    from sitrep.run.ingest import ingest
    from sitrep.run.inputs import read_inputs
    from sitrep.run.progress import progress

    settings, store = open_store(args, create=True)
    if args.processes is not None:
        settings.processes = args.processes
    if args.dask is not None:
        settings.dask = args.dask
    t0 = time.perf_counter()
    with store:
        items = read_inputs(args.paths, settings, published=args.published, publisher=args.publisher)
        summary = ingest(progress(items, desc="ingest"), store, settings)
        stats = store.stats()
    dt = time.perf_counter() - t0
    if not args.quiet:
        for rid, reason in summary.failed:
            print(f"failed: {rid}: {reason}", file=sys.stderr)
        for note in summary.notes:
            print(f"note: {note}", file=sys.stderr)
    n = summary.ingested + summary.duplicates + len(summary.failed)
    print(
        f"ingest: {summary.ingested} stored, {summary.duplicates} already stored, {len(summary.failed)} failed "
        f"({n / dt:.1f} reports/s); store: {plural(stats['incidents'], 'incident')} from "
        f"{plural(stats['claims'], 'claim')} in {plural(stats['documents'], 'report')}",
        file=sys.stderr,
    )
    return 0 if not summary.failed else 1


def run_watch(args: argparse.Namespace) -> int:
    from sitrep.run.progress import Summary
    from sitrep.run.sinks import jsonl_sink, store_sink
    from sitrep.run.watch import WatchOptions, parse_interval, watch

    try:
        every = parse_interval(args.every)
    except ValueError as e:
        print(f"sitrep watch: {e}", file=sys.stderr)
        return 2
    settings = Settings.from_env(db=args.db, watch_state=args.state)
    if args.allow_private:
        settings.allow_private_fetch = True
    sink = jsonl_sink() if args.documents else store_sink(settings)
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
        if not args.documents:
            check(settings)

    try:
        total = watch(args.feeds, settings, sink, opts, once=args.once, stop=stop, on_round=on_round)
    except KeyboardInterrupt:
        print("sitrep watch: stopped", file=sys.stderr)
        return 130
    print(total.format(), file=sys.stderr)
    return 0 if total.ok else 1


def check(settings: Settings) -> None:
    """After a poll: the saved alerts' new or changed incidents to their webhooks (sitrep alerts).  A
    failure here is reported and the watch goes on: deliveries are retried on later polls."""
    from sitrep.run.alerts import check_alerts
    from sitrep.store import Store

    try:
        with Store.open(settings.db_url) as store:
            text = check_alerts(store).format()
    except Exception as e:  # noqa: BLE001 - alerts must never stop the watch
        text = f"alerts: not checked: {type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"
    if text:
        print(text, file=sys.stderr, flush=True)


def run_failures(args: argparse.Namespace) -> int:
    settings, store = open_store(args)
    with store:
        if args.retry:
            from sitrep.run.ingest import ingest

            docs = [d for _, d in store.failed_documents()]
            if not docs:
                print("failures: nothing to retry", file=sys.stderr)
                return 0
            summary = ingest(docs, store, settings)
            print(f"retry: {summary.ingested} stored, {summary.duplicates} already stored, {len(summary.failed)} still failing",
                  file=sys.stderr)  # fmt: skip
            return 0 if not summary.failed else 1
        rows = store.failures(include_resolved=args.all)
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if args.format == "jsonl":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return 0
    for r in rows:
        state = "resolved" if r["resolved_at"] else ("retryable" if r["retryable"] else "re-ingest the source")
        print(f"#{r['id']} {r['report_id']}: {r['reason']} (attempts {r['attempts']}, {state})")
    print(plural(len(rows), "failure"), file=sys.stderr)
    return 0
