"""What `sitrep ingest` reads: Documents from files, folders, URLs and stdin, or ready Extractions
(lines of `sitrep extract --format jsonl`, detected by their "document"/"events" keys), which skip the
extractor."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sitrep.config import Settings
from sitrep.ingest import read_jsonl_lines, read_path
from sitrep.ingest.jsonl import load_json_line, max_line_chars, one_line
from sitrep.ingest.readers import sniff, text_document
from sitrep.run.checks import check_extraction
from sitrep.types import Claim, Count, Document, Extraction, Location, ReportError, Span

Item = Document | Extraction | ReportError


def read_inputs(paths: list[str], settings: Settings, **meta: Any) -> Iterator[Item]:
    """Documents or Extractions from files, folders, URLs and '-' (stdin: JSONL, or one plain-text report
    when its first line is no JSON object).  `meta` (published, publisher) is given to the reports read
    from text and HTML files, pages and plain stdin; JSONL records carry their own."""
    for path in paths:
        if path == "-":
            it = iter(sys.stdin)
            head = sniff(it)
            if head and not head[-1].lstrip().startswith("{"):
                yield text_document("stdin", _chain(head, it), settings, **meta)
            else:
                yield from _jsonl(_chain(head, it), "stdin", settings, read_jsonl_lines)
        elif path.lower().endswith((".jsonl", ".ndjson")) and Path(path).is_file():
            with open(path, encoding="utf-8", errors="replace") as f:
                yield from _jsonl(f, path, settings, read_jsonl_lines)
        else:
            yield from read_path(path, settings, **meta)


def _jsonl(lines: Iterable[str], origin: str, settings: Settings, read_jsonl_lines) -> Iterator[Item]:
    """Lines of either format: extraction results go straight through (once checked), reports go to
    the reader.  A bad line is a ReportError; the lines after it are read."""
    it = iter(lines)
    head: list[str] = []
    for line in it:
        head.append(line)
        if line.strip():
            break
    first = head[-1] if head else ""
    limit = max_line_chars(settings)
    try:
        rec = load_json_line(first, origin, limit) if first.strip() else None
    except ReportError:
        rec = None
    if not (isinstance(rec, dict) and "events" in rec and "document" in rec):
        yield from read_jsonl_lines(_chain(head, it), origin, settings)
        return
    for n, line in enumerate(_chain(head, it), 1):
        if line.strip():
            yield _extraction_line(line, f"jsonl:{origin}:{n}", settings)


def _extraction_line(line: str, where: str, settings: Settings) -> Extraction | ReportError:
    try:
        d = load_json_line(line, where, max_line_chars(settings))
        check_extraction(d, where, settings.max_report_bytes)
        return extraction_from_dict(d, where)
    except ReportError as e:
        return e
    except Exception as e:  # noqa: BLE001 - one bad line never stops a batch; it is reported
        return ReportError(where, f"bad extraction line: {type(e).__name__}: {one_line(str(e))}")


def _chain(head: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from head
    yield from rest


def extraction_from_dict(d: dict[str, Any], origin: str | None = None) -> Extraction:
    """An `Extraction` back from its schema JSON (`Extraction.to_dict()`); input from outside is
    checked first (sitrep.run.checks.check_extraction)."""
    doc = d["document"]
    events = [_claim_from_dict(e) for e in d.get("events") or []]
    text = doc.get("text")
    if not isinstance(text, str):
        # The schema's document has no text; what identifies the report then is what it said.
        parts = [doc.get("title") or ""] + [s.text for c in events for s in c.evidence]
        text = "\n".join(p for p in parts if p) or f"(no text: {doc['id']})"
    return Extraction(
        Document(
            id=str(doc["id"]),
            text=text,
            title=doc.get("title"),
            publisher=doc.get("publisher"),
            published=doc.get("published"),
            url=doc.get("url"),
            language=doc.get("language"),
            origin=origin,
        ),
        events,
    )


def _span(d: dict) -> Span:
    return Span(int(d["start"]), int(d["end"]), d.get("text") or "")


def _count(d: dict | None) -> Count | None:
    if not d:
        return None
    return Count(_int(d.get("low")), _int(d.get("best")), _int(d.get("high")), d.get("text"))


def _int(v: Any) -> int | None:
    return None if v is None else int(v)  # JSON Schema's integers include 3.0


def _claim_from_dict(e: dict) -> Claim:
    loc = e.get("location")
    return Claim(
        event_type=e["event_type"],
        sub_event_type=e["sub_event_type"],
        date=e.get("date"),
        date_precision=e.get("date_precision"),
        location=Location(**{k: loc.get(k) for k in Location.__dataclass_fields__}) if loc else None,
        actor1=e.get("actor1"),
        actor2=e.get("actor2"),
        fatalities=_count(e.get("fatalities")),
        injuries=_count(e.get("injuries")),
        sources=list(e.get("sources") or []),
        evidence=[_span(s) for s in e.get("evidence") or []],
        confidence=e.get("confidence"),
        field_evidence={k: _span(v) for k, v in (e.get("field_evidence") or {}).items()},
    )
