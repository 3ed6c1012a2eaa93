"""Worker processes and Dask give the same results, in the same order, as one process."""

import pytest

from sitrep.config import Settings
from sitrep.run.parallel import extract_stream
from sitrep.types import Document, ReportError

pytestmark = pytest.mark.slow

DOCS = [
    Document(id="a", text="Rockets hit Kharkiv on Monday, killing two people.", published="2024-06-11"),
    ReportError("bad", "empty report"),
    Document(id="b", text="Protesters marched in Santiago on Sunday.", published="2024-06-10"),
    Document(id="c", text="The weather was fine.", published="2024-06-10"),
]


def _summary(results):
    return [
        (r.report_id, "error") if isinstance(r, ReportError) else (r.document.id, [e.sub_event_type for e in r.events])
        for r in results
    ]


def test_processes_and_dask_match_one_process(extractor):
    one = _summary(extract_stream(iter(DOCS), Settings.from_env(processes=1), extractor=extractor))
    assert one[0] == ("a", ["Shelling/artillery/missile attack"]) and one[1] == ("bad", "error")
    two = _summary(extract_stream(iter(DOCS), Settings.from_env(processes=2)))
    assert two == one
    pytest.importorskip("distributed")
    dask = _summary(extract_stream(iter(DOCS), Settings.from_env(processes=1, dask="local")))
    assert dask == one


# -- worker processes that die ------------------------------------------------------------------------
# Stand-ins for the extractor, run in spawned workers (module-level: they are pickled by name).


def _no_model(settings) -> None:
    pass


def _echo_or_die(chunk: list) -> list:
    """Hands each document back as its id; a document whose text says so kills its worker process."""
    import os

    for d in chunk:
        if isinstance(d, Document) and d.text == "kill the worker":
            os._exit(1)
    return [d.id if isinstance(d, Document) else d for d in chunk]


def test_a_report_that_kills_its_worker_fails_alone_and_the_rest_come_back_in_order():
    from sitrep.run.parallel import WORKER_LOST, WorkerPool, pool_stream

    docs = [Document(id=f"r{i}", text="fine") for i in range(40)]
    docs[13] = Document(id="r13", text="kill the worker")
    settings = Settings(processes=2, batch_size=2)  # chunks of 8
    out = list(pool_stream(iter(docs), settings, WorkerPool(settings, run=_echo_or_die, init=_no_model)))
    assert [o if isinstance(o, str) else o.report_id for o in out] == [d.id for d in docs]
    assert [o.reason for o in out if isinstance(o, ReportError)] == [WORKER_LOST]


def test_reports_of_a_worker_killed_from_outside_are_extracted_again(extractor):
    import multiprocessing
    import os
    import signal

    docs = [Document(id=f"k{i}", text=f"Gunmen killed {i + 2} people in Kano on Monday.", published="2024-06-11")
            for i in range(24)]
    one = _summary(extractor.extract_many(docs))
    stream = extract_stream(iter(docs), Settings.from_env(processes=2, batch_size=2))
    got = [next(stream)]
    for child in multiprocessing.active_children():  # a worker dies while chunks are in flight
        os.kill(child.pid, signal.SIGKILL)
        break
    got.extend(stream)
    assert _summary(got) == one
