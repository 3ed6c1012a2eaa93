"""RSS/Atom feeds: parse a feed into items, and remember what was seen.

Parsing is feedparser's, always on bytes we fetched ourselves (feedparser never fetches anything).

What was seen lives in a small SQLite file (`WatchState`), by default beside a SQLite database
(`sitrep.db` -> `sitrep.db.watch.sqlite`), else `<cache_dir>/watch-<hash of db url>.sqlite`, or where
`settings.watch_state` / SITREP_WATCH_STATE says.  Two tables:

- `feeds`: per feed, the validators of the last good fetch (ETag, Last-Modified, and a hash of the
  body for local files and servers without validators), the failure count and when to try again
  (back-off), and the last error;
- `items`: per (feed, item key), whether it was handed on (`done`) or failed to fetch (`failed`, with
  the number of attempts and the reason).  The item key is the item's id (guid), else its link, else a
  hash of title and summary.  An item whose link is already `done` in any feed is not fetched again.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.config import Settings
from sitrep.ingest.fetch import SafeFetcher, borrowed
from sitrep.ingest.html import html_to_document, url_doc_id
from sitrep.ingest.published import normalize_published
from sitrep.ingest.urls import document_from_fetch, is_url
from sitrep.types import Document, ReportError


@dataclass
class FeedItem:
    key: str
    link: str | None
    title: str | None
    published: str | None  # raw date string from the feed (normalised later)
    content_html: str | None  # full content (content:encoded / atom:content) when the feed has it
    summary_html: str | None


@dataclass
class ParsedFeed:
    title: str | None
    link: str | None
    items: list[FeedItem] = field(default_factory=list)
    warning: str | None = None  # e.g. malformed XML that could still be read leniently


def _item_key(e: Any) -> str:
    for k in ("id", "guid", "link"):
        v = e.get(k)
        if v:
            return str(v).strip()
    basis = f"{e.get('title', '')}\n{e.get('summary', '')}"
    return "sha1:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()


def _item_date(e: Any) -> str | None:
    for raw, parsed in (
        ("published", "published_parsed"),
        ("updated", "updated_parsed"),
        ("created", "created_parsed"),
    ):
        if e.get(raw):
            return str(e.get(raw))
        if e.get(parsed):
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(e.get(parsed))))
    return None


def parse_feed(data: bytes, source: str, content_type: str | None = None) -> ParsedFeed:
    """Feed bytes -> ParsedFeed, or ReportError(source, reason) when it is no readable feed."""
    import feedparser

    if not data.strip():
        raise ReportError(source, "empty feed")
    headers = {"content-type": content_type or "application/xml"}
    if source.startswith(("http://", "https://")):
        headers["content-location"] = source  # relative links resolve against the feed's URL
    d = feedparser.parse(data, response_headers=headers)
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if d.bozo and d.version and isinstance(d.get("bozo_exception"), benign):
        d["bozo"] = 0
    if not d.entries:
        looks_html = re.search(rb"<(?:!doctype html|html|head|body)\b", data[:4096], re.I) is not None
        if d.bozo and (d.version or not looks_html):
            exc = d.get("bozo_exception")
            raise ReportError(source, f"malformed feed XML: {exc}" if exc else "malformed feed")
        if not d.version:
            links = discover_feeds(data, source)
            hint = f"; the page links to feed(s): {', '.join(links[:3])}" if links else ""
            raise ReportError(source, f"not an RSS or Atom feed{hint}")
    warning = None
    if d.bozo:
        warning = (
            f"feed is not well-formed XML ({d.get('bozo_exception')}); read {len(d.entries)} items leniently"
        )
    items = []
    for e in d.entries:
        content = None
        for c in e.get("content") or []:
            if c.get("value"):
                content = c["value"]
                break
        items.append(
            FeedItem(
                key=_item_key(e),
                link=(e.get("link") or "").strip() or None,
                title=e.get("title") or None,
                published=_item_date(e),
                content_html=content,
                summary_html=e.get("summary") or None,
            )
        )
    return ParsedFeed(
        title=d.feed.get("title") or None, link=d.feed.get("link") or None, items=items, warning=warning
    )


def discover_feeds(data: bytes, base: str | None = None) -> list[str]:
    """Feed URLs an HTML page announces (<link rel="alternate" type="application/rss+xml" href=...>)."""
    from urllib.parse import urljoin

    if b"<link" not in data[:200_000].lower():
        return []
    try:
        from lxml import html as lh

        tree = lh.fromstring(data[:2_000_000])
    except Exception:  # noqa: BLE001 - junk is simply no page
        return []
    found: list[str] = []
    for el in tree.iter("link"):
        rel = (el.get("rel") or "").lower().split()
        typ = (el.get("type") or "").lower()
        href = (el.get("href") or "").strip()
        if "alternate" in rel and typ in ("application/rss+xml", "application/atom+xml") and href:
            url = urljoin(base, href) if base and base.startswith(("http://", "https://")) else href
            if url not in found:
                found.append(url)
    return found


def default_state_path(settings: Settings) -> Path:
    if settings.watch_state:
        return Path(settings.watch_state)
    if "://" not in settings.db or settings.db.startswith("sqlite:///"):
        db = settings.db.removeprefix("sqlite:///")
        if db and db != ":memory:":
            return Path(db + ".watch.sqlite")
    digest = hashlib.sha1(settings.db_url.encode()).hexdigest()[:10]
    return Path(settings.cache_dir) / f"watch-{digest}.sqlite"


@dataclass
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    failures: int = 0
    next_try: float = 0.0
    last_error: str | None = None
    last_ok: float | None = None


_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, body_hash TEXT,
    failures INTEGER NOT NULL DEFAULT 0, next_try REAL NOT NULL DEFAULT 0,
    last_error TEXT, last_ok REAL
);
CREATE TABLE IF NOT EXISTS items (
    feed TEXT NOT NULL, key TEXT NOT NULL, link TEXT, status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, doc_id TEXT, reason TEXT,
    first_seen REAL NOT NULL, last_seen REAL NOT NULL,
    PRIMARY KEY (feed, key)
);
CREATE INDEX IF NOT EXISTS items_link ON items (link);
"""


class WatchState:
    """What the watcher has seen, in SQLite (safe against a crash: written after each feed)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(path))
        self.conn.executescript(_SCHEMA)

    @classmethod
    def open(cls, settings: Settings) -> WatchState:
        return cls(default_state_path(settings))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> WatchState:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # feeds
    def feed(self, url: str) -> FeedState:
        row = self.conn.execute(
            "SELECT etag, last_modified, body_hash, failures, next_try, last_error, last_ok FROM feeds WHERE url=?",
            (url,),
        ).fetchone()
        return FeedState(url, *row) if row else FeedState(url)

    def save_feed(self, fs: FeedState) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT INTO feeds (url, etag, last_modified, body_hash, failures, next_try, last_error, last_ok) "
                "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(url) DO UPDATE SET etag=excluded.etag, "
                "last_modified=excluded.last_modified, body_hash=excluded.body_hash, failures=excluded.failures, "
                "next_try=excluded.next_try, last_error=excluded.last_error, last_ok=excluded.last_ok",
                (
                    fs.url,
                    fs.etag,
                    fs.last_modified,
                    fs.body_hash,
                    fs.failures,
                    fs.next_try,
                    fs.last_error,
                    fs.last_ok,
                ),
            )

    # items
    def item_status(self, feed: str, key: str) -> tuple[str, int] | None:
        row = self.conn.execute(
            "SELECT status, attempts FROM items WHERE feed=? AND key=?", (feed, key)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def link_done(self, link: str | None) -> bool:
        if not link:
            return False
        return (
            self.conn.execute(
                "SELECT 1 FROM items WHERE link=? AND status='done' LIMIT 1", (link,)
            ).fetchone()
            is not None
        )

    def mark(
        self,
        feed: str,
        key: str,
        link: str | None,
        status: str,
        doc_id: str | None = None,
        reason: str | None = None,
    ) -> None:
        now = time.time()
        with self.conn:
            self.conn.execute(
                "INSERT INTO items (feed, key, link, status, attempts, doc_id, reason, first_seen, last_seen) "
                "VALUES (?,?,?,?,1,?,?,?,?) ON CONFLICT(feed, key) DO UPDATE SET status=excluded.status, "
                "attempts=items.attempts+1, doc_id=COALESCE(excluded.doc_id, items.doc_id), reason=excluded.reason, "
                "last_seen=excluded.last_seen",
                (feed, key, link, status, doc_id, reason, now, now),
            )

    def counts(self, feed: str | None = None) -> dict[str, int]:
        q = "SELECT status, COUNT(*) FROM items" + (" WHERE feed=?" if feed else "") + " GROUP BY status"
        return dict(self.conn.execute(q, (feed,) if feed else ()).fetchall())


@dataclass
class WatchOptions:
    every: float = 900.0  # seconds between polls (also the back-off unit)
    max_items: int | None = None  # per feed per poll (newest first as the feed lists them)
    max_attempts: int = 3  # per item
    max_backoff: float = 24 * 3600.0
    min_content_chars: int = 400  # feed content shorter than this is a teaser: fetch the page
    ignore_backoff: bool = False


def _item_id(feed: str, item: FeedItem) -> str:
    if item.link and is_url(item.link):
        return url_doc_id(item.link)
    stem = Path(feed).stem if not is_url(feed) else url_doc_id(feed).rsplit("-", 1)[0]
    return f"{stem}-{hashlib.sha1(item.key.encode('utf-8')).hexdigest()[:10]}"


def item_document(
    item: FeedItem,
    parsed: ParsedFeed,
    feed: str,
    settings: Settings,
    fetcher: SafeFetcher,
    opts: WatchOptions,
) -> Document:
    """One feed item -> Document: the feed's full content when it carries it, else the linked page.
    When the page cannot be read, the feed's own text (a teaser, or the whole of a 1-2 sentence item)
    stands in, and the Document's notes say so; ReportError when there is neither."""
    rid = _item_id(feed, item)
    published = normalize_published(item.published)
    meta = {"title": item.title, "published": published, "published_source": "feed" if published else None}
    own: Document | None = None  # the feed's own text: full content first, else the summary
    for html in (item.content_html, item.summary_html):
        if not html:
            continue
        try:
            own = html_to_document(
                html, url=item.link, doc_id=rid, settings=settings, publisher=parsed.title, origin=feed, **meta
            )
        except ReportError:
            continue
        break
    full = own is not None and (html == item.content_html and len(own.text) >= opts.min_content_chars)
    if own is not None and (full or not item.link):
        return own
    if not item.link:
        raise ReportError(rid, f"feed item {item.key!r} has no content and no link")
    try:
        doc = document_from_fetch(fetcher.get(item.link), settings, doc_id=rid, **meta)
    except ReportError as e:
        if own is None:
            raise ReportError(rid, f"{item.link}: {e.reason}") from None
        own.notes.append(f"the linked page could not be read ({e.reason}); the feed's own text "
                         f"({len(own.text):,} characters) was used")
        return own
    if not doc.publisher:
        doc.publisher = parsed.title
    return doc


def feed_documents(
    data: bytes,
    source: str,
    settings: Settings,
    fetcher: SafeFetcher | None = None,
    content_type: str | None = None,
    opts: WatchOptions | None = None,
) -> Iterator[Document | ReportError]:
    """Every item of a feed as a Document (or ReportError), without any memory of what was seen: what
    `sitrep ingest FEED` does once; `watch` is the one that remembers."""
    opts = opts or WatchOptions()
    try:
        parsed = parse_feed(data, source, content_type)
    except ReportError as e:
        yield e
        return
    with borrowed(fetcher, settings) as f:
        for item in parsed.items[: opts.max_items]:
            try:
                yield item_document(item, parsed, source, settings, f, opts)
            except ReportError as e:
                yield e
