"""An incident placed only by its region (a town the gazetteer lacks) looks approximate in the browser."""

from __future__ import annotations

import pytest
from api import data

from sitrep.store import Store
from sitrep.types import Extraction, Location
from web.conftest import Server

pytestmark = pytest.mark.browser

TEXT = "Artillery fire hit the village of Nova Pidhorodna in Kharkiv region on Sunday, killing two residents."


@pytest.fixture(scope="module")
def approx_server(web_template, tmp_path_factory, browser):
    db = data.copy(web_template[0], tmp_path_factory.mktemp("web-approx") / "sitrep.db")
    store = Store.open(f"sqlite:///{db}")
    place = Location("Nova Pidhorodna", "Kharkiv", "Ukraine", "UA", within={
        "name": "Kharkiv Oblast", "lat": 49.5, "lon": 36.5, "geonameid": 706482, "geo_precision": 3})  # fmt: skip
    c = data.claim(TEXT, "Artillery fire hit the village of Nova Pidhorodna", "Shelling/artillery/missile attack",
                   data.EXP, "2019-05-05", place, "Military Forces of Russia (2000-)", "Civilians (Ukraine)", 2,
                   "killing two residents")  # fmt: skip
    [inc_id] = store.add_extraction(Extraction(data.doc("kharkiv-1", TEXT, "Border Wire", "2019-05-06"), [c]))
    store.close()
    s = Server(db)
    s.incident_id = inc_id
    yield s
    s.stop()


def test_approximate_marker_and_incident_page(page, approx_server):
    page.goto(approx_server.url + "/")
    page.wait_for_selector("body[data-ready]:not(.loading)")
    from web.test_dashboard import shown

    assert shown(page) == 7
    ring = page.locator("#map path.incident-marker.approximate")
    assert ring.count() == 1
    assert ring.get_attribute("stroke-dasharray") == "3 3"
    assert float(ring.get_attribute("fill-opacity")) < 0.5
    assert "approximate" in page.locator("#legend").inner_text()

    page.goto(f"{approx_server.url}/incidents/{approx_server.incident_id}")
    page.wait_for_selector("body[data-ready]")
    assert page.locator("#approximate").inner_text().strip() == "approximate: placed at Kharkiv Oblast"
    assert "Nova Pidhorodna" in page.locator("#incident-fields").inner_text()
    assert page.errors == [] and page.outside == []
