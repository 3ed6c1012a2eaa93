"""Read endpoints: every filter of /api/v1/incidents, detail, points, stats, facets, documents, sources, exports."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from api import data
from api.data import XSS
from sitrep.api import create_app
from sitrep.config import Settings


@pytest.fixture(scope="module", params=["index", "sql"])
def client(request, template, tmp_path_factory):
    """Every read test runs on both paths: the in-memory index and plain SQL (one app per module and
    path: these tests only read; the one that writes uses `fresh_client`)."""
    db_path = data.copy(template[0], tmp_path_factory.mktemp("read") / "sitrep.db")
    app = create_app(Settings(db=str(db_path), api_index_max=200_000 if request.param == "index" else 0))
    assert (app.state.index is not None) == (request.param == "index")
    with TestClient(app) as c:
        yield c
    app.state.store.close()


def ids(client, **params) -> list[int]:
    r = client.get("/api/v1/incidents", params=params)
    assert r.status_code == 200, r.text
    return [i["id"] for i in r.json()["items"]]


def places(client, **params) -> set[str]:
    r = client.get("/api/v1/incidents", params=params)
    assert r.status_code == 200, r.text
    return {i["location"]["name"] for i in r.json()["items"]}


ALL = {"Saraqib", "Kabul", "Mogadishu", "Khartoum", "Maiduguri", "Aleppo"}


def test_list_all_newest_first(client):
    body = client.get("/api/v1/incidents").json()
    assert body["total"] == 6 and body["limit"] == 50 and body["offset"] == 0
    dates = [i["date"] for i in body["items"]]
    assert dates == sorted(dates, reverse=True)
    assert {i["location"]["name"] for i in body["items"]} == ALL
    saraqib = next(i for i in body["items"] if i["location"]["name"] == "Saraqib")
    assert saraqib["fatalities"] == {"low": 12, "best": 25, "high": 40}
    assert saraqib["n_claims"] == 3 and saraqib["grade"] == "contested"


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"since": "2019-05-02"}, {"Kabul", "Mogadishu", "Khartoum", "Maiduguri"}),
        ({"until": "2019-05-01"}, {"Saraqib", "Aleppo"}),
        ({"since": "2019-05-01", "until": "2019-05-02"}, {"Saraqib", "Mogadishu", "Maiduguri"}),
        ({"country": "SY"}, {"Saraqib", "Aleppo"}),
        ({"country": "sy"}, {"Saraqib", "Aleppo"}),
        ({"country": "Nigeria"}, {"Maiduguri"}),
        ({"admin1": "idlib"}, {"Saraqib"}),
        ({"type": "Battles"}, {"Mogadishu"}),
        ({"type": "Battles,Protests"}, {"Mogadishu", "Khartoum"}),
        ({"sub_type": "Suicide bomb"}, {"Kabul"}),
        ({"type": "Explosions/Remote violence", "sub_type": "Air/drone strike"}, {"Saraqib"}),
        ({"actor": "boko haram"}, {"Maiduguri"}),
        ({"actor": "Civilians (Syria)"}, {"Saraqib", "Aleppo"}),  # actor2 too
        ({"actor": "%"}, set()),  # LIKE wildcards are literal
        ({"min_killed": 8}, {"Kabul", "Saraqib", "Maiduguri"}),
        ({"min_killed": 0}, ALL - {"Khartoum"}),  # no figure is not zero
        ({"grade": "fair"}, {"Maiduguri"}),
        ({"grade": "contested,fair"}, {"Saraqib", "Maiduguri"}),
        ({"q": "wedding"}, {"Kabul"}),
        ({"q": "Saraqib market"}, {"Saraqib"}),
        ({"q": "rubble"}, {"Saraqib"}),  # any of an incident's reports
        ({"q": 'NEAR("x" OR'}, set()),  # FTS syntax is inert
        ({"country": "SY", "min_killed": 10}, {"Saraqib"}),
        ({"country": "", "actor": ""}, ALL),  # empty form fields mean "any"
    ],
)
def test_filters(client, params, expected):
    assert places(client, **params) == expected


def test_total_follows_filters_and_pages(client):
    first = client.get("/api/v1/incidents", params={"limit": 2, "country": "SY"}).json()
    assert first["total"] == 2 and len(first["items"]) == 2
    page = client.get("/api/v1/incidents", params={"limit": 4, "offset": 4}).json()
    assert page["total"] == 6 and len(page["items"]) == 2
    everything = ids(client, limit=2) + ids(client, limit=2, offset=2) + ids(client, limit=2, offset=4)
    assert sorted(everything) == sorted(ids(client))


def test_sort(client):
    killed = [i["fatalities"]["best"] if i["fatalities"] else None for i in client.get("/api/v1/incidents", params={"sort": "-killed"}).json()["items"]]
    assert killed == [30, 25, 8, 5, 3, None]
    dates = [i["date"] for i in client.get("/api/v1/incidents", params={"sort": "date"}).json()["items"]]
    assert dates == sorted(dates)


@pytest.mark.parametrize(
    "params",
    [{"since": "yesterday"}, {"min_killed": -1}, {"limit": 0}, {"limit": 5000}, {"since": "2019-05-03", "until": "2019-05-01"},
     {"status": "bogus"}, {"sort": "name"}],
)  # fmt: skip
def test_bad_parameters_are_422(client, params):
    assert client.get("/api/v1/incidents", params=params).status_code == 422


def test_status_filter_after_reject(fresh_client, auth):
    client = fresh_client
    saraqib = next(i for i in client.get("/api/v1/incidents").json()["items"] if i["location"]["name"] == "Saraqib")["id"]
    assert client.post(f"/api/v1/incidents/{saraqib}/reject", json={"reason": "duplicate"}, headers=auth["reviewer"]).status_code == 200
    assert "Saraqib" not in places(client)
    assert places(client, status="rejected") == {"Saraqib"}
    assert places(client, status="all") == ALL


def test_incident_detail(client):
    inc_id = ids(client, sub_type="Air/drone strike")[0]
    inc = client.get(f"/api/v1/incidents/{inc_id}").json()
    assert inc["id"] == inc_id and len(inc["claims"]) == 3
    # outlets as people name them: the publisher "SANA" is the Syrian Arab News Agency
    assert inc["sources"] == ["Syrian Arab News Agency", "Syrian Observatory for Human Rights", "White Helmets"]
    assert {v["source"]: v["best"] for v in inc["figures_by_source"]["killed"]} == {
        "Syrian Arab News Agency": 12,
        "Syrian Observatory for Human Rights": 40,
        "White Helmets": 25,
    }
    assert inc["audit"] == []
    docs = {d["db_id"]: d for d in inc["documents"]}
    assert len(docs) == 3
    for c in inc["claims"]:
        text = docs[c["document"]["db_id"]]["text"]
        ev = c["evidence"][0]
        assert text[ev["start"] : ev["end"]] == ev["text"]  # offsets point into the served text
        fe = c["field_evidence"]["fatalities"]
        assert text[fe["start"] : fe["end"]] == fe["text"]
    why = client.get(f"/api/v1/incidents/{inc_id}", params={"why": "true"}).json()
    assert len(why["pairs"]) == 3 and all("score" in p for p in why["pairs"])


def test_incident_404(client):
    assert client.get("/api/v1/incidents/999").status_code == 404
    assert client.get("/api/v1/incidents/abc").status_code == 422


def test_report_text_is_served_verbatim_as_json(client):
    inc_id = ids(client, admin1="Aleppo")[0]
    r = client.get(f"/api/v1/incidents/{inc_id}")
    assert r.headers["content-type"].startswith("application/json")
    inc = r.json()
    assert XSS in inc["documents"][0]["text"] and XSS in inc["actor1"]


def test_points(client):
    body = client.get("/api/v1/points").json()
    assert body["fields"][:3] == ["id", "lat", "lon"]
    assert len(body["points"]) == 6
    kabul = next(p for p in body["points"] if p[6] == "Kabul")
    assert kabul[1:5] == [34.5281, 69.1723, "Explosions/Remote violence", 30]
    assert [p[6] for p in client.get("/api/v1/points", params={"country": "SY"}).json()["points"]] == ["Saraqib", "Aleppo"]


def test_stats(client):
    s = client.get("/api/v1/stats").json()
    assert s["incidents"] == 6 and s["killed"] == 30 + 25 + 8 + 5 + 3
    assert {"date": "2019-05-02", "event_type": "Battles", "incidents": 1, "killed": 5} in s["daily"]
    assert sum(d["killed"] for d in s["daily"]) == s["killed"]
    by_type = {t["event_type"]: t for t in s["by_type"]}
    assert by_type["Explosions/Remote violence"] == {"event_type": "Explosions/Remote violence", "incidents": 3, "killed": 58}
    assert s["by_place"][0] == {"country_code": "AF", "country": "Afghanistan", "admin1": "Kabul", "incidents": 1, "killed": 30}
    assert s["store"] == {"documents": 9, "claims": 9, "incidents": 6, "failures": 0}
    by_place = client.get("/api/v1/stats", params={"daily_by": "admin1"}).json()["daily"]
    assert {"date": "2019-05-01", "admin1": "Idlib", "incidents": 1, "killed": 25} in by_place
    assert client.get("/api/v1/stats", params={"daily_by": "country", "country": "SY"}).json()["daily"] == [
        {"date": "2019-04-30", "country": "Syria", "incidents": 1, "killed": 3},
        {"date": "2019-05-01", "country": "Syria", "incidents": 1, "killed": 25},
    ]
    assert client.get("/api/v1/stats", params={"daily_by": "actor"}).status_code == 422
    f = client.get("/api/v1/stats", params={"country": "SY", "places": 1}).json()
    assert f["incidents"] == 2 and f["killed"] == 28 and len(f["by_place"]) == 1
    assert {d["date"] for d in f["daily"]} == {"2019-04-30", "2019-05-01"}


def test_facets(client):
    f = client.get("/api/v1/facets").json()
    assert [c["code"] for c in f["countries"]] == ["AF", "NG", "SO", "SD", "SY"]
    assert {"country_code": "SY", "name": "Idlib", "incidents": 1} in f["admin1"]
    assert f["grades"] == ["contested", "fair", "weak"]
    assert (f["first_date"], f["last_date"]) == ("2019-04-30", "2019-05-04")
    assert "Air/drone strike" in f["event_types"]["Explosions/Remote violence"]


def test_documents(client):
    body = client.get("/api/v1/documents").json()
    assert body["total"] == 9 and all("text" not in d for d in body["items"])
    assert [d["id"] for d in client.get("/api/v1/documents", params={"q": "wedding"}).json()["items"]] == ["kabul-1"]
    assert client.get("/api/v1/documents", params={"limit": 3, "offset": 3}).json()["items"][0]["db_id"] == 6
    one = client.get("/api/v1/documents/1").json()
    assert one["id"] == "monitor-1" and one["text"].startswith("BEIRUT") and one["claims"][0]["fatalities"]["best"] == 40
    assert client.get("/api/v1/documents/999").status_code == 404


def test_sources(client):
    body = client.get("/api/v1/sources").json()
    by = {s["name"]: s for s in body["items"]}
    assert by["White Helmets"]["as_attributed"] == 1 and by["White Helmets"]["n_incidents"] == 1
    assert by["SANA"]["as_publisher"] == 1
    assert body["total"] == len(by) == 14
    assert [s["name"] for s in client.get("/api/v1/sources", params={"q": "helmet"}).json()["items"]] == ["White Helmets"]


def test_export_acled_csv(client):
    r = client.get("/api/v1/export", params={"format": "acled-csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 6
    saraqib = next(x for x in rows if x["location"] == "Saraqib")
    assert saraqib["fatalities"] == "25" and saraqib["event_id_cnty"].startswith("SY")
    assert "Monitor Post" in saraqib["source"]
    only = list(csv.DictReader(io.StringIO(client.get("/api/v1/export", params={"country": "NG"}).text)))
    assert [x["location"] for x in only] == ["Maiduguri"]


def test_export_ucdp_csv(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/export", params={"format": "ucdp-csv"}).text)))
    # GED holds lethal organised violence only: the Khartoum protest is not in it
    assert len(rows) == 5 and {x["best"] for x in rows if x["where_description"] == "Saraqib"} == {"25"}
    assert "Khartoum" not in {x["where_description"] for x in rows} and all(int(x["best"]) > 0 for x in rows)


def test_export_geojson_streams_in_chunks(client, monkeypatch):
    from sitrep.store import query

    monkeypatch.setattr(query, "CHUNK", 2)  # six incidents -> three chunks, one streamed response
    r = client.get("/api/v1/export", params={"format": "geojson"})
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = json.loads(r.text)
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 6
    assert {f["properties"]["location"] for f in fc["features"]} == ALL
    csv_rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/export").text)))
    assert len(csv_rows) == 6  # one header only, across chunks
    empty = json.loads(client.get("/api/v1/export", params={"format": "geojson", "country": "FR"}).text)
    assert empty == {"type": "FeatureCollection", "features": []}


def test_export_bad_format(client):
    assert client.get("/api/v1/export", params={"format": "xlsx"}).status_code == 422


def test_openapi_lists_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ["/api/v1/incidents", "/api/v1/incidents/{incident_id}", "/api/v1/stats", "/api/v1/documents", "/api/v1/sources",
              "/api/v1/export", "/api/v1/incidents/merge", "/api/v1/actions/{action_id}/undo", "/api/v1/points", "/api/v1/facets"]:  # fmt: skip
        assert p in paths
    params = {p["name"] for p in paths["/api/v1/incidents"]["get"]["parameters"]}
    assert {"since", "until", "country", "admin1", "type", "sub_type", "actor", "min_killed", "grade", "q", "limit", "offset"} <= params


def test_health(client):
    assert client.get("/api/v1/health").json()["ok"] is True
