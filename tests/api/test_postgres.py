"""The API's queries on PostgreSQL (full-text via tsvector, aggregates, sources), when
SITREP_TEST_PG_URL is set (.ci/services.sh starts a throwaway server)."""

from __future__ import annotations

import csv
import io
import os
import uuid

import pytest

from api import data

PG_URL = os.environ.get("SITREP_TEST_PG_URL")
pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_client():
    if not PG_URL:
        pytest.skip("SITREP_TEST_PG_URL is not set (run .ci/services.sh)")
    from fastapi.testclient import TestClient
    from sqlalchemy import create_engine, text

    from sitrep.api import create_app, tokens
    from sitrep.config import Settings
    from sitrep.store import Store

    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"sitrep_api_{uuid.uuid4().hex[:12]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"{PG_URL.rsplit('/', 1)[0]}/{name}"
    store = Store.open(url)
    for e in data.extractions():
        store.add_extraction(e)
    _, secret = tokens.create_token(store.engine, "pg-reviewer", "reviewer")
    with TestClient(create_app(Settings(db=url), store=store)) as client:
        client.secret = secret
        yield client
    store.close()
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, {"Saraqib", "Kabul", "Mogadishu", "Khartoum", "Maiduguri", "Aleppo"}),
        ({"country": "Syria", "min_killed": 10}, {"Saraqib"}),
        ({"q": "wedding"}, {"Kabul"}),
        ({"q": "markets Saraqib"}, {"Saraqib"}),  # stemmed English search
        ({"actor": "boko", "grade": "fair"}, {"Maiduguri"}),
        ({"admin1": "BANAADIR", "since": "2019-05-02", "until": "2019-05-02"}, {"Mogadishu"}),
    ],
)
def test_filters_on_postgres(pg_client, params, expected):
    items = pg_client.get("/api/v1/incidents", params=params).json()["items"]
    assert {i["location"]["name"] for i in items} == expected


def test_aggregates_on_postgres(pg_client):
    s = pg_client.get("/api/v1/stats").json()
    assert s["incidents"] == 6 and s["killed"] == 71 and sum(d["killed"] for d in s["daily"]) == 71
    assert pg_client.get("/api/v1/facets").json()["grades"] == ["contested", "fair", "weak"]
    sources = {x["name"]: x for x in pg_client.get("/api/v1/sources").json()["items"]}
    assert sources["White Helmets"]["as_attributed"] == 1
    assert pg_client.get("/api/v1/documents", params={"q": "wedding"}).json()["items"][0]["id"] == "kabul-1"
    rows = list(csv.DictReader(io.StringIO(pg_client.get("/api/v1/export").text)))
    assert len(rows) == 6
    assert len(pg_client.get("/api/v1/points").json()["points"]) == 6


def test_review_on_postgres(pg_client):
    inc = next(i for i in pg_client.get("/api/v1/incidents").json()["items"] if i["location"]["name"] == "Khartoum")
    h = {"Authorization": f"Bearer {pg_client.secret}"}
    assert pg_client.post(f"/api/v1/incidents/{inc['id']}/reject", json={"reason": "x"}, headers=h).status_code == 200
    assert pg_client.get("/api/v1/actions").json()["items"][-1]["who"] == "pg-reviewer"


@pytest.mark.parametrize("q", ['"', "\x00", 'a"b', "NEAR(", "&|!"])
@pytest.mark.parametrize("path", ["incidents", "points", "stats", "documents", "export"])
def test_search_strings_never_break_on_postgres(pg_client, path, q):
    """PostgreSQL refuses NUL in a string and has its own tsquery syntax: both are kept from it."""
    r = pg_client.get(f"/api/v1/{path}", params={"q": q})
    assert r.status_code == 200, r.text
    if path == "export":
        assert r.text.startswith("event_id_cnty,")


@pytest.mark.parametrize("param", ["country", "admin1", "actor", "q"])
@pytest.mark.parametrize("path", ["incidents", "sources"])
def test_nul_in_any_text_parameter_on_postgres(pg_client, path, param):
    r = pg_client.get(f"/api/v1/{path}", params={param: "Sy\x00ria"})
    assert r.status_code == 200, r.text
