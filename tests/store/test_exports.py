"""Exports read by the tools analysts use: pandas, the `acled` client's parser and types, GDAL via
pyogrio; ACLED's and UCDP's coding rules; spreadsheet-safe cells."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import typing
from collections import Counter

import pytest
from merge.reports import ARIHA, KABUL, SARAQIB, claim, extraction, report

from sitrep.store.exports import ACLED_COLUMNS, UCDP_COLUMNS, export, summary
from sitrep.store.exports import common as c
from sitrep.store.exports.ucdp import date_span, priogrid_gid
from sitrep.types import Location

pd = pytest.importorskip("pandas")

SYRIA = Location("Syria", None, "Syria", "SY", 35.0, 38.0, 163843, 3)
UNPLACED = Location("Nowhere Farm", None, None, None, None, None, None, 2)
ROSARIO = Location("Rosário", "Santa Fe", "Argentina", "AR", -32.95, -60.65, 3838583, 1)


def _reports():
    """Six incidents: state forces on civilians, rebels on the army, two rebel groups, a protest with no
    named actor, an unplaced clash, and a month-dated country-level air strike."""
    t = [
        "Government warplanes killed 9 civilians in Saraqib on Wednesday, SOHR and a fighter named Abu Omar said.",
        "Rebels attacked an army post in Ariha on Wednesday, killing 4 soldiers.",
        "Clashes between Hayat Tahrir al-Sham and the Syrian National Army in Kabul killed 3.",
        "Hundreds protested in Rosário on Wednesday.",
        "Two men were killed in a clash near Nowhere Farm on Wednesday.",
        "Russian air strikes in Syria killed 12 people in April, the Libyan National Army said.",
    ]
    month = claim(t[5], date="2019-04-01", location=SYRIA, actor1="Military Forces of Russia (2000-)", actor2=None,
                  killed=(12, 12, None), sources=["Libyan National Army"])  # fmt: skip
    month.date_precision = "month"
    return [
        extraction(report("a", t[0], "Monitor Post", url="https://monitor.example/a"),
                   claim(t[0], killed=(9, 9, None), sources=["Syrian Observatory for Human Rights", "Abu Omar"])),
        extraction(report("b", t[1], "manar"),
                   claim(t[1], "Armed clash", "Battles", location=ARIHA, actor1="Rebel Forces (Syria)",
                         actor2="Military Forces of Syria (2000-)", killed=(4, 4, 6))),
        extraction(report("c", t[2], "Wire"),
                   claim(t[2], "Armed clash", "Battles", location=KABUL, actor1="Hayat Tahrir al-Sham",
                         actor2="Syrian National Army", killed=(3, 3, None))),
        extraction(report("d", t[3], "Wire"),
                   claim(t[3], "Peaceful protest", "Protests", location=ROSARIO, actor1=None, actor2=None)),
        extraction(report("e", t[4], "Wire"),
                   claim(t[4], "Armed clash", "Battles", location=UNPLACED, actor1=None, actor2=None, killed=(2, 2, 2))),
        extraction(report("f", t[5], "Wire", published="2019-05-02"), month),
    ]  # fmt: skip


@pytest.fixture
def incidents(store):
    for e in _reports():
        store.add_extraction(e)
    return store.list_incidents(with_claims=True)


def _by_location(df, key="location"):
    return {r[key]: r for _, r in df.iterrows()}


def test_acled_codes_and_dtypes(incidents):
    left_out: Counter = Counter()
    text = export(incidents, "acled-csv", left_out=left_out)
    df = pd.read_csv(io.StringIO(text))
    assert list(df.columns) == ACLED_COLUMNS
    # ACLED never ships an event without a point: the unplaced clash is left out and said so
    assert len(df) == 5 and left_out == Counter({"no point or country": 1})
    assert summary(6, "acled-csv", left_out) == "5 of 6 incidents; left out: 1 no point or country"
    for col in ("year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities",
                "timestamp"):  # fmt: skip
        assert df[col].dtype == "int64", col
    for col in ("iso", "country", "region", "latitude", "longitude", "location", "source"):
        assert df[col].notna().all(), col
    rows = _by_location(df)
    s = rows["Saraqib"]
    assert (s.inter1, s.inter2, s.interaction, s.civilian_targeting) == (1, 7, 17, "Civilian targeting")
    assert (s.iso, s.region, s.event_id_cnty[:3]) == (760, "Middle East", "SYR")
    # outlets only: the monitor is a source; a person the report quotes is not
    assert s.source == "Monitor Post; Syrian Observatory for Human Rights" and s.source_scale == "Other"
    b = rows["Ariha"]
    assert (b.inter1, b.inter2, b.interaction) == (2, 1, 12)
    assert b.source == "Al-Manar"  # a feed's short publisher id, named
    assert rows["Kabul"].interaction == 22
    p = rows["Rosario"]  # ASCII, as ACLED writes place names
    assert (p.actor1, p.inter1, p.inter2, p.interaction) == ("Protesters (Argentina)", 6, 0, 60)
    assert (p.region, p.latitude) == ("South America", -32.95)
    r = rows["Syria"]
    assert (r.inter1, r.interaction, r.time_precision, r.geo_precision) == (8, 80, 3, 3)  # a foreign state's forces
    assert "Libyan National Army" not in r.source  # an armed party, not an outlet


def _acled_model_value(value: str, kind: object) -> object:
    """A CSV cell as the `acled` client's AcledEvent field type: what its users' code relies on."""
    args = [a for a in typing.get_args(kind) if a is not type(None)]
    if args:  # Optional[X]
        return None if value == "" else _acled_model_value(value, args[0])
    if kind is int:
        return int(value)
    if kind is float:
        return float(value)
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    if kind is dt.datetime:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    assert value != "", "a required text field is empty"
    return value


def test_acled_client_reads_every_row(incidents):
    acled = pytest.importorskip("acled")
    from acled.clients.acled_data_client import AcledDataClient
    from acled.models.data_models import AcledEvent

    parser = AcledDataClient.__new__(AcledDataClient)  # its parser only; no API key, no network
    hints = typing.get_type_hints(AcledEvent)
    optional = {"admin1", "admin2", "admin3", "assoc_actor_1", "assoc_actor_2", "actor2", "civilian_targeting",
                "tags", "source_scale"}  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(export(incidents, "acled-csv"))))
    assert rows and acled
    for row in rows:
        parsed = parser._parse_event(dict(row))
        assert isinstance(parsed["event_date"], dt.date) and isinstance(parsed["fatalities"], int)
        for field, kind in hints.items():
            cell = row[field]
            if field in optional and cell == "":
                continue
            _acled_model_value(cell, kind)


def test_ucdp_by_ged_rules(incidents):
    left_out: Counter = Counter()
    df = pd.read_csv(io.StringIO(export(incidents, "ucdp-csv", left_out=left_out)))
    assert list(df.columns) == UCDP_COLUMNS
    # only lethal organised violence, each event with its sides known and a point
    assert (df.best > 0).all() and len(df) == 4
    assert left_out == Counter({"not organised violence (protests, riots, strategic developments)": 1,
                                "no point or country": 1})  # fmt: skip
    for col in ("id", "year", "type_of_violence", "where_prec", "country_id", "priogrid_gid", "date_prec", "best",
                "deaths_unknown", "deaths_civilians"):  # fmt: skip
        assert df[col].dtype == "int64", col
    assert (df.deaths_a + df.deaths_b + df.deaths_civilians + df.deaths_unknown == df.best).all()
    rows = _by_location(df, "where_description")
    s = rows["Saraqib"]
    assert (s.type_of_violence, s.side_a, s.side_b, s.deaths_civilians) == (3, "Government of Syria", "Civilians", 9)
    assert (s.country_id, s.region, s.where_prec, s.gwnoa) == (652, "Middle East", 1, 652)
    assert s.source_headline == "Government warplanes killed 9 civilians"  # the report's title
    assert "Monitor Post 2019-05-02" in s.source_article and s.source_original == "Syrian Observatory for Human Rights"
    b = rows["Ariha"]  # state-based: the government is side A whoever attacked
    assert (b.type_of_violence, b.side_a, b.side_b) == (1, "Government of Syria", "Rebel Forces (Syria)")
    assert (b.deaths_unknown, b.low, b.high, b.gwnoa) == (4, 4, 6, 652)
    assert rows["Kabul"].type_of_violence == 2 and rows["Kabul"].country_id == 700
    m = rows["Syria"]  # country level, dated by month: the span is the month
    assert (m.where_prec, m.date_prec, m.date_start, m.date_end) == (6, 4, "2019-04-01", "2019-04-30")
    assert (m.type_of_violence, m.side_a, m.gwnoa) == (1, "Government of Russia", 365)


def test_priogrid_and_date_spans():
    assert priogrid_gid(-89.9, -179.9) == 1 and priogrid_gid(89.9, 179.9) == 259200
    assert priogrid_gid(-89.9, -179.4) == 2 and priogrid_gid(-89.4, -179.9) == 721
    assert priogrid_gid(SARAQIB.lat, SARAQIB.lon) == int((SARAQIB.lat + 90) * 2) * 720 + int((SARAQIB.lon + 180) * 2) + 1
    assert date_span("2020-02-01", "month") == ("2020-02-01", "2020-02-29")
    assert date_span("2020-02-03", "week") == ("2020-02-03", "2020-02-09")
    assert date_span("2020-01-01", "year") == ("2020-01-01", "2020-12-31")
    assert date_span("2020-01-05", "day") == ("2020-01-05", "2020-01-05")


def test_country_table_matches_country_converter():
    """sitrep/data/countries.tsv against the pinned country_converter's own table."""
    coco = pytest.importorskip("country_converter")
    from pathlib import Path

    data = pd.read_csv(Path(coco.__file__).parent / "country_data.tsv", sep="\t", keep_default_na=False, dtype=str)
    gw = {iso.strip("^$").split("$|^")[0]: code for iso, code in zip(data.ISO2, data.GWcode, strict=True) if code}
    table = c.countries()
    assert len(gw) > 190
    for iso2, code in gw.items():
        if iso2 in table:
            assert table[iso2].gw == int(code), iso2
    assert table["SY"].gw == 652 and table["UA"].gw == 369 and table["GB"].iso3 == "GBR"


def test_inter_codes_follow_acled_codebook():
    assert c.inter_code("Military Forces of Syria (2000-)", "SY", "Syria") == c.STATE
    assert c.inter_code("Military Forces of Russia (2000-)", "SY", "Syria") == c.EXTERNAL
    assert c.inter_code("Military Forces of Russia", "RU", "Russia") == c.STATE
    assert c.inter_code("Operation Restoring Hope", "YE", "Yemen") == c.EXTERNAL
    assert c.inter_code("Police Forces of Mexico", "MX", "Mexico") == c.STATE
    assert c.inter_code("Unidentified Armed Group (Mexico)", "MX", "Mexico") == c.POLITICAL_MILITIA
    assert c.inter_code("Communal Militia (Nigeria)", "NG", "Nigeria") == c.IDENTITY_MILITIA
    assert c.inter_code("Rioters (Kenya)", "KE", "Kenya") == c.RIOTERS
    assert c.inter_code(None, "KE", "Kenya") is None
    assert c.interaction(7, 1) == 17 and c.interaction(6, None) == 60


def test_geojson_keeps_unlocated_incidents_and_gdal_reads_typed_fields(incidents, tmp_path):
    left_out: Counter = Counter()
    fc = json.loads(export(incidents, "geojson", left_out=left_out, base_url="http://host"))
    assert len(fc["features"]) == 6 and left_out == Counter({"no coordinates (null geometry)": 1})
    unplaced = next(f for f in fc["features"] if f["properties"]["location"] == "Nowhere Farm")
    assert unplaced["geometry"] is None and unplaced["properties"]["located"] is False
    s = next(f for f in fc["features"] if f["properties"]["location"] == "Saraqib")["properties"]
    assert s["report_urls"] == "https://monitor.example/a" and "killed 9 civilians" in s["evidence"]
    assert s["incident_url"] == f"http://host/api/v1/incidents/{s['id']}"
    gpd = pytest.importorskip("geopandas")
    pytest.importorskip("pyogrio")
    path = tmp_path / "incidents.geojson"
    path.write_text(json.dumps(fc))
    gdf = gpd.read_file(path, engine="pyogrio")
    assert len(gdf) == 6 and gdf.geometry.isna().sum() == 1 and gdf.crs.to_epsg() == 4326
    import pyogrio

    info = pyogrio.read_info(path)
    fields = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert fields["id"] == "int32" and fields["killed_best"] == "int32" and fields["located"] == "bool"
    assert fields["date"].startswith("datetime64")


# ---- formula injection (issue 14) ----------------------------------------------------------------

HOSTILE_PUBLISHER = "=cmd|' /C calc'!A0"
HOSTILE_TITLE = '=HYPERLINK("http://evil.example","click")'


def _hostile(store):
    t = "An air strike killed 3 people in Rosario on Tuesday."
    doc = report("evil", t, HOSTILE_PUBLISHER)
    doc.title = HOSTILE_TITLE
    store.add_extraction(extraction(doc, claim(t, location=ROSARIO, actor1="@SUM(1+1)", actor2="-2+3",
                                               killed=(3, 3, None))))  # fmt: skip
    return store.list_incidents(with_claims=True)


@pytest.mark.parametrize("fmt", ["acled-csv", "ucdp-csv"])
def test_csv_cells_cannot_start_a_formula(store, fmt):
    rows = list(csv.reader(io.StringIO(export(_hostile(store), fmt))))
    cells = [cell for row in rows[1:] for cell in row]
    bad = [x for x in cells if x[:1] in ("=", "+", "@", "\t", "\r") or (x[:1] == "-" and not _number(x))]
    assert cells and not bad
    assert any(x.startswith("'=cmd") or x.startswith("'=HYPERLINK") or "=cmd" in x for x in cells)
    assert "-32.95" in cells  # a negative latitude stays a number


def _number(x: str) -> bool:
    try:
        float(x)
        return True
    except ValueError:
        return False


def test_safe_cell_rule():
    assert c.safe_cell("=1+1") == "'=1+1" and c.safe_cell("@A1") == "'@A1" and c.safe_cell("\tx") == "'\tx"
    assert c.safe_cell("+44 20") == "'+44 20" and c.safe_cell("-x") == "'-x" and c.safe_cell("\r=") == "'\r="
    assert c.safe_cell("-33.5") == "-33.5" and c.safe_cell(-33.5) == -33.5 and c.safe_cell("Saraqib") == "Saraqib"


def test_cli_and_api_exports_are_safe(tmp_path, capsys):
    from fastapi.testclient import TestClient

    from sitrep.api import create_app
    from sitrep.cli import main
    from sitrep.config import Settings
    from sitrep.store import Store

    db = tmp_path / "hostile.db"
    with Store.open(f"sqlite:///{db}") as store:
        _hostile(store)
    outputs = []
    for fmt in ("acled-csv", "ucdp-csv"):
        assert main(["export", "--db", str(db), "--format", fmt]) == 0
        outputs.append(capsys.readouterr().out)
    with TestClient(create_app(Settings(db=str(db)))) as client:
        outputs += [client.get("/api/v1/export", params={"format": f}).text for f in ("acled-csv", "ucdp-csv")]
        client.app.state.store.close()
    for text in outputs:
        cells = [cell for row in list(csv.reader(io.StringIO(text)))[1:] for cell in row]
        assert cells and "-32.95" in cells
        assert not [x for x in cells if x[:1] in ("=", "+", "@") or (x[:1] == "-" and not _number(x))]
