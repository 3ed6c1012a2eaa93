"""Read endpoints: incidents (list, one, map points), statistics, facets, documents, sources, exports.

The list, points and stats answer from the in-memory index when it is current (sitrep/api/index.py)
and send prebuilt JSON; their bodies are declared by the models in sitrep/api/models.py.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BeforeValidator

from sitrep.api import models, queries
from sitrep.api.access import Reader, read_route
from sitrep.api.index import dumps
from sitrep.merge.figures import GRADES
from sitrep.store import query
from sitrep.store.query import INT64, Filters
from sitrep.taxonomy import EVENT_TYPES, SUB_EVENT_TYPES

router = APIRouter()

Id = Annotated[int, Path(ge=1, le=INT64, description="a positive id")]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=INT64)]
SORTS = Literal["-date", "date", "-killed", "killed", "-id", "id", "updated"]

EXPORT_TYPES = {
    "acled-csv": ("text/csv; charset=utf-8", "csv"),
    "ucdp-csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
}


# ISO dates and date-times only (pydantic alone also takes numbers as Unix times: since=0.0 is 1970)
IsoDate = Annotated[date, BeforeValidator(lambda v: query.parse_date(v, "date") if isinstance(v, str) else v)]
IsoTime = Annotated[datetime, BeforeValidator(lambda v: query.parse_timestamp(v) if isinstance(v, str) else v)]


def _choices(values) -> str:
    """A pattern for comma-separated alternatives among `values` (empty: any)."""
    one = "|".join(re.escape(v) for v in values)
    return rf"^\s*(({one})\s*(,\s*({one})\s*)*)?$"


def filters(
    since: Annotated[IsoDate | None, Query(description="first day (YYYY-MM-DD), inclusive")] = None,
    until: Annotated[IsoDate | None, Query(description="last day (YYYY-MM-DD), inclusive")] = None,
    country: Annotated[str | None, Query(max_length=200, description="ISO 3166 alpha-2 code or country name")] = None,
    admin1: Annotated[str | None, Query(max_length=200, description="first-level region, e.g. Idlib")] = None,
    type: Annotated[
        str | None, Query(max_length=500, pattern=_choices(EVENT_TYPES), description="ACLED event type(s), comma-separated")
    ] = None,
    sub_type: Annotated[
        str | None,
        Query(max_length=1000, pattern=_choices(SUB_EVENT_TYPES), description="ACLED sub-event type(s), comma-separated"),
    ] = None,
    actor: Annotated[str | None, Query(max_length=300, description="substring of actor1 or actor2")] = None,
    min_killed: Annotated[int | None, Query(ge=0, le=INT64, description="best killed figure at least N")] = None,
    grade: Annotated[str | None, Query(max_length=100, pattern=_choices(GRADES), description="comma-separated")] = None,
    q: Annotated[str | None, Query(max_length=500, description="full-text search in the reports (all words)")] = None,
    status: Annotated[Literal["active", "rejected", "merged", "all"], Query()] = "active",
    updated_since: Annotated[
        IsoTime | None, Query(description="only incidents changed at or after this ISO 8601 date-time (UTC if no offset)")
    ] = None,
    after_id: Annotated[
        int | None, Query(ge=0, le=INT64, description="with updated_since: only after the cursor (updated_since, after_id)")
    ] = None,
) -> Filters:
    """The query parameters as the query layer's Filters (which refuses bad values: 422)."""
    return Filters(
        since=since, until=until, country=country, admin1=admin1, event_type=type,
        sub_event_type=sub_type, actor=actor, min_killed=min_killed, grade=grade, q=q, status=status,
        updated_since=updated_since, after_id=after_id,
    )  # fmt: skip


Filtered = Annotated[Filters, Depends(filters)]


def _snapshot(request: Request, conn):
    index = request.app.state.index
    return index, (index.current(conn) if index is not None else None)


@read_route(router, "/incidents", "incidents matching the filters, paginated",
    tags=["incidents"], response_model=models.IncidentPage,
)  # fmt: skip
def get_incidents(
    request: Request, _: Reader, f: Filtered, limit: Limit = 50, offset: Offset = 0, sort: Annotated[SORTS, Query()] = "-date"
) -> Response:
    with request.app.state.store.engine.connect() as conn:
        index, snap = _snapshot(request, conn)
        if snap is not None:
            total, items = index.page(snap, conn, f, limit, offset, sort)
        else:
            page = query.list_incidents(conn, f, limit, offset, sort)
            total, items = page["total"], [dumps(i) for i in page["items"]]
    nxt = _next_page(request, f, total, limit, offset, sort, items)
    body = (
        f'{{"total":{total},"limit":{limit},"offset":{offset},"sort":{dumps(sort)},"items":[{",".join(items)}],'
        f'"next":{dumps(nxt)}}}'
    )
    headers = {"Link": f'<{nxt}>; rel="next"'} if nxt else None
    return Response(body, media_type="application/json", headers=headers)


def _next_page(request: Request, f: Filters, total: int, limit: int, offset: int, sort: str, items: list[str]) -> str | None:
    """The next page's URL.  Sorted by `updated` it is a cursor (updated_since and after_id of the last
    item), so an incident changed during a sync moves behind the cursor instead of shifting the pages."""
    if offset + len(items) >= total or not items:
        return None
    params = dict(request.query_params)
    if sort == "updated":
        last = json.loads(items[-1])
        params.update(updated_since=last["updated_at"], after_id=str(last["id"]), offset="0")
    else:
        params["offset"] = str(offset + limit)
    # built from the scope (Request.url.replace_query_params parses the whole URL: 0.5 ms a page)
    return f"{request.base_url}{request.scope['path'].lstrip('/')}?{urlencode(params)}"


@read_route(
    router, "/incidents/{incident_id}", "one incident with claims, sources, evidence, figures, audit and its reports' texts",
    tags=["incidents"], response_model=models.IncidentDetail, response_model_exclude_none=False, codes=(401, 404, 422),
)  # fmt: skip
def get_incident(request: Request, _: Reader, incident_id: Id, why: bool = False) -> dict[str, Any]:
    from sitrep.errors import NotFound

    store = request.app.state.store
    inc = store.explain(incident_id) if why else store.get_incident(incident_id)
    if inc is None:
        raise NotFound(f"no incident {incident_id}")
    with store.engine.connect() as conn:
        docs = queries.documents_text(conn, {c["document"]["db_id"] for c in inc["claims"]})
    inc["documents"] = [docs[k] for k in sorted(docs)]
    return inc


@read_route(router, "/points", "map points for the filtered incidents",
    tags=["incidents"], response_model=models.Points,
)  # fmt: skip
def get_points(request: Request, _: Reader, f: Filtered) -> Response:
    with request.app.state.store.engine.connect() as conn:
        index, snap = _snapshot(request, conn)
        if snap is not None:
            pts = index.points(snap, conn, f, queries.MAX_POINTS)
        else:
            pts = [dumps(p) for p in queries.points(conn, f, queries.MAX_POINTS)]
    fields = ["id", "lat", "lon", "event_type", "killed", "date", "location", "approximate"]
    return Response(f'{{"fields":{dumps(fields)},"points":[{",".join(pts)}]}}', media_type="application/json")


@read_route(router, "/stats", "daily counts and killed by type, totals by type and by place",
    tags=["stats"], response_model=models.Stats,
)  # fmt: skip
def get_stats(
    request: Request,
    _: Reader,
    f: Filtered,
    places: Annotated[int, Query(ge=1, le=1000)] = 50,
    daily_by: Annotated[Literal["type", "country", "admin1"], Query(description="what daily rows are split by")] = "type",
) -> Response:
    store = request.app.state.store
    with store.engine.connect() as conn:
        index, snap = _snapshot(request, conn)
        if snap is not None:
            out = index.stats(snap, conn, f, places, daily_by)
        else:
            out = queries.stats(conn, f, places, daily_by)
    out["store"] = store.stats()
    return Response(dumps(out), media_type="application/json")


@read_route(router, "/facets", "countries, regions, grades and dates present (for filter menus)",
    tags=["stats"], response_model=models.Facets, codes=(401,),
)  # fmt: skip
def get_facets(request: Request, _: Reader) -> dict[str, Any]:
    from sitrep.taxonomy import TAXONOMY

    with request.app.state.store.engine.connect() as conn:
        out = queries.facets(conn)
    out["event_types"] = {k: list(v) for k, v in TAXONOMY.items()}
    return out


@read_route(router, "/documents", "stored reports (without text), newest first",
    tags=["documents"], response_model=models.DocumentPage,
)  # fmt: skip
def get_documents(
    request: Request,
    _: Reader,
    q: Annotated[str | None, Query(max_length=500)] = None,
    status: Literal["active", "superseded", "all"] = "all",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    with request.app.state.store.engine.connect() as conn:
        return queries.list_documents(conn, q, status, limit, offset)


@read_route(router, "/documents/{db_id}", "one report with its text and claims",
    tags=["documents"], response_model=models.DocumentDetail, codes=(401, 404, 422),
)  # fmt: skip
def get_document(request: Request, _: Reader, db_id: Id) -> dict[str, Any]:
    from sitrep.errors import NotFound

    with request.app.state.store.engine.connect() as conn:
        d = queries.get_document(conn, db_id)
    if d is None:
        raise NotFound(f"no document {db_id}")
    return d


@read_route(router, "/sources", "outlets and attributed sources with claim counts",
    tags=["sources"], response_model=models.SourcePage,
)  # fmt: skip
def get_sources(
    request: Request, _: Reader, q: Annotated[str | None, Query(max_length=200)] = None, limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:  # fmt: skip
    with request.app.state.store.engine.connect() as conn:
        return queries.list_sources(conn, q, limit, offset)


_EXPORT_ANSWER = {
    "description": "the export, as a download",
    "content": {
        "text/csv": {"schema": {"type": "string", "description": "ACLED or UCDP columns, header first"}},
        "application/geo+json": {"schema": {"$ref": "#/components/schemas/FeatureCollection"}},
    },
}


@read_route(router, "/export", "ACLED CSV, UCDP CSV or GeoJSON of the filtered incidents, streamed",
    tags=["exports"], response_class=StreamingResponse, responses={200: _EXPORT_ANSWER},
)  # fmt: skip
def get_export(
    request: Request, _: Reader, f: Filtered, format: Literal["acled-csv", "ucdp-csv", "geojson"] = "acled-csv"
) -> StreamingResponse:
    from sitrep.store.exports import built_gazetteer

    media, ext = EXPORT_TYPES[format]
    export = query.Export(
        request.app.state.store.engine, f, format, gaz=built_gazetteer(request.app.state.settings),
        base_url=str(request.base_url).rstrip("/"),
    )  # fmt: skip
    return StreamingResponse(
        iter(export),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="sitrep-incidents-{format}.{ext}"'},
    )


@read_route(router, "/alerts/{name}.atom", "an alert's new or changed incidents as an Atom 1.0 feed (sitrep alerts add NAME ...)",
    tags=["alerts"], response_class=Response, codes=(401, 404, 422),
    responses={200: {"description": "the feed (latest 50 entries)", "content": {"application/atom+xml": {"schema": {"type": "string"}}}}},
)  # fmt: skip
def get_alert_feed(request: Request, _: Reader, name: Annotated[str, Path(max_length=100)]) -> Response:
    from sitrep.store import alerts

    alert, entries = alerts.feed_entries(request.app.state.store, name)
    body = alerts.atom_feed(alert, entries, str(request.base_url).rstrip("/"), str(request.url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")
