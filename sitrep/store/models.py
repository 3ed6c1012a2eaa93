"""The incident database, as SQLAlchemy 2 models.  Schema changes go through Alembic (migrations/).

documents -> claims (one extracted event of one report, with its evidence) -> incidents.
sources, actors, places are the named things claims refer to; claim_sources links claims to who said
them; claim_links caches the pairs merging found to be the same event; review_actions is the audit log;
failures keeps reports that could not be processed, with what is needed to retry them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Source(Base):
    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # merge.name_key: spellings share one row
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="attributed")  # publisher | attributed


class Actor(Base):
    __tablename__ = "actors"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(300))


class Place(Base):
    __tablename__ = "places"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # "gn:<geonameid>" or "name:<cc>:<name>"
    geonameid: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    admin1: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(200))
    country_code: Mapped[str | None] = mapped_column(String(2))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    ext_id: Mapped[str] = mapped_column(String(300), index=True)  # Document.id as given
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    canonical_url: Mapped[str | None] = mapped_column(String(2000), index=True)
    identity: Mapped[str] = mapped_column(String(2000), index=True)  # canonical URL, else "id:<ext_id>"
    url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str | None] = mapped_column(String(10))
    origin: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | superseded
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    claims: Mapped[list[Claim]] = relationship(back_populates="document", order_by="Claim.ordinal")


class Incident(Base):
    __tablename__ = "incidents"
    # Incident ids are handed to people and other systems: never reuse the id of a deleted incident.
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)  # active|rejected|merged
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)  # a reviewer decided: merging keeps off
    event_type: Mapped[str | None] = mapped_column(String(60), index=True)
    sub_event_type: Mapped[str | None] = mapped_column(String(60))
    date: Mapped[date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    location_name: Mapped[str | None] = mapped_column(String(300))
    # location_name as search compares names: no diacritics, articles or vowel spellings ("Dūmā",
    # "Duma", "al-Duma" and "Douma" share one), kept in step with location_name by merging.refresh
    location_key: Mapped[str | None] = mapped_column(String(300), index=True)
    # The gazetteer's name of the place ("Dūmā") when location_name is a report's spelling ("Douma");
    # null for a place the gazetteer lacks
    gazetteer_name: Mapped[str | None] = mapped_column(String(300))
    gazetteer_key: Mapped[str | None] = mapped_column(String(300), index=True)  # place_key(gazetteer_name)
    admin1: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(200))
    country_code: Mapped[str | None] = mapped_column(String(2), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    # Set when lat/lon are not the place's own but the region's its claims named it with (a town the
    # gazetteer lacks): {name, lat, lon, geonameid, geo_precision} of that region; geo_precision is then 3.
    within: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    actor1: Mapped[str | None] = mapped_column(String(300))
    actor2: Mapped[str | None] = mapped_column(String(300))
    killed_low: Mapped[int | None] = mapped_column(Integer)
    killed_best: Mapped[int | None] = mapped_column(Integer, index=True)
    killed_high: Mapped[int | None] = mapped_column(Integer)
    injured_low: Mapped[int | None] = mapped_column(Integer)
    injured_best: Mapped[int | None] = mapped_column(Integer)
    injured_high: Mapped[int | None] = mapped_column(Integer)
    grade: Mapped[str | None] = mapped_column(String(20))
    grade_reason: Mapped[str | None] = mapped_column(Text)
    n_claims: Mapped[int] = mapped_column(Integer, default=0)
    n_sources: Mapped[int] = mapped_column(Integer, default=0)
    overrides: Mapped[dict] = mapped_column(JSON, default=dict)  # reviewer edits; win over computed values
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    claims: Mapped[list[Claim]] = relationship(back_populates="incident", order_by="Claim.id")


class Claim(Base):
    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)  # content hash prefix : ordinal
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False once its report is superseded
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    event_type: Mapped[str] = mapped_column(String(60))
    sub_event_type: Mapped[str] = mapped_column(String(60))
    date: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    date_lo: Mapped[date | None] = mapped_column(Date)  # date - tolerance: for candidate search
    date_hi: Mapped[date | None] = mapped_column(Date)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    location_name: Mapped[str | None] = mapped_column(String(300))  # the report's spelling ("Douma")
    gazetteer_name: Mapped[str | None] = mapped_column(String(300))  # the gazetteer's ("Dūmā"); Location.gazetteer_name
    admin1: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(200))
    country_code: Mapped[str | None] = mapped_column(String(2))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonameid: Mapped[int | None] = mapped_column(Integer)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    # Location.within: a place the gazetteer lacks (lat/lon stay null) and the region named with it
    # ({name, lat, lon, geonameid, geo_precision}), for showing it approximately.
    within: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    actor1_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    actor2_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    actor1: Mapped[str | None] = mapped_column(String(300))
    actor2: Mapped[str | None] = mapped_column(String(300))
    killed_low: Mapped[int | None] = mapped_column(Integer)
    killed_best: Mapped[int | None] = mapped_column(Integer)
    killed_high: Mapped[int | None] = mapped_column(Integer)
    killed_text: Mapped[str | None] = mapped_column(Text)
    injured_low: Mapped[int | None] = mapped_column(Integer)
    injured_best: Mapped[int | None] = mapped_column(Integer)
    injured_high: Mapped[int | None] = mapped_column(Integer)
    injured_text: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list] = mapped_column(JSON, default=list)
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    field_evidence: Mapped[dict] = mapped_column(JSON, default=dict)
    confidence: Mapped[float | None] = mapped_column(Float)

    document: Mapped[Document] = relationship(back_populates="claims")
    incident: Mapped[Incident | None] = relationship(back_populates="claims")

    __table_args__ = (
        Index("ix_claims_search", "active", "date_lo", "date_hi"),
        Index("ix_claims_span", "active", "date_precision", "date_lo"),  # merging.candidates, by precision
        # an incident's active claims: two equal columns, so SQLite prefers it to (active, ...)
        Index("ix_claims_incident_active", "incident_id", "active"),
        Index("ix_claims_lat", "lat"),
    )


class ClaimSource(Base):
    __tablename__ = "claim_sources"
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)  # publisher | attributed


class ClaimLink(Base):
    """A pair of claims that reached the same-event threshold: the edges merging clusters over."""

    __tablename__ = "claim_links"
    a_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    b_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True, index=True)
    score: Mapped[float] = mapped_column(Float)


class ReviewAction(Base):
    """The audit log: who did what to which incidents, when and why, with what to undo it."""

    __tablename__ = "review_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(20))  # merge | split | edit | reject | undo
    who: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    why: Mapped[str | None] = mapped_column(Text)
    incident_ids: Mapped[list] = mapped_column(JSON, default=list)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    before: Mapped[dict] = mapped_column(JSON, default=dict)  # incident id -> state, for undo
    after: Mapped[dict] = mapped_column(JSON, default=dict)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("review_actions.id"))


class Failure(Base):
    __tablename__ = "failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[str] = mapped_column(String(300), index=True)
    origin: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))  # the Document as a dict (with text) to retry
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# API tokens (sitrep.api.tokens): a plain table, part of the models' metadata so that Alembic's
# autogenerate sees it (revision 0002_api_tokens creates it).
api_tokens = Table(
    "api_tokens",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)


class Alert(Base):
    """A saved filter someone wants to hear about: new or changed incidents matching it go to a webhook
    (signed when a secret is set) and to its Atom feed (sitrep/store/alerts.py)."""

    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    filters: Mapped[dict] = mapped_column(JSON, default=dict)  # Filters.as_params()
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    secret: Mapped[str | None] = mapped_column(String(200))  # HMAC key: the receiver verifies with it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # incidents changed since are news


class AlertMatch(Base):
    """An incident an alert reported, with the fingerprint it had then: a later difference is a change."""

    __tablename__ = "alert_matches"
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    change: Mapped[str] = mapped_column(String(10))  # new | changed
    first_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class AlertDelivery(Base):
    """One webhook POST (with its retries): what was sent, when, and how it went."""

    __tablename__ = "alert_deliveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    payload: Mapped[str] = mapped_column(Text)  # the JSON body, byte for byte what is signed
    incident_ids: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | delivered | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    http_status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
