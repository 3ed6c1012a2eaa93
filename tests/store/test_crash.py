"""Crash safety: SIGKILL `sitrep ingest` mid-batch; the store stays consistent and a rerun finishes the
batch with nothing duplicated and nothing lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from sitrep.store import Store
from store.batch import extractions, write_jsonl

N_EVENTS = 150  # 300 reports


def expected_groups() -> set[frozenset[str]]:
    return {frozenset(f"r{ev}-{k}" for k in range(1 + ev % 3)) for ev in range(N_EVENTS)}


def groups_by_report(store: Store) -> set[frozenset[str]]:
    return {frozenset(c["document"]["id"] for c in i["claims"]) for i in store.list_incidents(with_claims=True)}


def check_consistent(db: str) -> None:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        # every stored report has its claim, every active claim an incident, every incident its claims
        assert con.execute(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.document_id = d.id)"
        ).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM claims WHERE active AND incident_id IS NULL").fetchone()[0] == 0
        assert con.execute(
            "SELECT count(*) FROM incidents i WHERE n_claims != "
            "(SELECT count(*) FROM claims c WHERE c.incident_id = i.id AND c.active)"
        ).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM incidents i WHERE n_claims = 0").fetchone()[0] == 0
    finally:
        con.close()


def ingest_cmd(path, db):
    return [sys.executable, "-m", "sitrep.cli", "ingest", str(path), "--db", db, "-q"]


def test_sigkill_mid_batch_then_rerun(tmp_path):
    src = write_jsonl(tmp_path / "batch.jsonl", extractions(N_EVENTS))
    db = str(tmp_path / "crash.db")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(ingest_cmd(src, db), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stored = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            con = sqlite3.connect(db, timeout=1)
            stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
            con.close()
        except sqlite3.Error:
            continue
        if stored >= 40:
            break
    if proc.poll() is not None:
        pytest.fail(f"ingest ended before it could be killed: {proc.stderr.read().decode()[-500:]}")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    check_consistent(db)
    with Store.open(db) as store:
        partial = store.stats()["documents"]
        assert 40 <= partial < 2 * N_EVENTS

    rerun = subprocess.run(ingest_cmd(src, db), env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{partial} already stored" in rerun.stderr
    check_consistent(db)
    with Store.open(db) as store:
        stats = store.stats()
        assert stats["documents"] == stats["claims"] == sum(1 + ev % 3 for ev in range(N_EVENTS))
        assert stats["incidents"] == N_EVENTS
        assert groups_by_report(store) == expected_groups()


def test_two_concurrent_ingests_see_each_other(tmp_path, db_url):
    """Two `sitrep ingest` processes fed alternate reports of the same events at once: the store ends as if
    one process had ingested everything (writers are serialised, so no two reports of one event miss
    each other)."""
    n_events = 30
    items = extractions(n_events)
    a = write_jsonl(tmp_path / "a.jsonl", items[0::2])
    b = write_jsonl(tmp_path / "b.jsonl", items[1::2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    Store.open(db_url).close()  # create the schema first, as `sitrep serve` does
    procs = [subprocess.Popen(ingest_cmd(p, db_url), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for p in (a, b)]
    errs = [p.communicate(timeout=300)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    with Store.open(db_url) as store:
        assert groups_by_report(store) == {frozenset(f"r{ev}-{k}" for k in range(1 + ev % 3)) for ev in range(n_events)}
        assert store.stats()["incidents"] == n_events
