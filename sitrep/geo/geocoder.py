"""The geocoder facade the other stages use: `Geocoder.load(settings)`, `find_places`, `lookup`."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from sitrep.config import Settings
from sitrep.geo.build import GAZETTEER_VERSION, build
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.names import fold, skeleton, strip_admin_words
from sitrep.geo.recognize import find_mentions
from sitrep.geo.resolve import Resolver, _prior
from sitrep.types import Place

_build_lock = threading.Lock()
# Place mentions resolved together: articles name up to ~90 (geo-dev, FA-KES), so they are resolved whole.
RESOLVE_WINDOW = 200


def gazetteer_path(settings: Settings) -> Path:
    if settings.gazetteer_path:
        return Path(settings.gazetteer_path)
    return Path(settings.cache_dir) / f"gazetteer-{GAZETTEER_VERSION}.sqlite"


def built_gazetteer(settings: Settings) -> Gazetteer | None:
    """The gazetteer when it is already built and current, else None (for readers that can do
    without it, such as exports, and must not spend ~30 s building it)."""
    path = gazetteer_path(settings)
    try:
        if not path.exists() or _version(path) != GAZETTEER_VERSION:
            return None
        return Gazetteer(path)
    except Exception:  # noqa: BLE001 - a stale or broken file: the caller goes on without it
        return None


def ensure_gazetteer(settings: Settings, force: bool = False) -> Path:
    """Build the gazetteer if it is missing (or `force`); return its path."""
    path = gazetteer_path(settings)
    with _build_lock:
        if force or not path.exists() or _version(path) != GAZETTEER_VERSION:
            build(path)
    return path


def _version(path: Path) -> str | None:
    """The build version stored in a gazetteer file (an explicit SITREP_GAZETTEER path may be stale)."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT v FROM meta WHERE k='version'").fetchone()
        return row[0] if row else None
    except sqlite3.Error:
        return None


class Geocoder:
    def __init__(self, gaz: Gazetteer, settings: Settings | None = None, nlp: Any = None):
        self.gaz = gaz
        self.settings = settings or Settings()
        self._nlp = nlp
        self.resolver = Resolver(gaz)

    @classmethod
    def load(cls, settings: Settings | None = None, nlp: Any = None) -> Geocoder:
        settings = settings or Settings.from_env()
        return cls(Gazetteer(ensure_gazetteer(settings)), settings, nlp)

    @property
    def nlp(self) -> Any:
        """The spaCy pipeline, loaded on first use only (callers that pass docs never load it)."""
        if self._nlp is None:
            import spacy

            self._nlp = spacy.load(self.settings.spacy_model)
        return self._nlp

    def find_places(self, text: str, doc: Any = None) -> list[Place]:
        """Every place named in `text`, resolved in the context of the whole text, by start offset.
        A text naming more than RESOLVE_WINDOW places is resolved window by window (the resolver
        compares mentions pairwise), so the work grows linearly with its length."""
        if doc is None:
            doc = self.nlp(text)
        mentions = find_mentions(doc, self.gaz, text=text)
        places: list[Place] = []
        for k in range(0, len(mentions), RESOLVE_WINDOW):
            places.extend(self.resolve(text, mentions[k:k + RESOLVE_WINDOW]))
        return places

    def resolve(self, text: str, mentions: list) -> list[Place]:
        return self.resolver.resolve(text, mentions)

    def seat(self, geonameid: int | None) -> tuple[float, float] | None:
        """The point ACLED and UCDP code a province- or district-level event at: the region's seat,
        when a town of the region bears its name ("Hajjah governorate" -> Hajjah town).  None for
        anything else, or when no such town is known."""
        region = self.gaz.get(geonameid) if geonameid else None
        if region is None or region.feature not in ("A.ADM1", "A.ADM2"):
            return None
        own = skeleton(strip_admin_words(region.name))
        towns = [e for e, exact in self.gaz.candidates(strip_admin_words(region.name))
                 if e.feature.startswith("P.") and region.id in (e.a1, e.a2) and skeleton(e.name) == own]
        if not towns:
            return None
        town = max(towns, key=lambda e: e.population)
        return town.lat, town.lon

    def lookup(self, name: str, country_code: str | None = None, limit: int = 5) -> list[Place]:
        """Ranked candidates for one name, without context (population, feature, match quality)."""
        key = fold(name)
        scored = []
        for e, exact in self.gaz.candidates(name):
            if country_code and e.cc != country_code.upper():
                continue
            scored.append((_prior(e, exact, key), e))
        scored.sort(key=lambda x: -x[0])
        out = []
        for s, e in scored[:limit]:
            out.append(Place(0, len(name), name, name=e.name, lat=e.lat, lon=e.lon,
                             geonameid=e.id if e.id > 0 else None, country_code=e.cc or None,
                             country=self.gaz.country_name(e.cc), admin1=Resolver._admin1(e),
                             feature=e.feature, population=e.population or None,
                             geo_precision=1 if e.feature.startswith("P.") else
                             2 if e.feature in ("A.ADM2", "L.AREA") else 3, score=round(s, 3)))
        return out
