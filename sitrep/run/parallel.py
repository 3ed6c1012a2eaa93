"""Run the extractor over a stream of documents: in this process, in N local worker processes, or on
a Dask cluster (`settings.dask`: a scheduler address, or "local" for a LocalCluster).

Each worker loads the pipeline once (a pool initializer, or a Dask worker plugin), never per report;
results come back in input order, and at most a bounded number of chunks are in flight at once.
A worker that dies (killed, out of memory) costs no report: its chunks go to a new pool; a chunk that
kills workers again is split until the report that does it is alone, which becomes a failure.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from sitrep.config import Settings
from sitrep.types import Document, Extraction, ReportError

_worker = None  # the per-process Extractor inside pool workers (set by _init, read by _run)
WORKER_LOST = "worker process died while extracting this report (killed or out of memory)"


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
    yield from pool_stream(docs, settings)


def pool_stream(docs: Iterable[Document | ReportError], settings: Settings, pool: WorkerPool | None = None
                 ) -> Iterator[Extraction | ReportError]:
    """Chunks through a pool of spawned workers, in order, at most 2 chunks per worker in flight."""
    pool = pool or WorkerPool(settings)
    window: deque[tuple[list, Future, ProcessPoolExecutor]] = deque()
    try:
        for chunk in _chunks(docs, chunk_size(settings)):
            window.append(pool.submit(chunk))
            if len(window) >= 2 * settings.processes:
                yield from pool.results(*window.popleft())
        while window:
            yield from pool.results(*window.popleft())
    finally:
        pool.shutdown()


class WorkerPool:
    """A ProcessPoolExecutor that is replaced when a worker dies (the executor is then broken)."""

    def __init__(self, settings: Settings, run: Callable[[list], list] | None = None,
                 init: Callable[[Settings], None] | None = None):
        self.settings = settings
        self.run, self.init = run or _run, init or _init  # module-level functions (they are pickled)
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        # "spawn", not "fork": a forked child inherits locks held by the parent's other threads (a
        # server, a database driver) and can hang on them; spawned workers start clean.
        return ProcessPoolExecutor(self.settings.processes, mp_context=mp.get_context("spawn"),
                                   initializer=self.init, initargs=(self.settings,))

    def submit(self, chunk: list) -> tuple[list, Future, ProcessPoolExecutor]:
        try:
            return chunk, self.executor.submit(self.run, chunk), self.executor
        except BrokenProcessPool:
            self._renew()
            return chunk, self.executor.submit(self.run, chunk), self.executor

    def _renew(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()

    def results(self, chunk: list, future: Future, executor: ProcessPoolExecutor) -> list:
        try:
            return future.result()
        except BrokenProcessPool:
            if executor is self.executor:  # not replaced yet by an earlier chunk's failure
                self._renew()
            return self._retry(chunk)

    def _retry(self, chunk: list) -> list:
        """A chunk whose worker died: again in a fresh pool, halves apart, a lone report failing."""
        try:
            return self.executor.submit(self.run, chunk).result()
        except BrokenProcessPool:
            self._renew()
            if len(chunk) == 1:
                d = chunk[0]
                return [ReportError(d.id, WORKER_LOST) if isinstance(d, Document) else d]
            half = len(chunk) // 2
            return self._retry(chunk[:half]) + self._retry(chunk[half:])

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def chunk_size(settings: Settings) -> int:
    return max(8, settings.batch_size // 2)


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
