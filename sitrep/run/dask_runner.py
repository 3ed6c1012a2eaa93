"""Extraction on a Dask cluster (`sitrep extract --dask ADDRESS|local`).

Each worker loads the pipeline once, through a worker plugin, when it joins; chunks of reports are
submitted with a bounded window so a large input never sits in memory at once; results come back in
input order.  A chunk whose worker dies is run again on another worker by the scheduler; one that
kills workers every time (distributed's `allowed-failures`) or fails otherwise comes back as one
failure per report, and the run goes on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from distributed import Client, LocalCluster, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from sitrep.config import Settings
from sitrep.types import Document, Extraction, ReportError


class _LoadExtractor(WorkerPlugin):
    """Dask worker plugin: one Extractor per worker, loaded when the worker joins."""

    name = "sitrep-extractor"

    def __init__(self, settings: Settings):
        self.settings = settings

    def setup(self, worker) -> None:
        from sitrep.extract.extractor import Extractor

        worker.sitrep_extractor = Extractor.load(self.settings)

    def teardown(self, worker) -> None:
        worker.sitrep_extractor = None


def _dask_run(chunk: list) -> list:
    return list(get_worker().sitrep_extractor.extract_many(chunk))


def _results(chunk: list, future) -> list:
    try:
        return future.result()
    except Exception as e:  # noqa: BLE001 - KilledWorker, a lost connection: the reports fail, the run goes on
        reason = f"extraction failed on the cluster: {type(e).__name__}: {e}"
        return [ReportError(d.id, reason) if isinstance(d, Document) else d for d in chunk]


def dask_stream(docs: Iterable[Document | ReportError], settings: Settings, chunks) -> Iterator[Extraction | ReportError]:
    cluster = None
    if settings.dask == "local":
        cluster = LocalCluster(n_workers=max(1, settings.processes), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(settings.dask)
    try:
        client.register_plugin(_LoadExtractor(settings))
        window: deque = deque()
        in_flight = 4 * max(1, len(client.scheduler_info()["workers"]))
        for chunk in chunks(docs, max(8, settings.batch_size // 2)):
            window.append((chunk, client.submit(_dask_run, chunk, pure=False)))
            if len(window) >= in_flight:
                yield from _results(*window.popleft())
        while window:
            yield from _results(*window.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
