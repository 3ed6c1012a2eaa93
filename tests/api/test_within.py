"""A town the gazetteer lacks, named with its region: the API gives the claim's `location.within`, marks the
incident's point approximate (details, map points, index and SQL alike) and exports it ACLED's way."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from api import data
from sitrep.api import create_app, queries
from sitrep.api.index import IncidentIndex, dumps
from sitrep.config import Settings
from sitrep.store import Store, query
from sitrep.store.query import Filters
from sitrep.types import Extraction, Location

REGION = {"name": "Kherson Oblast", "lat": 46.7, "lon": 33.1, "geonameid": 706442, "geo_precision": 3}
TEXT = "Drone strikes on the hamlet of Stara Zburivka in Kherson region killed a tractor driver on Monday, officials said."


@pytest.fixture
def approx_db(db_path):
    """The API test store plus one report placed only by a hamlet the gazetteer lacks and its region."""
    store = Store.open(f"sqlite:///{db_path}")
    place = Location("Stara Zburivka", "Kherson", "Ukraine", "UA", within=dict(REGION))
    c = data.claim(TEXT, "Drone strikes on the hamlet of Stara Zburivka", "Air/drone strike", data.EXP, "2019-05-06",
                   place, "Military Forces of Russia (2000-)", "Civilians (Ukraine)", 1, "killed a tractor driver",
                   ["officials"])  # fmt: skip
    [inc_id] = store.add_extraction(Extraction(data.doc("kherson-1", TEXT, "River Wire", "2019-05-07"), [c]))
    store.close()
    return db_path, inc_id


@pytest.fixture
def approx_client(approx_db):
    with TestClient(create_app(Settings(db=str(approx_db[0])))) as c:
        yield c, approx_db[1]
    c.app.state.store.close()


def test_incident_and_claim_location(approx_client):
    client, inc_id = approx_client
    inc = client.get(f"/api/v1/incidents/{inc_id}").json()
    assert inc["location"]["name"] == "Stara Zburivka"
    assert (inc["location"]["lat"], inc["location"]["lon"], inc["location"]["geo_precision"]) == (46.7, 33.1, 3)
    assert inc["location"]["approximate"] is True and inc["location"]["within"]["name"] == "Kherson Oblast"
    [claim] = inc["claims"]
    assert claim["location"]["lat"] is None and claim["location"]["within"] == REGION
    listed = client.get("/api/v1/incidents", params={"country": "UA"}).json()["items"]
    assert [i["location"]["approximate"] for i in listed] == [True]
    other = client.get("/api/v1/incidents", params={"country": "SY"}).json()["items"]
    assert other and not any(i["location"]["approximate"] for i in other)


def test_points_flag_approximate(approx_client):
    client, inc_id = approx_client
    body = client.get("/api/v1/points").json()
    assert body["fields"][-1] == "approximate" and len(body["points"]) == 7
    flags = {p[0]: p[7] for p in body["points"]}
    assert flags.pop(inc_id) is True and not any(flags.values())
    [p] = [p for p in body["points"] if p[0] == inc_id]
    assert p[1:3] == [46.7, 33.1] and p[6] == "Stara Zburivka"


def test_index_points_equal_sql(approx_db):
    store = Store.open(f"sqlite:///{approx_db[0]}")
    index = IncidentIndex(store.engine)
    index.build_now()
    with store.engine.connect() as conn:
        snap = index.current(conn)
        for f in (Filters(), Filters(country="UA")):
            assert index.points(snap, conn, f, 1000) == [dumps(p) for p in queries.points(conn, f)]
        total, items = index.page(snap, conn, Filters(country="UA"), 10, 0, "-date")
        assert items == [dumps(i) for i in query.list_incidents(conn, Filters(country="UA"), 10, 0, "-date")["items"]]
    store.close()


def test_exports(approx_client):
    client, inc_id = approx_client
    acled = client.get("/api/v1/export", params={"format": "acled-csv", "country": "UA"}).text
    [row] = csv.DictReader(io.StringIO(acled))
    assert row["location"] == "Stara Zburivka" and row["geo_precision"] == "3"
    assert (float(row["latitude"]), float(row["longitude"])) == (46.7, 33.1)
    geo = client.get("/api/v1/export", params={"format": "geojson", "country": "UA"}).json()
    [feature] = geo["features"]
    assert feature["id"] == inc_id and feature["properties"]["approximate"] is True
    assert feature["properties"]["approximate_at"] == "Kherson Oblast"
