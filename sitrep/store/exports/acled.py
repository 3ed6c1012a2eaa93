"""ACLED CSV: the current ACLED API's 31 columns, in its order, filled the way ACLED's codebook fills
them where our data allows; one row per located incident."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from sitrep.store.exports import common as c
from sitrep.taxonomy import BATTLES, EXPLOSIONS, PROTESTS, RIOTS, STRATEGIC, VAC

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip

_DISORDER = {
    BATTLES: "Political violence", EXPLOSIONS: "Political violence", VAC: "Political violence",
    RIOTS: "Demonstrations", PROTESTS: "Demonstrations", STRATEGIC: "Strategic developments",
}  # fmt: skip
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}  # ACLED: 1 day, 2 week, 3 month or vaguer
NO_POINT = "no point or country"


def _epoch(iso: str | None) -> int:
    return int(datetime.fromisoformat(iso).timestamp()) if iso else 0


def _notes(inc: dict[str, Any]) -> str:
    texts = [e.get("text", "") for cl in inc.get("claims", [])[:1] for e in cl.get("evidence", [])[:2]]
    return " ".join(t for t in texts if t)


def _approx(loc: dict[str, Any]) -> dict[str, Any] | None:
    """The region an incident is placed at when its own place has no coordinates (lat/lon are then the
    region's point), else None."""
    w = loc.get("within")
    return w if loc.get("approximate") and w else None


def _tags(inc: dict[str, Any], defaulted: bool, w: dict[str, Any] | None) -> str:
    f = inc["fatalities"] or {}
    tags = [f"grade={inc['grade']}"]
    if f:
        tags.append(f"killed low={f.get('low')} high={f.get('high')}")
    if w:
        tags.append(f"coordinates of {w.get('name')}")
    if defaulted:
        tags.append("actor1 not named in the reports")
    return "; ".join(tags)


def acled_row(inc: dict[str, Any], gaz: c.PlaceLookup | None = None) -> dict[str, Any]:
    """One ACLED row of a located incident (see `c.located`)."""
    loc, date = inc["location"] or {}, inc["date"] or ""
    cc, name = loc.get("country_code"), loc.get("country")
    ctry = c.country(cc)
    assert ctry is not None, "acled_row needs a located incident"
    f, w = inc["fatalities"] or {}, _approx(loc)
    actor1 = inc["actor1"] or c.default_actor1(inc["event_type"], name)
    inter1, inter2 = c.inter_code(actor1, cc, name), c.inter_code(inc["actor2"], cc, name)
    entry = None if w else c.gazetteer_entry(inc, gaz)
    sources = c.outlets(inc)
    return {
        "event_id_cnty": f"{ctry.iso3}{inc['id']}",  # ACLED style: SYR1234
        "event_date": date,
        "year": date[:4],
        "time_precision": _TIME_PRECISION.get(inc["date_precision"] or "", 3),
        "disorder_type": _DISORDER.get(inc["event_type"] or "", ""),
        "event_type": inc["event_type"],
        "sub_event_type": inc["sub_event_type"],
        "actor1": actor1,
        "inter1": inter1,
        "actor2": inc["actor2"] or "",
        "inter2": inter2 if inter2 is not None else 0,  # ACLED: 0 when there is no second actor
        "interaction": c.interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting"
        if inter2 == c.CIVILIANS and inc["event_type"] in (VAC, EXPLOSIONS, BATTLES)
        else "",
        "iso": ctry.iso_numeric if ctry.iso_numeric is not None else 0,
        "region": ctry.acled_region,
        "country": name or ctry.iso2,
        "admin1": c.ascii_name(loc.get("admin1")),
        "admin2": c.ascii_name(entry.admin2) if entry is not None else "",
        # ACLED writes names in ASCII, as English text spells them ("Douma"): the report's name, folded
        "location": c.ascii_name(loc.get("name")) or c.ascii_name(loc.get("admin1")) or name,
        "latitude": loc["lat"],
        "longitude": loc["lon"],
        # ACLED: a place known only by its region is coded 3 with the region's coordinates
        "geo_precision": 3 if w else loc.get("geo_precision") or 3,
        "source": "; ".join(sources),
        "source_scale": c.source_scale(sources, cc),
        "notes": _notes(inc),
        "fatalities": f.get("best") if f.get("best") is not None else 0,
        "tags": _tags(inc, not inc["actor1"], w),
        "timestamp": _epoch(inc.get("updated_at")),  # ACLED: Unix time of the last change
    }


def acled_rows(
    incidents: Iterable[dict[str, Any]], gaz: c.PlaceLookup | None = None, left_out: Counter | None = None
) -> Iterator[dict[str, Any]]:
    """ACLED rows of the incidents with a point and a country; the others are counted in `left_out`
    (ACLED never ships an event without coordinates).  Text cells are safe for spreadsheets."""
    for inc in incidents:
        if not c.located(inc):
            c.count(left_out, NO_POINT)
            continue
        yield c.safe_row(acled_row(inc, gaz))
