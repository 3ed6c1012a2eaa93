"""UCDP GED CSV: lethal organised violence only, coded by the GED codebook's rules where our data
allows; GED's columns that need UCDP's own conflict and actor registers (conflict and dyad ids) are
left out rather than invented."""

from __future__ import annotations

import calendar
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from sitrep.store.exports import common as c
from sitrep.taxonomy import BATTLES, EXPLOSIONS, VAC

UCDP_COLUMNS = [
    "id", "year", "type_of_violence", "side_a", "side_b", "number_of_sources", "source_article",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country",
    "country_id", "region", "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
]  # fmt: skip

STATE_BASED, NON_STATE, ONE_SIDED = 1, 2, 3
_DATE_PREC = {"day": 1, "week": 3, "month": 4, "year": 5}  # GED: 1 day, 3 week, 4 month, 5 year
# left-out reasons, counted in the summary
NOT_ORGANISED = "not organised violence (protests, riots, strategic developments)"
NOT_LETHAL = "no death reported"
NO_PERPETRATOR = "no known perpetrator"
UNTYPED = "type of violence unknown (a non-state actor against an unnamed side)"
NO_POINT = "no point or country"

_ARMED_STATE = frozenset({c.STATE, c.EXTERNAL})
_ARMED_NON_STATE = frozenset({c.REBEL, c.POLITICAL_MILITIA, c.IDENTITY_MILITIA})


def priogrid_gid(lat: float, lon: float) -> int:
    """The PRIO-GRID cell (0.5 degrees) holding a point: rows from the south, columns from -180."""
    row = min(int(math.floor((lat + 90) * 2)), 359)
    col = min(int(math.floor((lon + 180) * 2)), 719)
    return row * 720 + col + 1


def date_span(d: str, precision: str | None) -> tuple[str, str]:
    """GED's date_start and date_end: the period the date stands for (a period is dated by its first day)."""
    start = date.fromisoformat(d)
    if precision == "week":
        end = start + timedelta(days=6)
    elif precision == "month":
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    elif precision == "year":
        end = start.replace(month=12, day=31)
    else:
        end = start
    return start.isoformat(), end.isoformat()


def _side_name(actor: str, inter: int | None) -> str:
    """GED's names: a state's forces are its government; one-sided violence's victims are civilians."""
    if inter in _ARMED_STATE:
        actor = c.bare_actor(actor)
        for prefix in ("Military Forces of ", "Police Forces of "):
            if actor.startswith(prefix):
                return "Government of " + actor[len(prefix) :]
    if inter == c.CIVILIANS:
        return "Civilians"
    return actor


def violence_type(inter1: int | None, inter2: int | None, event_type: str) -> int | None:
    """GED's type_of_violence from the actor pair: a state on either side 1, two non-state groups 2, an
    organised actor against civilians 3; None when the pair does not say."""
    if inter1 is None or inter1 in (c.CIVILIANS, c.PROTESTERS, c.RIOTERS):
        return None
    if inter2 == c.CIVILIANS or (inter2 is None and event_type == VAC):
        return ONE_SIDED
    if inter1 in _ARMED_STATE or inter2 in _ARMED_STATE:
        return STATE_BASED  # an unnamed side against a state's forces is its armed opponent
    if inter2 in _ARMED_NON_STATE:
        return NON_STATE
    return None


def _gw(actor: str, inter: int | None, cc: str | None) -> int | str:
    """The Gleditsch-Ward number of a state side: the event's country for its own government, the
    home country for a foreign state's forces."""
    if inter not in _ARMED_STATE:
        return ""
    ctry = c.country(cc if inter == c.STATE else c.actor_home(actor))
    return ctry.gw if ctry and ctry.gw is not None else ""


def _where_prec(loc: dict[str, Any], entry: Any) -> int:
    """GED's where_prec: 1 the place, 2 near it, 3 its district, 4 its province, 6 the country only."""
    w = loc.get("within") if loc.get("approximate") else None
    if w:  # placed at the region its town was named with
        return 3 if w.get("geo_precision") == 2 else 4
    gp = loc.get("geo_precision")
    if gp in (1, 2):
        return gp
    feature = getattr(entry, "feature", "") or ""
    if feature.startswith("A.PCL") or (loc.get("name") and loc.get("name") == loc.get("country")):
        return 6
    return 3 if feature == "A.ADM2" else 4


def _sources(inc: dict[str, Any]) -> dict[str, str]:
    """GED's source columns: each report as 'Publisher YYYY-MM-DD "headline"', its headline (the title,
    else its first sentence), its date; the original sources the reports cite."""
    articles, dates, heads = [], [], []
    for cl in inc.get("claims", []):
        doc = cl["document"]
        head = (doc.get("title") or "").strip() or _first_sentence(cl)
        pub = c.publisher_name(doc.get("publisher")) or doc.get("url") or doc["id"]
        day = (doc.get("published") or "")[:10]
        articles.append(" ".join(x for x in (pub, day, f'"{head}"' if head else "") if x))
        dates.append(day)
        heads.append(head)
    cited = [s for cl in inc.get("claims", []) for s in cl.get("sources", [])]
    original = [s for s in dict.fromkeys(cited) if c.source_kind(s)[0] in c.REPORTING_KINDS]
    return {
        "source_article": "; ".join(articles),
        "source_date": "; ".join(d for d in dates if d),
        "source_headline": "; ".join(h for h in heads if h),
        "source_original": "; ".join(original),
    }


def _first_sentence(cl: dict[str, Any]) -> str:
    ev = (cl.get("evidence") or [{}])[0].get("text", "")
    return ev.split(". ")[0].strip()[:200]


def _exclusion(inc: dict[str, Any], tov: int | None) -> str | None:
    if inc["event_type"] not in (BATTLES, EXPLOSIONS, VAC):
        return NOT_ORGANISED
    if ((inc["fatalities"] or {}).get("best") or 0) <= 0:
        return NOT_LETHAL
    if not c.located(inc):
        return NO_POINT
    if not inc["actor1"]:
        return NO_PERPETRATOR
    if tov is None:
        return UNTYPED
    return None


def ucdp_row(inc: dict[str, Any], tov: int, inter1: int | None, inter2: int | None, gaz: c.PlaceLookup | None) -> dict:
    loc, f = inc["location"] or {}, inc["fatalities"] or {}
    cc = loc.get("country_code")
    ctry = c.country(cc)
    a, b = inc["actor1"], inc["actor2"] or ""
    if tov == STATE_BASED and inter2 in _ARMED_STATE and inter1 not in _ARMED_STATE:
        a, b, inter1, inter2 = b, a, inter2, inter1  # GED: side A of a state-based event is a government
    entry = c.gazetteer_entry(inc, gaz)
    lat, lon = loc["lat"], loc["lon"]
    best = f["best"]
    start, end = date_span(inc["date"], inc["date_precision"]) if inc["date"] else ("", "")
    w = loc.get("within") if loc.get("approximate") else None
    return {
        "id": inc["id"],
        "year": start[:4],
        "type_of_violence": tov,
        "side_a": _side_name(a, inter1),
        "side_b": _side_name(b, inter2) if b else ("Civilians" if tov == ONE_SIDED else ""),
        "number_of_sources": inc["n_sources"],
        **_sources(inc),
        "where_prec": _where_prec(loc, entry),
        # GED: the place whose coordinates are given (the gazetteer's name, in ASCII), then the place the
        # sources describe (as the reports spell it)
        "where_coordinates": c.ascii_name((w or {}).get("name") or loc.get("gazetteer_name") or loc.get("name")),
        "where_description": loc.get("name") or "",
        "adm_1": c.ascii_name(loc.get("admin1")),
        "adm_2": c.ascii_name(entry.admin2) if entry is not None and not w else "",
        "latitude": lat,
        "longitude": lon,
        "geom_wkt": f"POINT ({lon} {lat})",
        "priogrid_gid": priogrid_gid(lat, lon),
        "country": loc.get("country") or "",
        "country_id": ctry.gw if ctry and ctry.gw is not None else "",
        "region": c.ucdp_region(ctry.gw if ctry else None),
        "event_clarity": 1 if inc["n_sources"] >= 2 else 2,
        "date_prec": _DATE_PREC.get(inc["date_precision"] or "", 5),
        "date_start": start,
        "date_end": end,
        # our figures do not split deaths by side: one-sided deaths are civilians, the rest unknown
        "deaths_a": 0,
        "deaths_b": 0,
        "deaths_civilians": best if tov == ONE_SIDED else 0,
        "deaths_unknown": 0 if tov == ONE_SIDED else best,
        "best": best,
        "high": max(f.get("high") or best, best),
        "low": min(f.get("low") or best, best),
        "gwnoa": _gw(a, inter1, cc),
        "gwnob": _gw(b, inter2, cc) if tov == STATE_BASED else "",
    }


def ucdp_rows(
    incidents: Iterable[dict[str, Any]], gaz: c.PlaceLookup | None = None, left_out: Counter | None = None
) -> Iterator[dict[str, Any]]:
    """GED rows of the lethal organised violence among the incidents; the others are counted in
    `left_out` by reason.  Text cells are safe for spreadsheets."""
    for inc in incidents:
        loc = inc["location"] or {}
        cc, name = loc.get("country_code"), loc.get("country")
        inter1 = c.inter_code(inc["actor1"], cc, name)
        inter2 = c.inter_code(inc["actor2"], cc, name)
        tov = violence_type(inter1, inter2, inc["event_type"])
        why = _exclusion(inc, tov)
        if why:
            c.count(left_out, why)
            continue
        yield c.safe_row(ucdp_row(inc, tov, inter1, inter2, gaz))  # type: ignore[arg-type]
