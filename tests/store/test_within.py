"""A town the gazetteer lacks, named with its region (Location.within): stored as said, placed on the map
at the region's point and marked approximate, exported the ACLED way (geo precision 3, region point)."""

from __future__ import annotations

import csv
import io
import json

from merge.reports import claim, extraction, report

from sitrep.store.exports import export
from sitrep.types import Location

REGION = {"name": "Zaporizhzhia Oblast", "lat": 47.5, "lon": 35.6, "geonameid": 687699, "geo_precision": 3}


def hamlet() -> Location:
    return Location("Mala Tokmachka", "Zaporizhzhia", "Ukraine", "UA", within=dict(REGION))


def shelled_hamlet():
    t = "Two farm workers were killed when shells hit the village of Mala Tokmachka in Zaporizhzhia region on Tuesday."
    return extraction(
        report("hamlet-1", t, "Field Wire", published="2023-06-07"),
        claim(t, sub="Shelling/artillery/missile attack", date="2023-06-06", location=hamlet(),
              actor1="Military Forces of Russia (2000-)", actor2="Civilians (Ukraine)", killed=(2, 2, None)),
    )  # fmt: skip


def test_claim_keeps_its_own_name_and_the_region(store):
    [inc_id] = store.add_extraction(shelled_hamlet())
    inc = store.get_incident(inc_id)
    [c] = inc["claims"]
    assert c["location"]["name"] == "Mala Tokmachka"
    assert c["location"]["lat"] is None and c["location"]["lon"] is None and c["location"]["geo_precision"] is None
    assert c["location"]["within"] == REGION
    assert store.get_claim(c["id"])["location"]["within"] == REGION


def test_incident_is_placed_at_the_region_and_says_so(store):
    [inc_id] = store.add_extraction(shelled_hamlet())
    loc = store.get_incident(inc_id)["location"]
    assert loc["name"] == "Mala Tokmachka"
    assert (loc["lat"], loc["lon"], loc["geo_precision"]) == (47.5, 35.6, 3)
    assert loc["approximate"] is True and loc["within"]["name"] == "Zaporizhzhia Oblast"
    [listed] = store.list_incidents()
    assert listed["location"]["approximate"] is True


def test_exact_places_are_not_approximate(store):
    t = "An air strike hit Saraqib on Wednesday, killing 4 people."
    [inc_id] = store.add_extraction(extraction(report("exact-1", t, "Outlet"), claim(t, killed=(4, 4, None))))
    loc = store.get_incident(inc_id)["location"]
    assert loc["approximate"] is False and loc["within"] is None and loc["geo_precision"] == 1
    assert store.get_incident(inc_id)["claims"][0]["location"]["within"] is None


def test_reviewer_point_is_not_approximate(store):
    [inc_id] = store.add_extraction(shelled_hamlet())
    store.edit_incident(inc_id, {"lat": 47.41, "lon": 35.93, "geo_precision": 1}, who="reviewer")
    loc = store.get_incident(inc_id)["location"]
    assert (loc["lat"], loc["lon"], loc["geo_precision"]) == (47.41, 35.93, 1)
    assert loc["approximate"] is False and loc["within"] is None


def test_exports_use_the_region_point_at_region_precision(store):
    store.add_extraction(shelled_hamlet())
    incidents = store.list_incidents(with_claims=True)

    [row] = csv.DictReader(io.StringIO(export(incidents, "acled-csv")))
    assert row["location"] == "Mala Tokmachka" and row["admin1"] == "Zaporizhzhia"
    assert (float(row["latitude"]), float(row["longitude"]), row["geo_precision"]) == (47.5, 35.6, "3")
    assert "Zaporizhzhia Oblast" in row["tags"]

    [u] = csv.DictReader(io.StringIO(export(incidents, "ucdp-csv")))
    assert u["where_prec"] == "4"
    assert u["where_coordinates"] == "Zaporizhzhia Oblast" and u["where_description"] == "Mala Tokmachka"
    assert (float(u["latitude"]), float(u["longitude"])) == (47.5, 35.6)

    [feature] = json.loads(export(incidents, "geojson"))["features"]
    assert feature["geometry"]["coordinates"] == [35.6, 47.5]
    props = feature["properties"]
    assert props["approximate"] is True and props["approximate_at"] == "Zaporizhzhia Oblast"
    assert props["location"] == "Mala Tokmachka" and props["geo_precision"] == 3


def test_unlisted_place_without_a_region_point_stays_unplaced(store):
    t = "Three soldiers were killed near Mala Tokmachka on Tuesday."
    loc = Location("Mala Tokmachka", None, "Ukraine", "UA", within={"name": "Zaporizhzhia Oblast", "lat": None,
                   "lon": None, "geonameid": None, "geo_precision": 3})  # fmt: skip
    [inc_id] = store.add_extraction(
        extraction(report("hamlet-2", t, "Outlet"), claim(t, date="2023-06-06", location=loc, killed=(3, 3, None)))
    )
    got = store.get_incident(inc_id)["location"]
    assert got["lat"] is None and got["approximate"] is False
    # in GeoJSON an unlocated Feature (null geometry), never a point; not in the ACLED CSV
    [feature] = json.loads(export(store.list_incidents(with_claims=True), "geojson"))["features"]
    assert feature["geometry"] is None and feature["properties"]["located"] is False
    assert list(csv.DictReader(io.StringIO(export(store.list_incidents(with_claims=True), "acled-csv")))) == []
