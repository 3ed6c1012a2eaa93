"""Readers: the entry points that turn paths and URLs into `Document`s, or a `ReportError` saying why
not, by format (text.py, jsonl.py, html.py, feeds.py, urls.py).

A reader never raises for a bad report: it yields a `ReportError` and goes on, so one broken report
never stops a batch.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from sitrep.config import Settings
from sitrep.ingest.feeds import feed_documents
from sitrep.ingest.fetch import SafeFetcher, borrowed
from sitrep.ingest.html import read_html_file
from sitrep.ingest.jsonl import read_jsonl_lines
from sitrep.ingest.text import decode_text, read_text_file
from sitrep.ingest.urls import document_from_fetch, fetch_page, looks_like_feed
from sitrep.types import Document, ReportError

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}  # read item by item (sitrep.ingest.feeds.feed_documents)

def read_path(path: str | Path, settings: Settings, **meta) -> Iterator[Document | ReportError]:
    """Documents from a file or a folder (recursively, sorted), by suffix: text, JSONL, HTML, feeds
    (.rss/.atom/.xml: one Document per item); or from an http(s) URL through the safe fetcher (a page,
    or each item of a feed: read_url_documents below)."""
    if isinstance(path, str) and path.lower().startswith(("http://", "https://")):
        yield from read_url_documents(path, settings, **meta)
        return
    p = Path(path)
    if str(path) == "-":
        yield from read_stdin(sys.stdin, settings, **meta)
        return
    if p.is_dir():
        for child in sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith(".")):
            yield from read_path(child, settings, **meta)
        return
    if not p.exists():
        yield ReportError(p.stem or str(p), f"no such file: {p}")
        return
    suffix = p.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        try:
            with p.open(encoding="utf-8", errors="replace") as f:
                yield from read_jsonl_lines(f, str(p), settings)
        except OSError as e:
            yield ReportError(str(p), f"cannot read: {e.strerror}")
        return
    if suffix in FEED_SUFFIXES:
        try:
            if p.stat().st_size > settings.fetch_max_bytes:
                yield ReportError(
                    str(p), f"too large: {p.stat().st_size:,} bytes (limit {settings.fetch_max_bytes:,})"
                )
                return
            data = p.read_bytes()
        except OSError as e:
            yield ReportError(str(p), f"cannot read: {e.strerror}")
            return
        yield from feed_documents(data, str(p), settings)
        return
    if suffix in HTML_SUFFIXES:
        try:
            yield read_html_file(p, settings, **meta)
        except ReportError as e:
            yield e
        return
    try:
        yield read_text_file(p, settings, **meta)
    except ReportError as e:
        yield e


def read_stdin(lines: Iterable[str], settings: Settings, **meta: Any) -> Iterator[Document | ReportError]:
    """Standard input: JSONL reports when its first non-blank line is a JSON object, else one plain
    text report (id "stdin"; `meta` as for a text file), so `echo TEXT | sitrep extract -` works."""
    it = iter(lines)
    head = sniff(it)
    if head and head[-1].lstrip().startswith("{"):
        yield from read_jsonl_lines(chain(head, it), "stdin", settings)
        return
    yield text_document("stdin", chain(head, it), settings, **meta)


def sniff(lines: Iterator[str]) -> list[str]:
    """The lines up to and including the first non-blank one (consumed from `lines`)."""
    head: list[str] = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    return head


def text_document(rid: str, lines: Iterable[str], settings: Settings, **meta: Any) -> Document | ReportError:
    """Lines of plain text as one report, read up to the size limit (one byte more tells it is over)."""
    budget, parts = settings.max_report_bytes + 1, []
    for line in lines:
        parts.append(line)
        budget -= len(line.encode("utf-8", "replace"))
        if budget < 0:
            break
    try:
        text = decode_text(rid, "".join(parts).encode("utf-8", "replace"), settings.max_report_bytes)
    except ReportError as e:
        return e
    meta = {k: v for k, v in meta.items() if v is not None}
    if meta.get("published"):
        meta.setdefault("published_source", "given")
    return Document(id=rid, text=text, origin=rid, **meta)


def read_url_documents(
    url: str, settings: Settings, fetcher: SafeFetcher | None = None, **meta: Any
) -> Iterator[Document | ReportError]:
    """What `sitrep ingest URL` reads: the page as one Document, or, when the URL is a feed, each of its
    items (full content or linked page; no memory of what was seen, unlike `sitrep watch`)."""
    with borrowed(fetcher, settings) as f:
        try:
            res = fetch_page(f, url, meta.get("doc_id"))
        except ReportError as e:
            yield e
            return
        if looks_like_feed(res):
            yield from feed_documents(
                res.content, res.final_url, settings, fetcher=f, content_type=res.content_type
            )
            return
        try:
            yield document_from_fetch(res, settings, **meta)
        except ReportError as e:
            yield e
