"""Places as the reports spell them: the store keeps each report's spelling and the gazetteer's name,
an incident shows the most common spelling of its most named place, and search finds it however it is
spelled (diacritics, Arabic articles, vowel spellings)."""

from __future__ import annotations

from dataclasses import replace

from merge.reports import claim, extraction, report

from sitrep.store.query import Filters
from sitrep.types import Location

# One town as GeoNames names it, and two more (a neighbour, a namesake-free town elsewhere)
DOUMA = Location("Douma", "Rif Dimashq", "Syria", "SY", 33.5717, 36.4027, 170592, 1, gazetteer_name="Dūmā")
HARASTA = Location("Harasta", "Rif Dimashq", "Syria", "SY", 33.5586, 36.365, 169945, 1, gazetteer_name="Ḩarastā")
HODEIDAH = Location("Hodeidah", "Al Hudaydah", "Yemen", "YE", 14.7978, 42.9545, 79415, 1,
                    gazetteer_name="Al Ḩudaydah")


def _strike(doc_id: str, where: Location, publisher: str):
    text = f"An air strike on {where.name} on Wednesday killed 6 people, rescuers told {publisher}."
    return extraction(report(doc_id, text, publisher), claim(text, location=where, killed=(6, 6, None)))


def test_claim_and_incident_keep_the_reports_spelling_and_the_gazetteers_name(store):
    [iid] = store.add_extraction(_strike("d-1", DOUMA, "Outlet A"))
    inc = store.get_incident(iid)
    assert (inc["location"]["name"], inc["location"]["gazetteer_name"]) == ("Douma", "Dūmā")
    [c] = inc["claims"]
    assert (c["location"]["name"], c["location"]["gazetteer_name"]) == ("Douma", "Dūmā")


def test_a_place_the_gazetteer_lacks_has_no_gazetteer_name(store):
    farm = Location("Nowhere Farm", None, "Syria", "SY", None, None, None, None)
    [iid] = store.add_extraction(_strike("d-1", farm, "Outlet A"))
    loc = store.get_incident(iid)["location"]
    assert (loc["name"], loc["gazetteer_name"]) == ("Nowhere Farm", None)


def test_the_incident_shows_the_most_common_spelling(store):
    duma = replace(DOUMA, name="Duma")
    for i, (loc, outlet) in enumerate([(DOUMA, "Outlet A"), (duma, "Outlet B"), (DOUMA, "Outlet C")]):
        ids = store.add_extraction(_strike(f"d-{i}", loc, outlet))
    inc = store.get_incident(ids[0])
    assert inc["n_claims"] == 3
    assert (inc["location"]["name"], inc["location"]["gazetteer_name"]) == ("Douma", "Dūmā")
    assert sorted(c["location"]["name"] for c in inc["claims"]) == ["Douma", "Douma", "Duma"]


def test_spellings_of_one_place_are_counted_together_against_another_place(store, new_store):
    # Three reports place the strike near Douma (three spellings), two near neighbouring Harasta (4 km
    # apart: one event): Douma, in whatever order they come
    near_douma, near_harasta = replace(DOUMA, geo_precision=2), replace(HARASTA, geo_precision=2)
    spellings = [near_douma, replace(near_douma, name="Duma"), replace(near_douma, name="Dūmā"), near_harasta,
                 near_harasta]
    for order, s in ((spellings, store), (spellings[::-1], new_store())):
        for i, loc in enumerate(order):
            ids = s.add_extraction(_strike(f"d-{loc.name}-{i}", loc, f"Outlet {i}"))
        incs = s.list_incidents(Filters())
        assert len(incs) == 1 and incs[0]["n_claims"] == 5
        # a tie among three spellings goes to the one without diacritics, then alphabetical
        assert (incs[0]["location"]["name"], incs[0]["location"]["gazetteer_name"]) == ("Douma", "Dūmā")
        assert ids


def test_search_finds_a_place_however_it_is_spelled(store):
    store.add_extraction(_strike("d-1", DOUMA, "Outlet A"))
    store.add_extraction(_strike("y-1", HODEIDAH, "Outlet B"))

    def found(q: str) -> list[str]:
        return [i["location"]["name"] for i in store.list_incidents(Filters(q=q))]

    for q in ("Douma", "douma", "Duma", "Dūmā", "al-Duma", "Al Duma", "DOUMA"):
        assert found(q) == ["Douma"], q
    for q in ("Hodeidah", "Hudaydah", "Al Hudaydah", "al-Ḩudaydah", "Hodeida"):
        assert found(q) == ["Hodeidah"], q
    for q in ("Harasta", "Dumayr", "Aden", "D"):
        assert found(q) == [], q


def test_search_by_the_gazetteers_name_finds_a_place_the_report_spells_otherwise(store):
    store.add_extraction(_strike("a-1", Location("Kuito", "Bie", "Angola", "AO", -12.38, 16.93, 3348078, 1,
                                                 gazetteer_name="Cuíto"), "Outlet A"))
    for q in ("Kuito", "Cuíto", "Cuito"):
        assert [i["location"]["name"] for i in store.list_incidents(Filters(q=q))] == ["Kuito"], q
    assert store.list_incidents(Filters(q="Quetta")) == []


def test_exports_name_the_place_as_the_reports_do_and_keep_the_gazetteers_name(store):
    import csv
    import io
    import json

    from sitrep.store.exports import export

    # a report that writes the name with its diacritics, as the gazetteer does
    store.add_extraction(_strike("d-1", replace(HARASTA, name="Ḩarastā"), "Outlet A"))
    store.add_extraction(_strike("y-1", HODEIDAH, "Outlet B"))
    incidents = store.list_incidents(with_claims=True)
    acled = {r["location"]: r for r in csv.DictReader(io.StringIO(export(incidents, "acled-csv")))}
    assert set(acled) == {"Harasta", "Hodeidah"}  # ASCII, as ACLED writes names
    assert acled["Hodeidah"]["admin1"] == "Al Hudaydah"
    ucdp = {r["where_description"]: r for r in csv.DictReader(io.StringIO(export(incidents, "ucdp-csv")))}
    assert {k: r["where_coordinates"] for k, r in ucdp.items()} == {"Ḩarastā": "Harasta", "Hodeidah": "Al Hudaydah"}
    props = [f["properties"] for f in json.loads(export(incidents, "geojson"))["features"]]
    assert {(p["location"], p["gazetteer_name"]) for p in props} == {("Ḩarastā", "Ḩarastā"), ("Hodeidah", "Al Ḩudaydah")}
