"""JSONL reports: one `{id, text, published?, publisher?, title?, url?}` object per line -> `Document`s;
a bad line yields its `ReportError` and the rest go on."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from sitrep.config import Settings
from sitrep.ingest.text import decode_text
from sitrep.types import Document, ReportError


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
