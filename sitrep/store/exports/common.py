"""What the ACLED, UCDP and GeoJSON exports share: country codes and regions, actor kinds, source
names and kinds, ASCII names, the gazetteer's admin2 and feature of a place, and safe CSV cells."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from unidecode import unidecode

from sitrep.config import PACKAGE_DATA

# ---- countries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    iso_numeric: int | None
    gw: int | None  # Gleditsch-Ward number (UCDP's country_id)
    acled_region: str


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """sitrep/data/countries.tsv by ISO alpha-2 code (read once: a constant table)."""
    out = {}
    for line in (PACKAGE_DATA / "countries.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso2, iso3, num, gw, region, _name = line.split("\t")
        out[iso2] = Country(iso2, iso3, int(num) if num else None, int(gw) if gw else None, region)
    return out


def country(cc: str | None) -> Country | None:
    return countries().get((cc or "").upper())


def ucdp_region(gw: int | None) -> str:
    """UCDP's region from the Gleditsch-Ward number's range (GED codebook)."""
    if gw is None:
        return ""
    if gw < 200:
        return "Americas"
    if gw < 400:
        return "Europe"
    if gw < 630:
        return "Africa"
    if gw < 700:
        return "Middle East"
    return "Asia"


# ---- actors --------------------------------------------------------------------------------------

# ACLED's inter codes (codebook: "Actor Names, Types and Inter Codes")
STATE, REBEL, POLITICAL_MILITIA, IDENTITY_MILITIA, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = range(1, 9)
_INTER_OF_KIND = {
    "state": STATE, "police": STATE, "foreign": STATE, "rebel": REBEL, "militia": POLITICAL_MILITIA,
    "unidentified": POLITICAL_MILITIA, "gang": POLITICAL_MILITIA, "protesters": PROTESTERS,
    "rioters": RIOTERS, "civilians": CIVILIANS,
}  # fmt: skip
# Names outside our lexicon (pre-extracted events): ACLED's own naming conventions
_INTER_OF_WORDS = [
    (re.compile(r"^(?:Military|Police|Government|Naval|Air) Forces? of\b|^Government of\b", re.I), STATE),
    (re.compile(r"^Protesters\b", re.I), PROTESTERS),
    (re.compile(r"^Rioters\b", re.I), RIOTERS),
    (re.compile(r"^Civilians\b", re.I), CIVILIANS),
    (re.compile(r"\b(?:Communal|Ethnic|Clan|Tribal) Militia\b", re.I), IDENTITY_MILITIA),
    (re.compile(r"\bMilitia\b|\bUnidentified Armed Group\b|\bGang\b|\bCartel\b", re.I), POLITICAL_MILITIA),
    (re.compile(r"\bRebel|\bInsurgent|\bIslamic State\b", re.I), REBEL),
]


@dataclass(frozen=True)
class _ActorName:
    rx: re.Pattern[str]
    kind: str
    cc: str  # "*": any country


@lru_cache(maxsize=1)
def _actor_names() -> tuple[_ActorName, ...]:
    """sitrep/data/actors.tsv names as patterns ("Military Forces of {named}" -> "Military Forces of (.+)").
    Read here rather than through the extractor's lexicon, which loads spaCy."""
    out = []
    for line in (PACKAGE_DATA / "actors.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, kind, cc, _ = line.split("\t")
        parts = re.split(r"\{(?:named|country)\}", name)
        pattern = "(.+)".join(re.escape(p) for p in parts)
        # "Civilians ({country})" is also written "Civilians" when the country is unknown
        bare = re.escape(re.sub(r"\s*(?:of )?\(?\{country\}\)?", "", name).strip())
        out.append(_ActorName(re.compile(rf"^(?:{pattern}|{bare})$"), kind, cc))
    # whole names before templates: "Military Forces of Libya Haftar Faction" is not a "{named}" state
    return tuple(sorted(out, key=lambda a: "(.+)" in a.rx.pattern))


def inter_code(actor: str | None, country_code: str | None, country_name: str | None) -> int | None:
    """ACLED's inter code of an actor in an event in `country_code`: state forces acting outside their
    own country are External/Other forces (8), as ACLED codes them."""
    if not actor:
        return None
    actor = bare_actor(actor)
    for a in _actor_names():
        m = a.rx.match(actor)
        if not m:
            continue
        code = _INTER_OF_KIND.get(a.kind, EXTERNAL)
        if code != STATE:
            return code
        named = next((g for g in m.groups() if g), None)
        if a.cc != "*":
            # a "foreign" entry's country is its home only when it is a state's forces by name
            # ("Military Forces of Russia"); a coalition's (Operation Restoring Hope) is where it fights
            home = a.cc if a.kind != "foreign" or actor.startswith("Military Forces of") else None
            return STATE if home == (country_code or "").upper() else EXTERNAL
        if named and country_name and _plain(named) != _plain(country_name):
            return EXTERNAL
        return STATE
    for rx, code in _INTER_OF_WORDS:
        if rx.search(actor):
            return code
    return EXTERNAL  # the codebook's category for any other force


def bare_actor(actor: str) -> str:
    """An actor name without ACLED's period suffix: "Military Forces of Syria (2000-)" -> "... of Syria"."""
    return _PERIOD.sub("", actor).strip()


_PERIOD = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)\s*$")


def actor_home(actor: str) -> str | None:
    """The country code of a state's forces named in our lexicon ("Military Forces of Russia" -> RU)."""
    actor = bare_actor(actor)
    for a in _actor_names():
        if a.cc != "*" and a.kind in ("state", "foreign", "police") and actor.startswith("Military Forces of ") and a.rx.match(actor):
            return a.cc
    return None


def _plain(name: str) -> str:
    return re.sub(r"^the\s+", "", name.strip(), flags=re.I).lower()


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two inter codes, lower first (17); a sole actor's code then 0 (60)."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi


def default_actor1(event_type: str | None, country_name: str | None) -> str:
    """ACLED's name for an unnamed first actor: the crowd of a demonstration, else an unidentified
    armed group."""
    suffix = f" ({country_name})" if country_name else ""
    if event_type == "Protests":
        return "Protesters" + suffix
    if event_type == "Riots":
        return "Rioters" + suffix
    return "Unidentified Armed Group" + suffix


# ---- sources -------------------------------------------------------------------------------------

# Kinds of source that report events; "military" sources are parties to the fighting, and role labels
# ("Residents", "Officials", "Unnamed sources") or unknown names (possibly people) name no outlet.
REPORTING_KINDS = frozenset({"monitor", "agency", "state media", "media", "ngo", "un", "government"})


@lru_cache(maxsize=1)
def _source_kinds() -> dict[str, tuple[str, str | None]]:
    from sitrep.extract.sources import known_sources

    return {s.canonical: (s.kind, s.country) for s in known_sources()}


def source_kind(name: str) -> tuple[str | None, str | None]:
    """(kind, home country) of a known source by its canonical name; (None, None) if unknown."""
    return _source_kinds().get(name, (None, None))


def publisher_name(publisher: str | None) -> str | None:
    from sitrep.extract.sources import outlet_name

    return outlet_name(publisher)


def outlets(inc: dict[str, Any]) -> list[str]:
    """The outlets an incident rests on: its reports' publishers, then the sources its claims cite
    when they are reporting bodies (never a person, an armed party or a role)."""
    names: list[str] = []
    claims = inc.get("claims", [])
    for c in claims:
        p = publisher_name(c["document"].get("publisher"))
        if p and p not in names:
            names.append(p)
    for c in claims:
        for s in c.get("sources", []):
            if s not in names and source_kind(s)[0] in REPORTING_KINDS:
                names.append(s)
    return names


_SCALES = ("Local", "Subnational", "National", "Regional", "International", "New media", "Other")


def source_scale(names: list[str], country_code: str | None) -> str:
    """ACLED's source_scale from the outlets' kinds: national when a source is of the event's country
    (or its state), international for agencies and foreign or international bodies, other for monitors
    and NGOs; joined as ACLED joins them ("National-International")."""
    scales = set()
    for n in names:
        kind, home = source_kind(n)
        if kind is None:
            continue
        if kind in ("monitor", "ngo"):
            scales.add("Other")
        elif kind in ("agency", "un") or not home or home != (country_code or "").upper():
            scales.add("International")
        else:
            scales.add("National")
    return "-".join(s for s in _SCALES if s in scales)


# ---- places --------------------------------------------------------------------------------------


class PlaceLookup(Protocol):
    """What the exports read from the gazetteer (sitrep.geo.gazetteer.Gazetteer fits)."""

    def get(self, pid: int) -> Any: ...


def ascii_name(name: str | None) -> str:
    """A place name in ASCII, as ACLED writes them ("Ābelū" -> "Abelu")."""
    return unidecode(name).strip() if name else ""


def geonameid(inc: dict[str, Any]) -> int | None:
    """The gazetteer id of the incident's place: a claim placed where the incident is."""
    loc = inc.get("location") or {}
    for c in inc.get("claims", []):
        cl = c.get("location") or {}
        if cl.get("geonameid") and (cl.get("lat"), cl.get("lon")) == (loc.get("lat"), loc.get("lon")):
            return cl["geonameid"]
    return None


def gazetteer_entry(inc: dict[str, Any], gaz: PlaceLookup | None) -> Any:
    gid = geonameid(inc)
    return gaz.get(gid) if gaz is not None and gid else None


def located(inc: dict[str, Any]) -> bool:
    """Has a point and a country: what an ACLED or UCDP row needs."""
    loc = inc.get("location") or {}
    return loc.get("lat") is not None and loc.get("lon") is not None and country(loc.get("country_code")) is not None


# ---- safe cells ----------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(v: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ tab or CR gets a leading
    apostrophe (OWASP's rule).  Numbers stay numbers, also negative ones ("-33.5" is data)."""
    if not isinstance(v, str) or not v.startswith(_FORMULA_START):
        return v
    try:
        float(v)
        return v
    except ValueError:
        return "'" + v


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: safe_cell(v) for k, v in row.items()}


def count(left_out: Counter | None, reason: str) -> None:
    if left_out is not None:
        left_out[reason] += 1
