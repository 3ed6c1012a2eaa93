"""Ingest: reports in, incidents out.  read -> skip known -> extract -> store + merge, a few reports
per transaction (`Store.put_many`: the store one transaction per report would leave, at a fraction of
the writer's work), so a killed run leaves a consistent store and a rerun picks up where it stopped.

Inputs are Documents (from sitrep.ingest.read_path) or ready Extractions (lines of `sitrep extract
--format jsonl`, detected by their "document"/"events" keys): those skip the extractor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import Any

from sitrep.config import Settings
from sitrep.run.inputs import Item
from sitrep.run.progress import Summary
from sitrep.store.store import Store
from sitrep.types import Document, Extraction, ReportError

# Reports stored per transaction.  The writer's cost per report falls with the batch (one INSERT per
# table, one merge pass); a killed run redoes at most this many.
STORE_BATCH = 32


def ingest(
    items: Iterable[Item],
    store: Store,
    settings: Settings,
    extractor_factory: Callable[[], Any] | None = None,
) -> Summary:
    """Store every item; failures are recorded in the store (with the document, to retry) and the
    batch goes on.  A stream: reports already stored are skipped before extraction, results are
    stored as they come, STORE_BATCH to a transaction.  The extractor is loaded only once a report needs extracting; with
    settings.processes > 1 extraction runs in worker processes, with settings.dask on a Dask cluster
    (sitrep.run.parallel); this process stays the one writer."""
    summary = Summary()
    pending: dict[str, Document] = {}  # handed to the extractor, not stored yet: kept for failure records
    batch = _Batch(store, summary)

    def feed() -> Iterator[Document | ReportError]:
        it = iter(items)
        while chunk := list(islice(it, STORE_BATCH)):  # which reports are new: one query per chunk
            wanted = iter(store.wanted([x for x in chunk if isinstance(x, Document)]))
            for item in chunk:
                if isinstance(item, Extraction):
                    batch.add(item)  # already extracted: store it as it passes
                elif isinstance(item, ReportError):
                    yield item  # the extractor hands it back in order
                elif not next(wanted):
                    summary.duplicates += 1
                    store.resolve_failure(item.id)
                else:
                    pending[item.id] = item
                    yield item

    stream = feed()
    first: Document | None = None
    for x in stream:
        if isinstance(x, ReportError):
            batch.fail(x.report_id, x.reason, None)
            continue
        first = x
        break
    if first is not None:
        for result in _extractor(settings, extractor_factory)(chain([first], stream)):
            if isinstance(result, ReportError):
                batch.fail(result.report_id, result.reason, pending.pop(result.report_id, None))
            else:
                pending.pop(result.document.id, None)
                batch.add(result)
    batch.flush()
    return summary


def _extractor(settings: Settings, factory: Callable[[], Any] | None):
    if factory is not None:
        return factory().extract_many
    if settings.processes > 1 or settings.dask:
        from sitrep.run.parallel import extract_stream

        return lambda docs: extract_stream(docs, settings)
    from sitrep.extract import Extractor

    return Extractor.load(settings).extract_many


class _Batch:
    """Extractions waiting to be stored, STORE_BATCH at a time.  Failures are recorded in their turn:
    what came before them is stored first, so the store sees reports in input order."""

    def __init__(self, store: Store, summary: Summary):
        self.store, self.summary = store, summary
        self.waiting: list[Extraction] = []

    def add(self, extraction: Extraction) -> None:
        self.waiting.append(extraction)
        if len(self.waiting) >= STORE_BATCH:
            self.flush()

    def fail(self, report_id: str, reason: str, doc: Document | None) -> None:
        self.flush()
        _fail(self.store, self.summary, report_id, reason, doc)

    def flush(self) -> None:
        waiting, self.waiting = self.waiting, []
        if not waiting:
            return
        for extraction, got in zip(waiting, self.store.put_many(waiting), strict=True):
            if isinstance(got, Exception):
                doc = extraction.document
                _fail(self.store, self.summary, doc.id, f"store failed: {type(got).__name__}: {got}", doc)
            elif not got[0]:  # already stored (or a later copy of a stored text)
                self.summary.duplicates += 1
            else:
                self.summary.ingested += 1
                doc = extraction.document
                self.summary.notes.extend(f"{doc.id}: {n}" for n in [*doc.notes, *extraction.notes])
                if not doc.published:
                    self.summary.undated.append(doc.id)


def _fail(store: Store, summary: Summary, report_id: str, reason: str, doc: Document | None) -> None:
    store.record_failure(report_id, reason, origin=doc.origin if doc else None, document=doc)
    summary.fail(report_id, reason)


