"""`sitrep ingest` with extraction on a Dask LocalCluster (or worker processes) and PostgreSQL gives
the incidents a single-process SQLite ingest gives."""

from __future__ import annotations

import pytest

from sitrep.config import Settings
from sitrep.run.ingest import ingest
from sitrep.run.inputs import read_inputs
from sitrep.store import Store

from .conftest import PG_URL, _pg_database

REPORTS = [
    ("m1", "2021-03-08", "Government warplanes struck a market in Saraqib in Idlib province on Sunday, killing 12 "
                         "civilians, a monitoring group said."),
    ("m2", "2021-03-08", "An air strike on a market in Saraqib killed at least 10 people on Sunday, rescuers said."),
    ("k1", "2021-03-09", "A suicide bomber killed 9 people at a wedding hall in Kabul on Monday, officials said."),
    ("n1", "2021-03-09", "Gunmen killed four villagers in Zamfara state, Nigeria, on Monday, police said."),
    ("p1", "2021-03-10", "Thousands of students marched in Santiago on Tuesday to demand lower fees."),
    ("q1", "2021-03-10", "The weather in Lisbon was mild on Tuesday."),
    ("u1", "2021-03-11", "Rockets hit Kharkiv on Wednesday, killing two people and wounding five, the mayor said."),
    ("u2", "2021-03-11", "Two people were killed when Russian rockets struck Kharkiv on Wednesday."),
]


def _write(tmp_path):
    import json

    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps({"id": i, "published": p, "text": t}) + "\n" for i, p, t in REPORTS),
                    encoding="utf-8")
    return str(path)


def _incidents(store: Store) -> list[tuple]:
    out = []
    for i in store.list_incidents(with_claims=True):
        loc = i.get("location") or {}
        out.append((i["event_type"], i["sub_event_type"], i["date"], loc.get("name"), loc.get("country_code"),
                    (i.get("fatalities") or {}).get("best"), sorted(c["document"]["id"] for c in i["claims"])))
    return sorted(out, key=repr)


@pytest.fixture
def sqlite_reference(tmp_path, extractor):
    store = Store.open(f"sqlite:///{tmp_path / 'one.db'}")
    settings = Settings()
    summary = ingest(read_inputs([_write(tmp_path)], settings), store, settings, lambda: extractor)
    assert summary.ingested == len(REPORTS) and not summary.failed
    yield _incidents(store)
    store.close()


@pytest.mark.slow
@pytest.mark.postgres
def test_dask_ingest_into_postgres_equals_one_process_into_sqlite(tmp_path, sqlite_reference):
    pytest.importorskip("distributed")
    if not PG_URL:
        pytest.skip("SITREP_TEST_PG_URL is not set (run .ci/services.sh)")
    url, drop = _pg_database()
    try:
        store = Store.open(url)
        settings = Settings(db=url, dask="local", processes=2)
        summary = ingest(read_inputs([_write(tmp_path)], settings), store, settings)
        assert summary.ingested == len(REPORTS) and not summary.failed
        assert _incidents(store) == sqlite_reference
        assert len(sqlite_reference) >= 5  # the retellings merged, the others apart
        store.close()
    finally:
        drop()


@pytest.mark.slow
def test_ingest_in_two_processes_equals_one_process(tmp_path, sqlite_reference):
    store = Store.open(f"sqlite:///{tmp_path / 'two.db'}")
    settings = Settings(processes=2)
    summary = ingest(read_inputs([_write(tmp_path)], settings), store, settings)
    assert summary.ingested == len(REPORTS) and not summary.failed
    assert _incidents(store) == sqlite_reference
    store.close()


def test_ingest_cli_takes_processes_and_dask(monkeypatch, tmp_path):
    """--processes and --dask reach the settings ingest runs with; SITREP_DASK is the default."""
    from sitrep.cli import main
    from sitrep.run import ingest as ingest_module

    seen = []

    def fake_ingest(items, store, settings, extractor_factory=None):
        seen.append((settings.processes, settings.dask))
        return ingest_module.Summary()

    monkeypatch.setattr(ingest_module, "ingest", fake_ingest)
    path = _write(tmp_path)
    db = str(tmp_path / "cli.db")
    main(["ingest", path, "--db", db, "--processes", "3", "--dask", "tcp://10.0.0.1:8786", "-q"])
    monkeypatch.setenv("SITREP_DASK", "local")
    main(["ingest", path, "--db", db, "-q"])
    assert seen == [(3, "tcp://10.0.0.1:8786"), (1, "local")]
