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
