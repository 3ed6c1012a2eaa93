"""The HTTP API (FastAPI; OpenAPI at /openapi.json) and, from the same process, the web dashboard.

    from sitrep.api import create_app
    app = create_app(settings)            # opens (and migrates) settings.db_url
    uvicorn.run(app, host="127.0.0.1", port=8000)

Endpoints are listed in docs/api.md.  Every response carries a Content-Security-Policy without
'unsafe-inline' scripts; report text only ever reaches the page as JSON, rendered as text nodes.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field, field_validator

from sitrep import __version__
from sitrep.api import auth, queries, tokens
from sitrep.api.index import IncidentIndex, dumps
from sitrep.api.tokens import Principal
from sitrep.config import Settings
from sitrep.errors import InvalidInput, SitrepError
from sitrep.store import Store, query
from sitrep.store.query import Filters
from sitrep.taxonomy import EVENT_TYPES, SUB_EVENT_TYPES

Reader = Annotated[Principal | None, Depends(auth.can_read)]
Reviewer = Annotated[Principal, Depends(auth.require("reviewer"))]
Admin = Annotated[Principal, Depends(auth.require("admin"))]

EXPORT_TYPES = {
    "acled-csv": ("text/csv; charset=utf-8", "csv"),
    "ucdp-csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
}


def filters(
    since: Annotated[date | None, Query(description="first day (YYYY-MM-DD), inclusive")] = None,
    until: Annotated[date | None, Query(description="last day (YYYY-MM-DD), inclusive")] = None,
    country: Annotated[str | None, Query(description="ISO 3166 alpha-2 code or country name")] = None,
    admin1: Annotated[str | None, Query(description="first-level region, e.g. Idlib")] = None,
    type: Annotated[str | None, Query(description="ACLED event type(s), comma-separated")] = None,
    sub_type: Annotated[str | None, Query(description="ACLED sub-event type(s), comma-separated")] = None,
    actor: Annotated[str | None, Query(description="substring of actor1 or actor2")] = None,
    min_killed: Annotated[int | None, Query(ge=0, description="best killed figure at least N")] = None,
    grade: Annotated[str | None, Query(description="confirmed, fair, weak, contested (comma-separated)")] = None,
    q: Annotated[str | None, Query(max_length=500, description="full-text search in the reports")] = None,
    status: Annotated[Literal["active", "rejected", "merged", "all"], Query()] = "active",
    updated_since: Annotated[
        str | None,
        Query(max_length=40, description="only incidents changed at or after this ISO 8601 date-time (UTC if no offset)"),
    ] = None,
) -> Filters:
    try:
        return Filters(
            since=since,
            until=until,
            country=country,
            admin1=admin1,
            event_type=type,
            sub_event_type=sub_type,
            actor=actor,
            min_killed=min_killed,
            grade=grade,
            q=q,
            status=status,
            updated_since=updated_since or None,
        )
    except InvalidInput as e:
        raise HTTPException(status_code=422, detail=str(e)) from None


Filtered = Annotated[Filters, Depends(filters)]


class Reason(BaseModel):
    reason: str | None = Field(None, max_length=2000, description="why (kept in the audit log)")


class MergeBody(Reason):
    ids: list[int] = Field(..., min_length=2, description="incidents to merge; the lowest id survives")


class SplitBody(Reason):
    claim_ids: list[int] = Field(..., min_length=1, description="claims to move into a new incident")


class EditBody(Reason):
    changes: dict[str, Any] = Field(
        ..., min_length=1, description="field -> value; null gives a field back to the computed value"
    )

    @field_validator("changes")
    @classmethod
    def _valid_values(cls, changes: dict[str, Any]) -> dict[str, Any]:
        for k, v in changes.items():
            if v is not None and k in EDIT_CHECKS and not EDIT_CHECKS[k](v):
                raise ValueError(f"invalid value for {k}: {v!r}")
        return changes


def _is_date(v: Any) -> bool:
    try:
        date.fromisoformat(v)
        return isinstance(v, str) and len(v) == 10
    except (TypeError, ValueError):
        return False


def _count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 10**7


def _number(lo: float, hi: float):
    return lambda v: isinstance(v, int | float) and not isinstance(v, bool) and lo <= v <= hi


def _text(v: Any) -> bool:
    return isinstance(v, str) and 0 < len(v) <= 300


EDIT_CHECKS = {
    "event_type": lambda v: v in EVENT_TYPES,
    "sub_event_type": lambda v: v in SUB_EVENT_TYPES,
    "date": _is_date,
    "date_precision": lambda v: v in ("day", "week", "month", "year"),
    "lat": _number(-90, 90),
    "lon": _number(-180, 180),
    "geo_precision": lambda v: v in (1, 2, 3),
    "grade": lambda v: v in ("confirmed", "fair", "weak", "contested"),
    "country_code": lambda v: isinstance(v, str) and len(v) == 2 and v.isalpha() and v.isupper(),
    **{f"{w}_{b}": _count for w in ("killed", "injured") for b in ("low", "best", "high")},
    **{f: _text for f in ("location_name", "admin1", "country", "actor1", "actor2")},
}


class SessionBody(BaseModel):
    token: str = Field(..., max_length=200)


class TokenBody(BaseModel):
    name: str = Field(..., min_length=1, max_length=200)
    role: Literal["reader", "reviewer", "admin"] = "reviewer"


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    store = store or Store.open(settings.db_url)
    app = FastAPI(
        title="sitrep",
        version=__version__,
        description="Conflict incidents merged from news reports: read, filter, export and review.",
        docs_url=None,  # Swagger/ReDoc load scripts from CDNs: against the CSP and offline use
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    engine = store.engine

    # ---- incidents ------------------------------------------------------------------------------

    index = IncidentIndex(engine, settings.api_index_max) if settings.api_index_max > 0 else None
    if index is not None:
        index.build_now()
    app.state.index = index

    @app.get(
        "/api/incidents",
        tags=["incidents"],
        summary="incidents matching the filters, paginated",
        response_class=Response,
        responses={200: {"content": {"application/json": {}}, "description": "{total, limit, offset, sort, items}"}},
    )
    def get_incidents(
        _: Reader,
        f: Filtered,
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
        sort: Annotated[Literal["-date", "date", "-killed", "killed", "-id", "id", "updated"], Query()] = "-date",
    ) -> Response:
        with engine.connect() as conn:
            snap = index.current(conn) if index is not None else None
            if snap is not None:
                total, items = index.page(snap, conn, f, limit, offset, sort)
            else:
                page = query.list_incidents(conn, f, limit, offset, sort)
                total, items = page["total"], [dumps(i) for i in page["items"]]
        body = f'{{"total":{total},"limit":{limit},"offset":{offset},"sort":{dumps(sort)},"items":[{",".join(items)}]}}'
        return Response(body, media_type="application/json")

    @app.get("/api/incidents/{incident_id}", tags=["incidents"], summary="one incident with claims, sources, evidence, figures, audit")
    def get_incident(_: Reader, incident_id: int, why: bool = False) -> dict[str, Any]:
        inc = store.explain(incident_id) if why else store.get_incident(incident_id)
        if inc is None:
            raise HTTPException(status_code=404, detail=f"no incident {incident_id}")
        with engine.connect() as conn:
            docs = queries.documents_text(conn, {c["document"]["db_id"] for c in inc["claims"]})
        inc["documents"] = [docs[k] for k in sorted(docs)]
        return inc

    @app.get("/api/points", tags=["incidents"], summary="map points for the filtered incidents")
    def get_points(_: Reader, f: Filtered) -> Response:
        with engine.connect() as conn:
            snap = index.current(conn) if index is not None else None
            if snap is not None:
                pts = index.points(snap, conn, f, queries.MAX_POINTS)
            else:
                pts = [dumps(p) for p in queries.points(conn, f, queries.MAX_POINTS)]
        fields = ["id", "lat", "lon", "event_type", "killed", "date", "location", "approximate"]
        return Response(f'{{"fields":{dumps(fields)},"points":[{",".join(pts)}]}}', media_type="application/json")

    # ---- statistics -----------------------------------------------------------------------------

    @app.get("/api/stats", tags=["stats"], summary="daily counts and killed by type, totals by type and by place")
    def get_stats(
        _: Reader,
        f: Filtered,
        places: Annotated[int, Query(ge=1, le=1000)] = 50,
        daily_by: Annotated[Literal["type", "country", "admin1"], Query(description="what daily rows are split by")] = "type",
    ) -> dict[str, Any]:
        with engine.connect() as conn:
            snap = index.current(conn) if index is not None else None
            if snap is not None:
                out = index.stats(snap, conn, f, places, daily_by)
            else:
                out = queries.stats(conn, f, places, daily_by)
        out["store"] = store.stats()
        return out

    @app.get("/api/facets", tags=["stats"], summary="countries, regions, grades and dates present (for filter menus)")
    def get_facets(_: Reader) -> dict[str, Any]:
        from sitrep.taxonomy import TAXONOMY

        with engine.connect() as conn:
            out = queries.facets(conn)
        out["event_types"] = {k: list(v) for k, v in TAXONOMY.items()}
        return out

    # ---- documents and sources ------------------------------------------------------------------

    @app.get("/api/documents", tags=["documents"], summary="stored reports (without text), newest first")
    def get_documents(
        _: Reader,
        q: Annotated[str | None, Query(max_length=500)] = None,
        status: Literal["active", "superseded", "all"] = "all",
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        with engine.connect() as conn:
            return queries.list_documents(conn, q, status, limit, offset)

    @app.get("/api/documents/{db_id}", tags=["documents"], summary="one report with its text and claims")
    def get_document(_: Reader, db_id: int) -> dict[str, Any]:
        with engine.connect() as conn:
            d = queries.get_document(conn, db_id)
        if d is None:
            raise HTTPException(status_code=404, detail=f"no document {db_id}")
        return d

    @app.get("/api/sources", tags=["sources"], summary="outlets and attributed sources with claim counts")
    def get_sources(
        _: Reader,
        q: Annotated[str | None, Query(max_length=200)] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        with engine.connect() as conn:
            return queries.list_sources(conn, q, limit, offset)

    # ---- exports --------------------------------------------------------------------------------

    @app.get("/api/export", tags=["exports"], summary="streamed ACLED CSV, UCDP CSV or GeoJSON of the filtered incidents")
    def get_export(
        _: Reader, f: Filtered, format: Literal["acled-csv", "ucdp-csv", "geojson"] = "acled-csv"
    ) -> StreamingResponse:
        media, ext = EXPORT_TYPES[format]
        return StreamingResponse(
            iter(query.Export(engine, f, format)),
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="sitrep-incidents-{format}.{ext}"'},
        )

    # ---- review ---------------------------------------------------------------------------------

    @app.post("/api/incidents/merge", tags=["review"], summary="merge incidents into the lowest id")
    def merge(who: Reviewer, body: MergeBody) -> dict[str, Any]:
        into = store.merge_incidents(body.ids, who.name, body.reason)
        return {"incident": into, "action": _last_action(into)}

    @app.post("/api/incidents/{incident_id}/split", tags=["review"], summary="move claims into a new incident")
    def split(who: Reviewer, incident_id: int, body: SplitBody) -> dict[str, Any]:
        new = store.split_incident(incident_id, body.claim_ids, who.name, body.reason)
        return {"incident": incident_id, "new_incident": new, "action": _last_action(new)}

    @app.post("/api/incidents/{incident_id}/edit", tags=["review"], summary="override fields of an incident")
    def edit(who: Reviewer, incident_id: int, body: EditBody) -> dict[str, Any]:
        store.edit_incident(incident_id, body.changes, who.name, body.reason)
        return {"incident": incident_id, "action": _last_action(incident_id)}

    @app.post("/api/incidents/{incident_id}/reject", tags=["review"], summary="reject an incident (not a real event)")
    def reject(who: Reviewer, incident_id: int, body: Reason | None = None) -> dict[str, Any]:
        store.reject_incident(incident_id, who.name, body.reason if body else None)
        return {"incident": incident_id, "action": _last_action(incident_id)}

    @app.post("/api/actions/{action_id}/undo", tags=["review"], summary="undo a review action")
    def undo(who: Reviewer, action_id: int, body: Reason | None = None) -> dict[str, Any]:
        new = store.undo(action_id, who.name, body.reason if body else None)
        return {"undone": action_id, "action": new}

    @app.get("/api/actions", tags=["review"], summary="the audit log, all or of one incident")
    def get_actions(_: Reader, incident: int | None = None) -> dict[str, Any]:
        return {"items": store.audit_log(incident)}

    def _last_action(incident_id: int) -> int | None:
        log = store.audit_log(incident_id)
        return log[-1]["id"] if log else None

    # ---- sign-in and tokens ---------------------------------------------------------------------

    @app.post("/api/session", tags=["auth"], summary="sign in: check a token and set the session cookie")
    def sign_in(body: SessionBody, request: Request, response: Response) -> dict[str, Any]:
        origin = request.headers.get("origin")
        if origin and origin != auth.own_origin(request):
            raise HTTPException(status_code=403, detail="cross-origin sign-in refused")
        p = tokens.verify(engine, body.token.strip())
        if p is None:
            raise HTTPException(status_code=401, detail="unknown or revoked token")
        response.set_cookie(
            auth.COOKIE,
            body.token.strip(),
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
        return {"signed_in": True, "name": p.name, "role": p.role, "csrf": p.csrf}

    @app.get("/api/session", tags=["auth"], summary="who is signed in (and the CSRF token for writes)")
    def session(request: Request) -> dict[str, Any]:
        p = auth.principal(request)
        if p is None:
            return {"signed_in": False, "read_open": settings.read_open}
        return {"signed_in": True, "name": p.name, "role": p.role, "csrf": p.csrf, "read_open": settings.read_open}

    @app.delete("/api/session", tags=["auth"], summary="sign out")
    def sign_out(request: Request, response: Response) -> dict[str, Any]:
        auth.principal(request)  # a cookie session must show its CSRF token even to sign out
        response.delete_cookie(auth.COOKIE, path="/")
        return {"signed_in": False}

    @app.get("/api/tokens", tags=["auth"], summary="list tokens (admin)")
    def get_tokens(_: Admin) -> dict[str, Any]:
        return {"items": tokens.list_tokens(engine)}

    @app.post("/api/tokens", tags=["auth"], summary="create a token (admin); the secret is shown once")
    def post_token(_: Admin, body: TokenBody) -> dict[str, Any]:
        tid, secret = tokens.create_token(engine, body.name, body.role)
        return {"id": tid, "name": body.name, "role": body.role, "token": secret}

    @app.delete("/api/tokens/{token_id}", tags=["auth"], summary="revoke a token (admin)")
    def delete_token(_: Admin, token_id: int) -> dict[str, Any]:
        if not tokens.revoke(engine, token_id):
            raise HTTPException(status_code=404, detail=f"no active token {token_id}")
        return {"revoked": token_id}

    @app.get("/api/health", tags=["meta"], summary="liveness and store counts")
    def health() -> dict[str, Any]:
        return {"ok": True, "version": __version__}

    @app.exception_handler(SitrepError)
    def sitrep_error(_request: Request, exc: SitrepError) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content={"detail": exc.message})

    @app.exception_handler(ValueError)
    def value_error(_request: Request, exc: ValueError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"detail": str(exc)})

    from sitrep.web import mount

    mount(app, settings)
    app.add_middleware(SecurityHeaders, csp=content_security_policy(settings))
    return app


def content_security_policy(settings: Settings) -> str:
    img = "'self' data:"
    if settings.tile_url:
        from urllib.parse import urlsplit

        u = urlsplit(settings.tile_url.replace("{s}", "a"))
        host = u.netloc.replace("a.", "*.", 1) if "{s}" in settings.tile_url else u.netloc
        if u.scheme in ("http", "https") and host:
            img += f" {u.scheme}://{host}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {img}; connect-src 'self'; font-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware): CSP and friends on every response."""

    def __init__(self, app, csp: str):
        self.app = app
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + self.headers
            await send(message)

        return await self.app(scope, receive, send_with_headers)
