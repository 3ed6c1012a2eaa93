"""Through the real extractor (slow: spaCy + gazetteer): reports in, and the API serves evidence whose
offsets point into the served text, including a report that carries markup."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sitrep.api import create_app
from sitrep.config import Settings
from sitrep.store import Store
from sitrep.types import Document

REPORTS = [
    Document(
        id="e2e-1",
        text="KABUL, May 3, 2019 - A suicide bomber killed 9 people at a wedding hall in Kabul on Thursday, officials said.",
        publisher="Kabul Daily",
        published="2019-05-03",
        title="Wedding hall bombing",
    ),
    Document(
        id="e2e-2",
        text='ALEPPO, April 30, 2019 - <script>alert(1)</script> Shelling killed three people in Aleppo on Tuesday, '
        "a local monitor said.",
        publisher="Evil Gazette",
        published="2019-04-30",
        title="<b>Aleppo</b>",
    ),
]


@pytest.mark.slow
def test_real_extractions_served_with_exact_evidence(tmp_path, extractor):
    store = Store.open(str(tmp_path / "e2e.db"))
    for d in REPORTS:
        store.add_extraction(extractor.extract(d))
    with TestClient(create_app(Settings(db=str(tmp_path / "e2e.db")), store=store)) as client:
        items = client.get("/api/v1/incidents").json()["items"]
        assert {i["location"]["country_code"] for i in items} >= {"AF"}
        checked = 0
        for item in items:
            inc = client.get(f"/api/v1/incidents/{item['id']}").json()
            texts = {d["db_id"]: d["text"] for d in inc["documents"]}
            for c in inc["claims"]:
                text = texts[c["document"]["db_id"]]
                spans = list(c["evidence"]) + list(c["field_evidence"].values())
                for sp in spans:
                    assert text[sp["start"] : sp["end"]] == sp["text"]
                    checked += 1
        assert checked >= 2
        assert client.get("/api/v1/incidents", params={"q": "wedding"}).json()["total"] >= 1
    store.close()


@pytest.mark.slow
def test_places_listed_as_the_report_spells_them_and_found_however_spelled(tmp_path, extractor):
    # GeoNames calls the town "Dūmā"; the report writes "Douma"
    doc = Document(id="names-1", text="An air strike on Douma killed 12 civilians on Saturday, rescuers said.",
                   publisher="Test Wire", published="2018-04-07")
    store = Store.open(str(tmp_path / "names.db"))
    store.add_extraction(extractor.extract(doc))
    with TestClient(create_app(Settings(db=str(tmp_path / "names.db")), store=store)) as client:
        items = client.get("/api/incidents").json()["items"]
        assert [(i["location"]["name"], i["location"]["gazetteer_name"]) for i in items] == [("Douma", "Dūmā")]
        [claim] = client.get(f"/api/v1/incidents/{items[0]['id']}").json()["claims"]
        assert (claim["location"]["name"], claim["location"]["gazetteer_name"]) == ("Douma", "Dūmā")
        for q in ("Duma", "Dūmā", "al-Duma", "douma"):
            assert client.get("/api/incidents", params={"q": q}).json()["total"] == 1, q
        assert client.get("/api/incidents", params={"q": "Homs"}).json()["total"] == 0
    store.close()
