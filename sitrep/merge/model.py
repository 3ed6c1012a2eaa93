"""The plain view of a claim that merging works on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sitrep.types import Claim, Count, Document

# How far apart two dates may be and still be "the same day/week/..." at a given precision.  A day-
# precise date keeps one day of slack: "yesterday" in a report published after midnight, time zones.
DATE_TOLERANCE_DAYS: dict[str | None, int] = {None: 1, "day": 1, "week": 7, "month": 31, "year": 366}


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def is_country_level(name: str | None, country: str | None) -> bool:
    return bool(name and country and name.strip().lower() == country.strip().lower())


@dataclass(frozen=True)
class MergeClaim:
    """One claim plus the metadata of the report that made it.

    `key` must not depend on ingest order (database ids do): it is the report's content hash plus the
    claim's position in it, so sorting by key gives the same order whatever came first.
    """

    key: str
    document_key: str
    event_type: str
    sub_event_type: str
    date: date | None = None
    date_precision: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    place_name: str | None = None
    place_text: str | None = None  # the place as the report wrote it ("Maarat al-Numan")
    country_code: str | None = None
    country_level: bool = False  # the place is only the country ("in Syria"): no distance to speak of
    actor1: str | None = None
    actor2: str | None = None
    killed: Count | None = None
    injured: Count | None = None
    sources: tuple[str, ...] = ()
    publisher: str | None = None
    published: str | None = None
    text: str = ""  # the evidence sentences, for text similarity
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def date_tolerance(self) -> int:
        return DATE_TOLERANCE_DAYS.get(self.date_precision, 1)

    @property
    def date_range(self) -> tuple[date, date] | None:
        """The days this claim's event may have happened on."""
        if self.date is None:
            return None
        tol = timedelta(days=self.date_tolerance)
        return self.date - tol, self.date + tol

    @property
    def origin_sources(self) -> tuple[str, ...]:
        """Who this claim ultimately rests on: the attributed sources, else the publisher itself.

        Two outlets quoting the same monitor rest on one source; an unattributed report rests on its
        outlet.  A report with neither is its own source (keyed by its document).
        """
        if self.sources:
            return self.sources
        if self.publisher:
            return (self.publisher,)
        return (f"report {self.document_key[:12]}",)

    @classmethod
    def from_claim(cls, claim: Claim, document: Document, ordinal: int) -> MergeClaim:
        loc = claim.location
        return cls(
            key=f"{document.content_hash[:20]}:{ordinal}",
            document_key=document.content_hash,
            event_type=claim.event_type,
            sub_event_type=claim.sub_event_type,
            date=parse_date(claim.date),
            date_precision=claim.date_precision,
            lat=loc.lat if loc else None,
            lon=loc.lon if loc else None,
            geo_precision=loc.geo_precision if loc else None,
            geonameid=loc.geonameid if loc else None,
            place_name=loc.name if loc else None,
            place_text=claim.field_evidence["location"].text if "location" in claim.field_evidence else None,
            country_code=loc.country_code if loc else None,
            country_level=bool(loc and is_country_level(loc.name, loc.country)),
            actor1=claim.actor1,
            actor2=claim.actor2,
            killed=claim.fatalities,
            injured=claim.injuries,
            sources=tuple(claim.sources),
            publisher=document.publisher,
            published=document.published,
            text=" ".join(s.text for s in claim.evidence),
        )
