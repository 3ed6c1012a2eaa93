"""Ingest: reports in, incidents out.  read -> skip known -> extract -> store + merge, one report per
transaction, so a killed run leaves a consistent store and a rerun picks up where it stopped.

Inputs are Documents (from sitrep.ingest.read_path) or ready Extractions (lines of `sitrep extract
--format jsonl`, detected by their "document"/"events" keys): those skip the extractor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any

from sitrep.config import Settings
from sitrep.run.inputs import Item
from sitrep.run.progress import Summary
from sitrep.store.store import Store
from sitrep.types import Document, Extraction, ReportError


def ingest(
    items: Iterable[Item],
    store: Store,
    settings: Settings,
    extractor_factory: Callable[[], Any] | None = None,
) -> Summary:
    """Store every item; failures are recorded in the store (with the document, to retry) and the
    batch goes on.  A stream: reports already stored are skipped before extraction, each result is
    stored as it comes.  The extractor is loaded only once a report needs extracting; with
    settings.processes > 1 extraction runs in worker processes, with settings.dask on a Dask cluster
    (sitrep.run.parallel); this process stays the one writer."""
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
    if settings.processes > 1 or settings.dask:
        from sitrep.run.parallel import extract_stream

        return lambda docs: extract_stream(docs, settings)
    from sitrep.extract import Extractor

    return Extractor.load(settings).extract_many


def _add(store: Store, summary: Summary, extraction: Extraction) -> None:
    try:
        if not store.put(extraction)[0]:  # already stored (or a later copy of a stored text)
            summary.duplicates += 1
            return
        summary.ingested += 1
        doc = extraction.document
        summary.notes.extend(f"{doc.id}: {n}" for n in [*doc.notes, *extraction.notes])
        if not extraction.document.published:
            summary.undated.append(extraction.document.id)
    except Exception as e:  # noqa: BLE001 - one bad report must not stop the batch; it is recorded
        _fail(store, summary, extraction.document.id, f"store failed: {type(e).__name__}: {e}", extraction.document)


def _fail(store: Store, summary: Summary, report_id: str, reason: str, doc: Document | None) -> None:
    store.record_failure(report_id, reason, origin=doc.origin if doc else None, document=doc)
    summary.fail(report_id, reason)


