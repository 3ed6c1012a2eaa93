"""JSONL reports: one `{id, text, published?, publisher?, title?, url?}` object per line -> `Document`s;
a bad line yields its `ReportError` and the rest go on.

Every line is checked at the edge, with a one-line reason when refused: it must be JSON (no NaN or
Infinity), nested at most MAX_JSON_DEPTH deep, at most `max_line_chars` long, an object whose fields
have the right types and sizes; a given `published` must be a real date (see
sitrep.ingest.published.check_published): a report whose date is wrong fails rather than losing
every event date without a word.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sitrep.config import Settings
from sitrep.ingest.published import check_published
from sitrep.ingest.text import decode_text
from sitrep.types import Document, ReportError

MAX_JSON_DEPTH = 32  # a report record is 1 deep, an extraction ~5: anything deeper is not ours
# Sizes the store keeps (its column widths), so a record that passes here can always be stored.
MAX_FIELD_CHARS = {"id": 300, "publisher": 300, "url": 2000, "title": 2000, "language": 10}


def max_line_chars(settings: Settings) -> int:
    """A line may hold a report at its size limit written with JSON escapes (up to 6 chars a char)."""
    return 6 * settings.max_report_bytes + 100_000


def load_json_line(line: str, where: str, limit: int | None = None) -> Any:
    """The JSON value on one line, or a ReportError saying in one line why not: not JSON, too long,
    nested deeper than MAX_JSON_DEPTH, a number too long to read, NaN/Infinity."""
    if limit is not None and len(line) > limit:
        raise ReportError(where, f"line too long: {len(line):,} characters (limit {limit:,})")
    try:
        value = json.loads(line, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        raise ReportError(where, f"line is not JSON ({e.msg} at column {e.colno})") from None
    except RecursionError:
        raise ReportError(where, f"JSON nested too deep (limit {MAX_JSON_DEPTH} levels)") from None
    except ValueError as e:  # an integer over Python's digit limit, NaN/Infinity
        raise ReportError(where, f"JSON value refused: {one_line(str(e))}") from None
    if _depth_over(value, MAX_JSON_DEPTH):
        raise ReportError(where, f"JSON nested too deep (limit {MAX_JSON_DEPTH} levels)")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _depth_over(value: Any, limit: int) -> bool:
    """Whether containers nest deeper than `limit` (iterative: no recursion on hostile input)."""
    stack = [(value, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict):
            v = list(v.values())
        elif not isinstance(v, list):
            continue
        if d > limit:
            return True
        stack.extend((x, d + 1) for x in v if isinstance(x, (dict, list)))
    return False


def one_line(s: str, limit: int = 160) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def optional_str(rec: dict, key: str, rid: str) -> str | None:
    """A record's optional string field: None when absent, null or "", else a string within its
    size limit; anything else is a ReportError."""
    v = rec.get(key)
    if v is None or v == "":
        return None
    if not isinstance(v, str):
        raise ReportError(rid, f"'{key}' must be a string, not {_json_type(v)}")
    limit = MAX_FIELD_CHARS.get(key)
    if limit is not None and len(v) > limit:
        raise ReportError(rid, f"'{key}' too long: {len(v):,} characters (limit {limit:,})")
    return v


def record_id(rec: dict, where: str) -> str:
    """The record's id (a string, or an integer written as one), else `where` (file:line)."""
    v = rec.get("id")
    if v is None or v == "":
        return where
    if isinstance(v, bool) or not isinstance(v, (str, int)):
        raise ReportError(where, f"'id' must be a string, not {_json_type(v)}")
    rid = str(v)
    if len(rid) > MAX_FIELD_CHARS["id"]:
        raise ReportError(where, f"'id' too long: {len(rid):,} characters (limit {MAX_FIELD_CHARS['id']})")
    return rid


def given_published(rec: dict, rid: str) -> str | None:
    """A record's `published`, checked: None when absent, else the date (normalised when given in a
    compact or written form); a ReportError when it is not a plausible date."""
    v = rec.get("published")
    if v is None or v == "":
        return None
    if not isinstance(v, str):
        raise ReportError(rid, f"'published' must be a date string (YYYY-MM-DD), not {_json_type(v)}")
    try:
        return check_published(v)
    except ValueError as e:
        raise ReportError(rid, f"'published': {e}") from None


def _json_type(v: Any) -> str:
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "an object"
    return type(v).__name__


def document_from_record(rec: dict, where: str, settings: Settings) -> Document:
    """A JSONL record {id, text, published?, publisher?, title?, url?} -> Document."""
    if not isinstance(rec, dict):
        raise ReportError(where, "JSON line is not an object")
    rid = record_id(rec, where)
    text = rec.get("text")
    if not isinstance(text, str):
        raise ReportError(rid, "JSON record has no 'text' string")
    text = decode_text(rid, text.encode("utf-8", "replace"), settings.max_report_bytes)
    published = given_published(rec, rid)
    return Document(
        id=rid,
        text=text,
        title=optional_str(rec, "title", rid),
        publisher=optional_str(rec, "publisher", rid),
        published=published,
        url=optional_str(rec, "url", rid),
        origin=where,
        published_source="given" if published else None,
    )


def record_or_error(rec: Any, where: str, settings: Settings) -> Document | ReportError:
    """document_from_record, never raising: whatever a record holds, the records after it are read."""
    try:
        return document_from_record(rec, where, settings)
    except ReportError as e:
        return e
    except Exception as e:  # noqa: BLE001 - one bad record never stops a batch; it is reported
        return ReportError(where, f"unreadable record: {type(e).__name__}: {one_line(str(e))}")


def read_jsonl_lines(
    lines: Iterable[str], origin: str, settings: Settings
) -> Iterator[Document | ReportError]:
    limit = max_line_chars(settings)
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            rec = load_json_line(line, where, limit)
        except ReportError as e:
            yield e
            continue
        yield record_or_error(rec, where, settings)
