"""GeoJSON (RFC 7946): one Feature per incident.  An incident without coordinates is a Feature with a
null geometry (RFC 7946 section 3.2: an unlocated Feature) flagged `located: false`, never dropped; one
placed at the region named with its town is flagged `approximate`.  Properties are flat scalars of one
type each (GDAL reads them as typed fields; QGIS shows nested objects as text)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sitrep.store.exports import common as c

UNLOCATED = "no coordinates (null geometry)"


def _evidence(inc: dict[str, Any]) -> str:
    texts = [e.get("text", "") for cl in inc.get("claims", [])[:1] for e in cl.get("evidence", [])[:2]]
    return " ".join(t for t in texts if t)


def _report_urls(inc: dict[str, Any]) -> str:
    urls = [cl["document"].get("url") for cl in inc.get("claims", [])]
    return " ".join(dict.fromkeys(u for u in urls if u))


def feature(inc: dict[str, Any], base_url: str = "") -> dict[str, Any]:
    loc = inc["location"] or {}
    f, j = inc["fatalities"] or {}, inc["injuries"] or {}
    w = loc.get("within") if loc.get("approximate") else None
    point = loc.get("lat") is not None and loc.get("lon") is not None
    return {
        "type": "Feature",
        "id": inc["id"],
        "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]} if point else None,
        "properties": {
            "id": inc["id"],
            "date": inc["date"],
            "date_precision": inc["date_precision"],
            "event_type": inc["event_type"],
            "sub_event_type": inc["sub_event_type"],
            "actor1": inc["actor1"],
            "actor2": inc["actor2"],
            "location": loc.get("name"),  # as the reports spell it ("Douma")
            "gazetteer_name": loc.get("gazetteer_name"),  # the gazetteer's ("Dūmā"); null if it lacks the place
            "admin1": loc.get("admin1"),
            "country": loc.get("country"),
            "country_code": loc.get("country_code"),
            "geo_precision": loc.get("geo_precision"),
            "located": point,
            # the point is the region's (approximate_at), not the place's own
            "approximate": bool(w),
            "approximate_at": (w or {}).get("name"),
            "killed_low": f.get("low"),
            "killed_best": f.get("best"),
            "killed_high": f.get("high"),
            "injured_low": j.get("low"),
            "injured_best": j.get("best"),
            "injured_high": j.get("high"),
            "grade": inc["grade"],
            "n_claims": inc["n_claims"],
            "n_sources": inc["n_sources"],
            "sources": "; ".join(c.outlets(inc)),
            "evidence": _evidence(inc),
            "report_urls": _report_urls(inc),
            # the incident in the API (with its claims, evidence and review log)
            "incident_url": f"{base_url}/api/v1/incidents/{inc['id']}",
        },
    }


def to_geojson(
    incidents: Iterable[dict[str, Any]], base_url: str = "", left_out: Counter | None = None
) -> dict[str, Any]:
    """A FeatureCollection of every incident; those without coordinates are counted in `left_out`
    (as unlocated, not left out of the file)."""
    features = []
    for inc in incidents:
        feat = feature(inc, base_url)
        if feat["geometry"] is None:
            c.count(left_out, UNLOCATED)
        features.append(feat)
    return {"type": "FeatureCollection", "features": features}
