"""Watching feeds: fetch new items, turn them into Documents, hand them to a sink, remember them.

    summary = watch_once(["https://outlet.example/rss", "saved-feed.xml"], settings, sink)
    watch(feeds, settings, sink, every=900)            # loop until stopped

A *sink* takes a list of `Document | ReportError` and returns a `Summary` (ingested, duplicates,
failed); the CLI's default sink stores them (sitrep.run.sinks.store_sink).  Items are marked as seen only
after the sink returned, and the feed's validators (ETag/Last-Modified/body hash) are saved only then,
so a crash re-reads, and a restart fetches nothing twice.

Per item: the feed's full content when it carries some (content:encoded / atom:content with at least
`min_content_chars` of text), else the linked article page through the safe fetcher, else the summary
when there is no link.  An item that fails is retried on later polls up to `max_attempts` times.

Errors on a feed (HTTP errors, malformed XML, refused URLs, ...) are recorded in the summary and the
state; the feed then backs off: `every * 2**(failures-1)` seconds (at least what Retry-After asks,
at most `max_backoff`), while the other feeds go on.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from sitrep.config import Settings
from sitrep.ingest.feeds import FeedItem, FeedState, WatchOptions, WatchState, item_document, parse_feed
from sitrep.ingest.fetch import FetchError, SafeFetcher
from sitrep.ingest.urls import is_url
from sitrep.run.progress import Summary, progress
from sitrep.run.sinks import Sink
from sitrep.types import Document, ReportError


def parse_interval(value: str | float | int) -> float:
    """'15m', '90s', '2h', '1d' or a number of seconds -> seconds."""
    if isinstance(value, int | float):
        return float(value)
    s = value.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    try:
        if s and s[-1] in units:
            n = float(s[:-1]) * units[s[-1]]
        else:
            n = float(s)
    except ValueError:
        raise ValueError(f"not an interval: {value!r} (use e.g. 90s, 15m, 2h)") from None
    if n <= 0:
        raise ValueError(f"interval must be positive: {value!r}")
    return n


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def _fetch_feed(
    feed: str, fs: FeedState, fetcher: SafeFetcher, settings: Settings
) -> tuple[bytes | None, str | None, FeedState]:
    """The feed's bytes (None when unchanged since the last good poll), its content type, and the new
    validators."""
    new = FeedState(**vars(fs))
    content_type = None
    if is_url(feed):
        headers = {}
        if fs.etag:
            headers["If-None-Match"] = fs.etag
        if fs.last_modified:
            headers["If-Modified-Since"] = fs.last_modified
        res = fetcher.get(feed, headers=headers, robots=False)  # a feed the user subscribed to
        if res.not_modified:
            return None, None, new
        data, content_type = res.content, res.content_type
        new.etag, new.last_modified = res.etag, res.last_modified
    else:
        p = Path(feed)
        try:
            if p.stat().st_size > settings.fetch_max_bytes:
                raise ReportError(
                    feed, f"too large: {p.stat().st_size:,} bytes (limit {settings.fetch_max_bytes:,})"
                )
            data = p.read_bytes()
        except OSError as e:
            raise ReportError(feed, f"cannot read feed file: {e.strerror}") from None
    digest = hashlib.sha256(data).hexdigest()
    if fs.body_hash == digest:
        return None, None, new
    new.body_hash = digest
    return data, content_type, new


def _backoff(fs: FeedState, err: ReportError, now: float, opts: WatchOptions) -> None:
    fs.failures += 1
    delay = min(opts.every * 2 ** (fs.failures - 1), opts.max_backoff)
    if isinstance(err, FetchError) and err.retry_after:
        delay = max(delay, min(err.retry_after, opts.max_backoff))
    fs.next_try = now + delay
    fs.last_error = err.reason


def poll_feed(
    feed: str,
    settings: Settings,
    sink: Sink,
    state: WatchState,
    fetcher: SafeFetcher,
    opts: WatchOptions,
    now: float | None = None,
) -> Summary:
    """One poll of one feed: never raises for a bad feed or item; everything lands in the Summary."""
    now = time.time() if now is None else now
    summary = Summary()
    fs = state.feed(feed)
    if fs.next_try > now and not opts.ignore_backoff:
        summary.notes.append(
            f"{feed}: backing off until {_iso(fs.next_try)} after {fs.failures} failure(s); last: {fs.last_error}"
        )
        return summary
    try:
        data, content_type, new = _fetch_feed(feed, fs, fetcher, settings)
        parsed = parse_feed(data, feed, content_type) if data is not None else None
    except ReportError as e:
        _backoff(fs, e, now, opts)
        state.save_feed(fs)
        summary.fail(feed, f"{e.reason} (retry after {_iso(fs.next_try)})")
        return summary
    if parsed is None:
        new.failures, new.next_try, new.last_error, new.last_ok = 0, 0.0, None, now
        state.save_feed(new)
        summary.notes.append(f"{feed}: not modified")
        return summary
    if parsed.warning:
        summary.notes.append(f"{feed}: {parsed.warning}")

    todo: list[FeedItem] = []
    for item in parsed.items[: opts.max_items]:
        st = state.item_status(feed, item.key)
        if st and (st[0] == "done" or st[1] >= opts.max_attempts):
            continue
        if state.link_done(item.link):  # the same article, seen through another feed
            state.mark(feed, item.key, item.link, "done", reason="seen in another feed")
            summary.duplicates += 1
            continue
        todo.append(item)

    results: list[tuple[FeedItem, Document | ReportError]] = []
    for item in progress(todo, total=len(todo), desc=(parsed.title or feed)[:30], unit="item"):
        try:
            results.append((item, item_document(item, parsed, feed, settings, fetcher, opts)))
        except ReportError as e:
            results.append((item, e))
    if results:
        try:
            summary.merge(sink([r for _, r in results]))
        except Exception as e:  # noqa: BLE001 - a failing store must not kill the watcher; retry later
            err = ReportError(feed, f"could not hand items on: {type(e).__name__}: {e}")
            _backoff(fs, err, now, opts)
            state.save_feed(fs)
            summary.fail(feed, err.reason)
            return summary
    for item, r in results:
        if isinstance(r, Document):
            state.mark(feed, item.key, item.link, "done", doc_id=r.id)
        else:
            state.mark(feed, item.key, item.link, "failed", doc_id=r.report_id, reason=r.reason)
    new.failures, new.next_try, new.last_error, new.last_ok = 0, 0.0, None, now
    state.save_feed(new)
    if not results:
        summary.notes.append(f"{feed}: no new items")
    return summary


def watch_once(
    feeds: Sequence[str],
    settings: Settings,
    sink: Sink,
    state: WatchState | None = None,
    fetcher: SafeFetcher | None = None,
    opts: WatchOptions | None = None,
    now: float | None = None,
) -> Summary:
    """Poll every feed once; one feed's failure never stops the others."""
    opts = opts or WatchOptions()
    own_state, own_fetcher = state is None, fetcher is None
    state = state or WatchState.open(settings)
    fetcher = fetcher or SafeFetcher(settings)
    summary = Summary()
    try:
        for feed in feeds:
            summary.merge(poll_feed(feed, settings, sink, state, fetcher, opts, now=now))
    finally:
        if own_fetcher:
            fetcher.close()
        if own_state:
            state.close()
    return summary


def watch(
    feeds: Sequence[str],
    settings: Settings,
    sink: Sink,
    opts: WatchOptions | None = None,
    *,
    once: bool = False,
    stop: threading.Event | None = None,
    on_round: Callable[[Summary], None] | None = None,
    max_rounds: int | None = None,
) -> Summary:
    """Poll all feeds every `opts.every` seconds until `stop` is set (or once, or after `max_rounds`).
    `on_round` gets each round's Summary (the CLI prints it); the total is returned."""
    opts = opts or WatchOptions()
    stop = stop or threading.Event()
    total = Summary()
    rounds = 0
    with WatchState.open(settings) as state, SafeFetcher(settings) as fetcher:
        while True:
            started = time.monotonic()
            s = watch_once(feeds, settings, sink, state=state, fetcher=fetcher, opts=opts)
            total.merge(s)
            rounds += 1
            if on_round:
                on_round(s)
            if once or (max_rounds is not None and rounds >= max_rounds):
                break
            if stop.wait(max(0.0, opts.every - (time.monotonic() - started))):
                break
    return total
