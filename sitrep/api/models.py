"""The API's response bodies as pydantic models: what /openapi.json promises for every endpoint.

They mirror the dicts of sitrep.store.rows (incident_dict, claim_dict, document_dict, action_dict) and
the API's own answers.  The list, map and stats endpoints send prebuilt JSON for speed and are not
validated per request; tests/api/test_contract.py checks every answer against these schemas
(schemathesis), so a field added to a row dict without its model fails there.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Scalar = str | int | float | bool | None


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- incidents ----------------------------------------------------------------------------------


class Count(Model):
    """A figure as a range (`high` null: "at least `best`")."""

    low: int | None
    best: int | None
    high: int | None


class ClaimCount(Count):
    text: str | None = Field(description="the report's words for the figure")


class Within(Model):
    """The region a report named with a town the gazetteer lacks: the point used for it."""

    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    geo_precision: int | None = None


class Location(Model):
    name: str | None = Field(description="the place as the reports spell it ('Douma'), the most common spelling")
    gazetteer_name: str | None = Field(None, description="the gazetteer's name of the place ('Dūmā'); null "
                                       "for a place the gazetteer lacks")
    admin1: str | None
    country: str | None
    country_code: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None = Field(description="1 town, 2 part of or near a town, 3 region only")
    approximate: bool = Field(description="lat/lon are the region's point (`within`), not the place's own")
    within: Within | None


class Incident(Model):
    id: int
    status: Literal["active", "rejected", "merged"]
    merged_into: int | None
    locked: bool = Field(description="a reviewer decided: automatic merging keeps off")
    event_type: str | None
    sub_event_type: str | None
    date: str | None = Field(description="YYYY-MM-DD")
    date_precision: str | None
    location: Location
    actor1: str | None
    actor2: str | None
    fatalities: Count | None
    injuries: Count | None
    grade: str | None = Field(description="confirmed, fair, weak or contested")
    grade_reason: str | None
    n_claims: int
    n_sources: int
    overrides: dict[str, Scalar] = Field(description="fields a reviewer set, field -> value")
    created_at: str | None
    updated_at: str | None = Field(description="ISO 8601; the cursor of incremental sync")


class IncidentPage(Model):
    total: int | None
    limit: int
    offset: int
    sort: str
    items: list[Incident]
    next: str | None = Field(description="the next page's URL (same filters); null on the last page")


class Span(Model):
    start: int
    end: int
    text: str


class Document(Model):
    id: str = Field(description="the report's own id (from its source)")
    db_id: int
    title: str | None
    publisher: str | None
    outlet: str | None = Field(None, description="the publisher as people name it ('manar' -> 'Al-Manar')")
    published: str | None
    url: str | None
    canonical_url: str | None
    content_hash: str
    status: str
    origin: str | None


class ClaimLocation(Model):
    name: str | None = Field(description="the place as the report spells it ('Douma')")
    gazetteer_name: str | None = Field(None, description="the gazetteer's name of the place ('Dūmā')")
    admin1: str | None
    country: str | None
    country_code: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    geo_precision: int | None
    within: Within | None


class Claim(Model):
    id: int
    incident_id: int | None
    active: bool
    document: Document
    event_type: str
    sub_event_type: str
    date: str | None
    date_precision: str | None
    location: ClaimLocation | None
    actor1: str | None
    actor2: str | None
    fatalities: ClaimCount | None
    injuries: ClaimCount | None
    sources: list[str]
    evidence: list[Span]
    field_evidence: dict[str, Span]
    confidence: float | None


class SourceFigure(Model):
    source: str
    low: int
    best: int
    high: int
    claim: str


class FiguresBySource(Model):
    killed: list[SourceFigure]
    injured: list[SourceFigure]


class Action(Model):
    id: int
    action: str
    who: str
    at: str | None
    why: str | None
    incident_ids: list[int]
    params: dict[str, Any] = Field(description="the action's parameters, as logged")
    undone_by: int | None


class DocumentText(Document):
    text: str


class Pair(Model):
    claims: list[int]
    score: float
    same: bool
    veto: str | None
    reasons: list[str]


class NearMiss(Model):
    claim: int
    incident_id: int | None
    publisher: str | None
    closest: int
    score: float
    mean: float
    why_not: str
    reasons: list[str]


class IncidentDetail(Incident):
    claims: list[Claim]
    sources: list[str] = Field(description="independent sources")
    figures_by_source: FiguresBySource
    audit: list[Action]
    documents: list[DocumentText] = Field(description="the reports' texts, which evidence offsets point into")
    pairs: list[Pair] | None = Field(None, description="with why=true: every claim pair's merge decision")
    near_misses: list[NearMiss] | None = Field(None, description="with why=true: claims that nearly joined")


# [id, lat, lon, event_type, killed, date, location, approximate]; one item type for all positions
# (schemathesis mishandles prefixItems), the positions are `fields`.
PointRow = Annotated[list[int | float | str | bool | None], Field(min_length=8, max_length=8)]


class Points(Model):
    fields: list[str] = Field(description="the names of each point's values, in order")
    points: list[PointRow] = Field(description="[id, lat, lon, event_type, killed, date, location, approximate]")


# ---- statistics ---------------------------------------------------------------------------------


class DailyRow(Model):
    date: str
    event_type: str | None = None
    country: str | None = None
    admin1: str | None = None
    incidents: int
    killed: int


class TypeRow(Model):
    event_type: str | None
    incidents: int
    killed: int


class ActorRow(Model):
    actor: str
    incidents: int
    killed: int


class PlaceRow(Model):
    country_code: str | None
    country: str | None
    admin1: str | None
    incidents: int
    killed: int


class StoreCounts(Model):
    documents: int
    claims: int
    incidents: int
    failures: int


class Stats(Model):
    incidents: int
    killed: int
    daily: list[DailyRow]
    by_type: list[TypeRow]
    by_actor: list[ActorRow] = Field(description="first actors with most killed (top 10)")
    by_place: list[PlaceRow]
    store: StoreCounts


class CountryFacet(Model):
    code: str | None
    name: str | None
    incidents: int


class Admin1Facet(Model):
    country_code: str | None
    name: str | None
    incidents: int


class Facets(Model):
    countries: list[CountryFacet]
    admin1: list[Admin1Facet]
    grades: list[str]
    first_date: str | None
    last_date: str | None
    event_types: dict[str, list[str]] = Field(description="ACLED event type -> its sub-event types")


# ---- documents and sources ----------------------------------------------------------------------


class DocumentItem(Document):
    n_claims: int


class DocumentPage(Model):
    total: int
    limit: int
    offset: int
    items: list[DocumentItem]


class DocumentDetail(DocumentText):
    language: str | None
    ingested_at: str | None
    superseded_by: int | None
    claims: list[Claim]


class Source(Model):
    id: int
    name: str
    key: str
    kind: str | None
    n_claims: int
    n_incidents: int
    as_publisher: int
    as_attributed: int


class SourcePage(Model):
    total: int
    limit: int
    offset: int
    items: list[Source]


# ---- review -------------------------------------------------------------------------------------


class Merged(Model):
    incident: int
    action: int | None


class SplitDone(Model):
    incident: int
    new_incident: int
    action: int | None


class Reviewed(Model):
    incident: int
    action: int | None


class Undone(Model):
    undone: int
    action: int


class AuditLog(Model):
    items: list[Action]


# ---- auth and meta ------------------------------------------------------------------------------


class SessionState(Model):
    signed_in: bool
    name: str | None = None
    role: Literal["reader", "reviewer", "admin"] | None = None
    csrf: str | None = Field(None, description="send as X-CSRF-Token with writes made with the cookie")
    read_open: bool | None = None


class TokenInfo(Model):
    id: int
    name: str
    role: Literal["reader", "reviewer", "admin"]
    prefix: str
    created_at: str | None
    revoked_at: str | None


class TokenList(Model):
    items: list[TokenInfo]


class NewToken(Model):
    id: int
    name: str
    role: Literal["reader", "reviewer", "admin"]
    token: str = Field(description="the secret, shown once")


class Revoked(Model):
    revoked: int


class Health(Model):
    ok: bool
    version: str


class Problem(Model):
    """An error, as RFC 9457 problem details (application/problem+json)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"description": "RFC 9457 problem details"})

    type: str = Field("about:blank", description="a URI naming the kind of problem")
    title: str = Field(description="the HTTP status's short name")
    status: int
    detail: str = Field(description="what went wrong, in one line")
    instance: str | None = Field(None, description="the request path")
    errors: list[FieldError] | None = Field(None, description="422: each invalid parameter or field")


class FieldError(Model):
    loc: list[str | int] = Field(description="where: ['query', 'since'], ['body', 'ids', 0], ...")
    msg: str


Problem.model_rebuild()
