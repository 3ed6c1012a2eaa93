"""Readers: turn files and JSONL lines into `Document`s, or a `ReportError` saying why not.

A reader never raises for a bad report: it yields a `ReportError` and goes on, so one broken report
never stops a batch.  Checks here are the ones every format shares: size, binary content, encoding,
emptiness.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitrep.config import Settings
from sitrep.types import Document, ReportError

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}  # read item by item (sitrep.ingest.watch.feed_documents)

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode_text(report_id: str, raw: bytes, max_bytes: int) -> str:
    """Bytes -> clean text, or ReportError: empty, too large, binary, not UTF-8."""
    if len(raw) > max_bytes:
        raise ReportError(
            report_id, f"too large: {len(raw):,} bytes (limit {max_bytes:,}; SITREP_MAX_REPORT_BYTES)"
        )
    if not raw.strip():
        raise ReportError(report_id, "empty report")
    if b"\x00" in raw[:8192]:
        raise ReportError(report_id, "binary content (NUL bytes), not a text report")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ReportError(
            report_id, f"not valid UTF-8 (byte {e.start}): re-encode the file as UTF-8"
        ) from None
    if len(_CONTROL.findall(text[:8192])) > 20:
        raise ReportError(report_id, "binary content (control characters), not a text report")
    return normalize_text(text)


def normalize_text(text: str) -> str:
    """Unify newlines and strip trailing spaces; offsets of evidence refer to this form."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def document_from_record(rec: dict, where: str, settings: Settings) -> Document:
    """A JSONL record {id, text, published?, publisher?, title?, url?} -> Document."""
    rid = str(rec.get("id") or where)
    if not isinstance(rec, dict):
        raise ReportError(where, "JSON line is not an object")
    text = rec.get("text")
    if not isinstance(text, str):
        raise ReportError(rid, "JSON record has no 'text' string")
    text = decode_text(rid, text.encode("utf-8", "replace"), settings.max_report_bytes)
    published = _str_or_none(rec.get("published"))
    return Document(
        id=rid,
        text=text,
        title=rec.get("title"),
        publisher=rec.get("publisher"),
        published=published,
        url=rec.get("url"),
        origin=where,
        published_source="given" if published else None,
    )


def _str_or_none(v) -> str | None:
    return None if v in (None, "") else str(v)


def read_jsonl_lines(
    lines: Iterable[str], origin: str, settings: Settings
) -> Iterator[Document | ReportError]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield ReportError(where, f"line is not JSON ({e.msg} at column {e.colno})")
            continue
        if not isinstance(rec, dict):
            yield ReportError(where, "JSON line is not an object")
            continue
        try:
            yield document_from_record(rec, where, settings)
        except ReportError as e:
            yield e


def read_text_file(path: Path, settings: Settings, doc_id: str | None = None, **meta) -> Document:
    rid = doc_id or path.stem
    try:
        size = path.stat().st_size
        if size > settings.max_report_bytes:
            raise ReportError(
                rid,
                f"too large: {size:,} bytes (limit {settings.max_report_bytes:,}; SITREP_MAX_REPORT_BYTES)",
            )
        raw = path.read_bytes()
    except OSError as e:
        raise ReportError(rid, f"cannot read {path}: {e.strerror}") from None
    text = decode_text(rid, raw, settings.max_report_bytes)
    meta = {k: v for k, v in meta.items() if v is not None}
    if meta.get("published") and "published_source" not in meta:
        meta["published_source"] = "given"
    return Document(id=rid, text=text, origin=str(path), **meta)


def read_path(path: str | Path, settings: Settings, **meta) -> Iterator[Document | ReportError]:
    """Documents from a file or a folder (recursively, sorted), by suffix: text, JSONL, HTML, feeds
    (.rss/.atom/.xml: one Document per item); or from an http(s) URL through the safe fetcher (a page,
    or each item of a feed: sitrep.ingest.urls.read_url_documents)."""
    if isinstance(path, str) and path.lower().startswith(("http://", "https://")):
        from sitrep.ingest.urls import read_url_documents

        yield from read_url_documents(path, settings, **meta)
        return
    p = Path(path)
    if str(path) == "-":
        import sys

        yield from read_jsonl_lines(sys.stdin, "stdin", settings)
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
        from sitrep.ingest.watch import feed_documents

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
            from sitrep.ingest.html import read_html_file
        except ImportError:
            yield ReportError(p.stem, "HTML reading is not available")
            return
        try:
            yield read_html_file(p, settings, **meta)
        except ReportError as e:
            yield e
        return
    try:
        yield read_text_file(p, settings, **meta)
    except ReportError as e:
        yield e
