"""Ingest: reports in, incidents out.  read -> skip known -> extract -> store + merge, one report per
transaction, so a killed run leaves a consistent store and a rerun picks up where it stopped.

Inputs are Documents (from sitrep.ingest.read_path) or ready Extractions (lines of `sitrep extract
--format jsonl`, detected by their "document"/"events" keys): those skip the extractor.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from sitrep.config import Settings
from sitrep.ingest.progress import Summary
from sitrep.store.store import Store
from sitrep.types import Claim, Count, Document, Extraction, Location, ReportError, Span

Item = Document | Extraction | ReportError


def ingest(
    items: Iterable[Item],
    store: Store,
    settings: Settings,
    extractor_factory: Callable[[], Any] | None = None,
) -> Summary:
    """Store every item; failures are recorded in the store (with the document, to retry) and the
    batch goes on.  A stream: reports already stored are skipped before extraction, each result is
    stored as it comes.  The extractor is loaded only once a report needs extracting; with
    settings.processes > 1 extraction runs in worker processes (sitrep.extract.parallel)."""
    summary = Summary()
    pending: dict[str, Document] = {}  # handed to the extractor, not stored yet: kept for failure records

    def feed() -> Iterator[Document | ReportError]:
        for item in items:
            if isinstance(item, Extraction):
                _add(store, summary, item)  # already extracted: store it as it passes
            elif isinstance(item, ReportError):
                yield item  # the extractor hands it back in order
            elif not store.wants(item):
                summary.duplicates += 1
                store.resolve_failure(item.id)
            else:
                pending[item.id] = item
                yield item

    stream = feed()
    first: Document | None = None
    for x in stream:
        if isinstance(x, ReportError):
            _fail(store, summary, x.report_id, x.reason, None)
            continue
        first = x
        break
    if first is None:
        return summary
    for result in _extractor(settings, extractor_factory)(chain([first], stream)):
        if isinstance(result, ReportError):
            _fail(store, summary, result.report_id, result.reason, pending.pop(result.report_id, None))
        else:
            pending.pop(result.document.id, None)
            _add(store, summary, result)
    return summary


def _extractor(settings: Settings, factory: Callable[[], Any] | None):
    if factory is not None:
        return factory().extract_many
    if settings.processes > 1:
        from sitrep.extract.parallel import extract_stream

        return lambda docs: extract_stream(docs, settings)
    from sitrep.extract import Extractor

    return Extractor.load(settings).extract_many


def _add(store: Store, summary: Summary, extraction: Extraction) -> None:
    try:
        if not store.wants(extraction.document):
            summary.duplicates += 1
            return
        store.add_extraction(extraction)
        summary.ingested += 1
        if not extraction.document.published:
            summary.undated.append(extraction.document.id)
    except Exception as e:  # noqa: BLE001 - one bad report must not stop the batch; it is recorded
        _fail(store, summary, extraction.document.id, f"store failed: {type(e).__name__}: {e}", extraction.document)


def _fail(store: Store, summary: Summary, report_id: str, reason: str, doc: Document | None) -> None:
    store.record_failure(report_id, reason, origin=doc.origin if doc else None, document=doc)
    summary.fail(report_id, reason)


def ingest_documents(docs: Iterable[Document | ReportError], settings: Settings) -> Summary:
    """The sink `sitrep watch` calls: ingest a batch into settings.db."""
    with Store.open(settings.db_url) as store:
        return ingest(docs, store, settings)


# ---- reading --------------------------------------------------------------------------------------


def read_inputs(paths: list[str], settings: Settings) -> Iterator[Item]:
    """Documents or Extractions from files, folders, URLs and '-' (stdin, JSONL)."""
    from sitrep.ingest import read_jsonl_lines, read_path

    for path in paths:
        if path == "-":
            yield from _jsonl(sys.stdin, "stdin", settings, read_jsonl_lines)
        elif path.lower().endswith((".jsonl", ".ndjson")) and Path(path).is_file():
            with open(path, encoding="utf-8", errors="replace") as f:
                yield from _jsonl(f, path, settings, read_jsonl_lines)
        else:
            yield from read_path(path, settings)


def _jsonl(lines: Iterable[str], origin: str, settings: Settings, read_jsonl_lines) -> Iterator[Item]:
    """Lines of either format: extraction results go straight through, reports go to the reader."""
    it = iter(lines)
    head: list[str] = []
    for line in it:
        head.append(line)
        if line.strip():
            break
    first = head[-1] if head else ""
    try:
        rec = json.loads(first) if first.strip() else None
    except ValueError:
        rec = None
    if not (isinstance(rec, dict) and "events" in rec and "document" in rec):
        yield from read_jsonl_lines(_chain(head, it), origin, settings)
        return
    for n, line in enumerate(_chain(head, it), 1):
        if not line.strip():
            continue
        where = f"jsonl:{origin}:{n}"
        try:
            yield extraction_from_dict(json.loads(line), where)
        except (ValueError, KeyError, TypeError) as e:
            yield ReportError(where, f"bad extraction line: {type(e).__name__}: {e}")


def _chain(head: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from head
    yield from rest


def extraction_from_dict(d: dict[str, Any], origin: str | None = None) -> Extraction:
    """An `Extraction` back from its schema JSON (`Extraction.to_dict()`)."""
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
    return Count(d.get("low"), d.get("best"), d.get("high"), d.get("text"))


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
