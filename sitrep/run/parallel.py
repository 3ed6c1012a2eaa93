"""Run the extractor over a stream of documents: in this process, in N local worker processes, or on
a Dask cluster (`settings.dask`: a scheduler address, or "local" for a LocalCluster).

Each worker loads the pipeline once (a pool initializer, or a Dask worker plugin), never per report;
results come back in input order, and at most a bounded number of chunks are in flight at once.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from itertools import islice

from sitrep.config import Settings
from sitrep.types import Document, Extraction, ReportError

_worker = None  # the per-process Extractor inside pool workers (set by _init, read by _run)


def extract_stream(
    docs: Iterable[Document | ReportError], settings: Settings, extractor=None
) -> Iterator[Extraction | ReportError]:
    if settings.dask:
        from sitrep.run.dask_runner import dask_stream  # imports distributed only when asked

        yield from dask_stream(docs, settings, _chunks)
        return
    if settings.processes <= 1:
        if extractor is None:
            from sitrep.extract.extractor import Extractor

            extractor = Extractor.load(settings)
        yield from extractor.extract_many(docs)
        return
    # "spawn", not "fork": a forked child inherits locks held by the parent's other threads (a server,
    # a database driver) and can hang on them; spawned workers start clean and load the pipeline once.
    ctx = mp.get_context("spawn")
    with ctx.Pool(settings.processes, initializer=_init, initargs=(settings,)) as pool:
        chunks = _chunks(docs, max(8, settings.batch_size // 2))
        for results in pool.imap(_run, chunks):
            yield from results


def _chunks(it: Iterable, n: int) -> Iterator[list]:
    it = iter(it)
    while chunk := list(islice(it, n)):
        yield chunk


def _init(settings: Settings) -> None:
    global _worker
    from sitrep.extract.extractor import Extractor

    _worker = Extractor.load(settings)


def _run(chunk: list) -> list:
    return list(_worker.extract_many(chunk))

