"""The CLI and the API give the same incidents for the same filters: every filter, through
`sitrep incidents` and GET /api/v1/incidents on the SQL path and on the in-memory index path (and on
PostgreSQL when SITREP_TEST_PG_URL is set).  Both go through sitrep.store.query."""

from __future__ import annotations

import json
import os
import uuid

import pytest
from fastapi.testclient import TestClient

from api import data
from sitrep.api import create_app
from sitrep.cli import main
from sitrep.config import Settings

PG_URL = os.environ.get("SITREP_TEST_PG_URL")

# API parameter -> CLI option
OPTIONS = {
    "since": "--since", "until": "--until", "country": "--country", "admin1": "--admin1", "type": "--type",
    "sub_type": "--sub-type", "actor": "--actor", "min_killed": "--min-killed", "grade": "--grade",
    "q": "--search", "status": "--status", "updated_since": "--updated-since",
}  # fmt: skip

CASES = [
    {},
    {"since": "2019-05-02"},
    {"until": "2019-05-01"},
    {"since": "2019-05-01", "until": "2019-05-02"},
    {"country": "sy"},
    {"country": "Nigeria"},
    {"admin1": "IDLIB"},
    {"type": "Explosions/Remote violence"},  # the CLI once matched sub-event types here too
    {"type": "Battles,Protests"},
    {"sub_type": "Suicide bomb"},
    {"sub_type": "Air/drone strike,Armed clash"},
    {"actor": "boko haram"},
    {"actor": "Civilians (Syria)"},
    {"actor": "%"},  # LIKE wildcards are literal
    {"min_killed": "0"},  # no figure is not zero
    {"min_killed": "8"},
    {"grade": "contested,fair"},
    {"q": "wedding"},
    {"q": "Saraqib market"},
    {"q": 'NEAR("x" OR'},  # FTS syntax is inert
    {"q": '"'},
    {"q": "rubble \x00"},  # NUL is dropped
    {"q": "Saraqeb"},  # a place however spelled: vowels, articles, diacritics (the incident is "Saraqib")
    {"q": "as-Sarāqib"},
    {"status": "all"},
    {"status": "rejected"},
    {"updated_since": "2000-01-01T00:00:00Z"},
    {"updated_since": "2999-01-01"},
    {"country": "SY", "min_killed": "10", "type": "Explosions/Remote violence", "grade": "contested"},
]


def _pg_url():
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"sitrep_parity_{uuid.uuid4().hex[:12]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    return admin, name, f"{PG_URL.rsplit('/', 1)[0]}/{name}"


@pytest.fixture(
    scope="module",
    params=["sqlite-sql", "sqlite-index", pytest.param("postgres-index", marks=pytest.mark.postgres)],
)
def backend(request, template, tmp_path_factory):
    """(db for the CLI, API client) on one backend and API path."""
    kind, path = request.param.split("-")
    if kind == "postgres":
        if not PG_URL:
            pytest.skip("SITREP_TEST_PG_URL is not set (run .ci/services.sh)")
        from sitrep.store import Store

        admin, name, db = _pg_url()
        with Store.open(db) as store:
            for e in data.extractions():
                store.add_extraction(e)
    else:
        db = str(data.copy(template[0], tmp_path_factory.mktemp("parity") / "sitrep.db"))
    app = create_app(Settings(db=db, api_index_max=200_000 if path == "index" else 0))
    with TestClient(app) as client:
        yield db, client
    app.state.store.close()
    if kind == "postgres":
        from sqlalchemy import text

        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def cli_ids(db: str, params: dict, capsys) -> list[int]:
    argv = ["incidents", "--db", db, "--format", "jsonl"]
    for k, v in params.items():
        argv += [OPTIONS[k], v]
    capsys.readouterr()
    assert main(argv) == 0
    return [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize("params", CASES, ids=lambda p: ",".join(f"{k}={v!r}" for k, v in p.items()) or "none")
def test_cli_and_api_agree(backend, params, capsys):
    db, client = backend
    r = client.get("/api/v1/incidents", params={**params, "limit": 1000})
    assert r.status_code == 200, r.text
    api = [i["id"] for i in r.json()["items"]]
    assert cli_ids(db, params, capsys) == api


def test_filters_are_not_vacuous(backend, capsys):
    """The cases above tell incidents apart (a parity test over empty answers proves nothing)."""
    db, _ = backend
    answers = {tuple(cli_ids(db, p, capsys)) for p in CASES}
    assert len(answers) >= 12


def test_place_spellings_find_the_place_on_every_path(backend, capsys):
    db, client = backend
    for q in ("Saraqeb", "as-Sarāqib"):
        items = client.get("/api/v1/incidents", params={"q": q}).json()["items"]
        assert items and {i["location"]["name"] for i in items} == {"Saraqib"}, q
        assert cli_ids(db, {"q": q}, capsys) == [i["id"] for i in items]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"type": "Air/drone strike"}, "sub-event type"),  # the CLI once took it as a sub-type silently
        ({"since": "2019-05-03", "until": "2019-05-01"}, "since is after until"),
        ({"since": "2024-13-45"}, "not a date"),
        ({"min_killed": "99999999999999999999"}, "out of range"),
        ({"updated_since": "yesterday"}, "ISO 8601"),
    ],
)
def test_cli_and_api_refuse_alike(backend, params, message, capsys):
    db, client = backend
    r = client.get("/api/v1/incidents", params=params)
    assert r.status_code == 422
    argv = ["incidents", "--db", db]
    for k, v in params.items():
        argv += [OPTIONS[k], v]
    capsys.readouterr()
    try:
        rc = main(argv)
    except SystemExit as e:  # argparse's usage error for a malformed option value
        rc = e.code
    err = capsys.readouterr().err
    assert rc == 2 and message in err and "Traceback" not in err
