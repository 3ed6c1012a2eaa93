"""Plain data types passed between pipeline stages.

    source (file, JSONL line, page, feed item) -> Document -> (spaCy Doc) -> Claim* -> Incident*

Every stage takes and returns these; no stage reaches into another's internals.  `Claim.to_dict()`
yields exactly one item of `events` in the output schema (shared/schema/event.schema.json).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from sitrep.errors import ReportError as ReportError  # re-exported: stages import it from here


@dataclass
class Span:
    """Character offsets into `Document.text` (end exclusive) and the words they cover."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int, offset: int = 0) -> Span:
        """The span of `text[start:end]`, placed at `offset + start` (`text` being the part of the
        document that begins at `offset`): built so, its words are always the characters it covers."""
        return cls(offset + start, offset + end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


# No report of one event, nor any running toll, counts more: a larger figure ("1000000000000000000000000000000
# wounded") is a typo or a joke.  The number parser reads no count from it; stored figures stay under it.
MAX_COUNT = 10_000_000


@dataclass
class Count:
    """A reported count as a range, as the schema's `count`.

    'at least 40' -> low=40 best=40 high=None; 'between 3 and 5' -> 3/3/5.  `estimate` marks figures
    read from vague words ("dozens"), `cumulative` a running toll ("the death toll rose to 112"),
    `victims` the kind of victim when stated ("civilians", "children").
    """

    low: int | None
    best: int | None
    high: int | None
    text: str | None = None
    span: Span | None = None
    estimate: bool = False
    cumulative: bool = False
    victims: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "best": self.best, "high": self.high, "text": self.text}


@dataclass
class Document:
    """Clean text plus metadata.  Evidence offsets point into `text`."""

    id: str
    text: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO date or datetime; None when unknown (dates then stay null)
    url: str | None = None
    language: str | None = "en"
    origin: str | None = None
    # Where `published` came from: "given" (caller/JSONL), "feed", "html", "dateline"; None = unknown (flagged).
    published_source: str | None = None
    # What reading it changed or left out that the user should know ("the linked page could not be
    # fetched: the feed's own text was used"); shown in run summaries, not part of the output schema.
    notes: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published,
            "url": self.url,
            "language": self.language,
        }


@dataclass
class Place:
    """A place named in a text and what the geocoder resolved it to."""

    start: int
    end: int
    text: str
    name: str | None = None  # gazetteer name of the resolved place
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    country_code: str | None = None
    country: str | None = None
    admin1: str | None = None
    feature: str | None = None  # GeoNames feature class.code, e.g. "P.PPLA2", "A.ADM1", "A.PCLI"
    population: int | None = None
    geo_precision: int | None = None  # 1 town, 2 part of/near, 3 region only
    score: float | None = None
    demonym: bool = False  # "Syrian" -> Syria: a country named by its adjective, not a place of action
    # "Kamianka, Donetsk" with no Kamianka in the gazetteer: the place's own name ("Kamianka"); the
    # coordinates are then those of the region named with it
    unlisted_name: str | None = None
    candidates: list[dict[str, Any]] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.lat is not None

    @property
    def unlisted(self) -> bool:
        return self.unlisted_name is not None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("candidates")
        return d


# Words around a written name that are no part of it: "northern Idlib", "Wuji village", "Hajjah province"
_AROUND_NAME = re.compile(
    r"^(?:(?:north|south|east|west|central|upper|lower)(?:ern|east|west|eastern|western)?\s+)+"
    r"|\s+(?:village|town|city|camp|area|district|province|governorate|county|municipality|region|state|"
    r"township|upazila|tehsil|taluka|lga|subdivision|sub-district|subdistrict|neighbou?rhood)$", re.I)


# An Arabic article written in lower case before a capitalised name ("al-Bukamal", "ad-Dana"): the name is
# still a proper name, not a phrase like "the Syrian capital"
_LOWER_ARTICLE = re.compile(r"^(?:[ae][lnrstdz]|[ae](?:sh|th|dh))[-‐‑ ](?=[A-Z])")


def written_name(p: Place) -> str:
    """The place's name as the report spells it ("Douma", not the gazetteer's "Dūmā"), for a town or
    a region; a country, continent or sea keeps the gazetteer's name ("US" is the United States), as
    does a place named by a phrase ("the Syrian capital")."""
    feature = p.feature or ""
    name = _AROUND_NAME.sub("", p.text).strip()
    if p.name is None or p.demonym or not (feature.startswith("P.") or feature in ("A.ADM1", "A.ADM2")) \
            or not _LOWER_ARTICLE.sub("", name)[:1].isupper() or any(w.isalpha() and w.islower() and len(w) > 3 for w in name.split()):
        return p.name or p.text
    return name


@dataclass
class Location:
    name: str
    admin1: str | None = None
    country: str | None = None
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    geo_precision: int | None = None
    # For a place the gazetteer lacks: the region named with it ({name, lat, lon, geonameid,
    # geo_precision}), so a map can still show it approximately.  Its own lat/lon stay null.
    within: dict[str, Any] | None = None
    # The gazetteer's name of the place ("Dūmā") when `name` is the report's own spelling ("Douma")
    gazetteer_name: str | None = None

    @classmethod
    def from_place(cls, p: Place, precision: int | None = None) -> Location:
        if p.unlisted:
            # The report's own name is the event's place; the region's point is not its coordinates.
            return cls(
                name=p.unlisted_name or p.text,
                admin1=p.admin1,
                country=p.country,
                country_code=p.country_code,
                within={"name": p.name, "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid,
                        "geo_precision": p.geo_precision},
            )
        return cls(
            name=written_name(p),
            gazetteer_name=p.name,
            admin1=p.admin1,
            country=p.country,
            country_code=p.country_code,
            lat=p.lat,
            lon=p.lon,
            geonameid=p.geonameid,
            geo_precision=precision if precision is not None else p.geo_precision,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Claim:
    """One event as one report tells it: one item of the schema's `events`."""

    event_type: str
    sub_event_type: str
    date: str | None
    date_precision: str | None
    location: Location | None
    actor1: str | None
    actor2: str | None
    fatalities: Count | None
    injuries: Count | None
    sources: list[str]
    evidence: list[Span]
    confidence: float | None = None
    # Provenance of individual fields ("date", "location", "fatalities", ...) -> supporting span.
    field_evidence: dict[str, Span] = field(default_factory=dict)
    document_id: str | None = None
    # Why other tellings in the report were folded into this event (the headline, a recap, a part)
    folds: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "date": self.date,
            "date_precision": self.date_precision,
            "location": self.location.to_dict() if self.location else None,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "fatalities": self.fatalities.to_dict() if self.fatalities else None,
            "injuries": self.injuries.to_dict() if self.injuries else None,
            "sources": list(self.sources),
            "evidence": [s.to_dict() for s in self.evidence],
            "confidence": self.confidence,
            "field_evidence": {k: v.to_dict() for k, v in self.field_evidence.items()},
            "folds": list(self.folds),
        }


@dataclass
class Extraction:
    """The result for one document: exactly the schema's top-level object."""

    document: Document
    events: list[Claim]
    # What the extractor chose not to read, said once per report ("figure '10…0' is beyond any plausible
    # count"): printed by `sitrep extract`, kept in the ingest summary; not part of the output schema.
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document.to_dict(), "events": [e.to_dict() for e in self.events]}
