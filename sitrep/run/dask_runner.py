"""Extraction on a Dask cluster (`sitrep extract --dask ADDRESS|local`).

Each worker loads the pipeline once, through a worker plugin, when it joins; chunks of reports are
submitted with a bounded window so a large input never sits in memory at once; results come back in
input order.
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
            window.append(client.submit(_dask_run, chunk, pure=False))
            if len(window) >= in_flight:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
