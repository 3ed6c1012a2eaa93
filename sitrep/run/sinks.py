"""Sinks for `sitrep watch`: a sink takes a batch of `Document | ReportError` and returns a `Summary`.
`store_sink` ingests into the store (skip known, extract, store, merge; failures recorded), with the
extractor loaded once for all polls; `jsonl_sink` prints the documents as JSON lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from sitrep.config import Settings
from sitrep.run.ingest import ingest
from sitrep.run.progress import Summary
from sitrep.store import Store
from sitrep.types import Document, ReportError

Sink = Callable[[list[Document | ReportError]], Summary]


def jsonl_sink(out=None) -> Sink:
    """A sink that prints each document as a JSON line (the JSONL input format, plus provenance)."""

    def sink(batch: list[Document | ReportError]) -> Summary:
        s = Summary()
        stream = out or sys.stdout
        for d in batch:
            if isinstance(d, ReportError):
                s.fail(d.report_id, d.reason)
                continue
            rec = {**d.to_dict(), "text": d.text, "origin": d.origin, "published_source": d.published_source}
            stream.write(json.dumps(rec, ensure_ascii=False) + "\n")
            s.ingested += 1
            s.notes.extend(f"{d.id}: {n}" for n in d.notes)
            if not d.published:
                s.undated.append(d.id)
        stream.flush()
        return s

    return sink


def store_sink(settings: Settings, extractor_factory: Callable[[], Any] | None = None) -> Sink:
    """The store's ingest (sitrep.run.ingest.ingest: skip known, extract, store, merge; failures
    recorded in the store) as a sink, with the extractor loaded once for all polls."""
    loaded: list[Any] = []

    def factory() -> Any:
        if not loaded:
            if extractor_factory is not None:
                loaded.append(extractor_factory())
            else:
                from sitrep.extract import Extractor

                loaded.append(Extractor.load(settings))
        return loaded[0]

    def sink(batch: list[Document | ReportError]) -> Summary:
        with Store.open(settings.db_url) as store:
            return ingest(batch, store, settings, extractor_factory=factory)

    return sink


