"""The HTTP API (FastAPI) and, from the same process, the web dashboard.

    from sitrep.api import create_app
    app = create_app(settings)            # opens (and migrates) settings.db_url
    uvicorn.run(app, host="127.0.0.1", port=8000)

The API lives under /api/v1/ (old /api/... paths answer 308 to it); its contract is /openapi.json
(every body a pydantic model of sitrep/api/models.py, errors as RFC 9457 problem details), browsable
offline at /docs.  Endpoints: sitrep/api/reads.py, reviews.py, access.py; docs/api.md describes them.
Every response carries a Content-Security-Policy without 'unsafe-inline' scripts; report text only ever
reaches the page as JSON, rendered as text nodes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from sitrep import __version__
from sitrep.api import access, models, problems, reads, reviews
from sitrep.api.index import IncidentIndex
from sitrep.api.middleware import BodyLimit, ETags, SecurityHeaders, content_security_policy
from sitrep.config import Settings
from sitrep.store import Store

PREFIX = "/api/v1"
DOCS = Path(__file__).parent / "docs"


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    store = store or Store.open(settings.db_url)
    app = FastAPI(
        title="sitrep",
        version=__version__,
        description=(
            "Conflict incidents merged from news reports: read, filter, export and review. Errors are RFC 9457 "
            "problem details. Reading is open unless the server runs closed; writing needs a bearer token."
        ),
        docs_url=None,  # our own /docs: vendored Swagger UI, no CDN, no inline script
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    index = IncidentIndex(store.engine, settings.api_index_max) if settings.api_index_max > 0 else None
    if index is not None:
        index.build_now()
    app.state.index = index

    for router in (reads.router, reviews.router, access.router):
        app.include_router(router, prefix=PREFIX)
    problems.install(app)
    _legacy_paths(app)
    _docs(app)
    app.openapi = lambda: _openapi(app)

    from sitrep.web import mount

    mount(app, settings)
    # the last added runs first: headers on everything, then gzip, ETags, and the body limit
    app.add_middleware(BodyLimit)
    app.add_middleware(ETags, prefix=PREFIX + "/")
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(SecurityHeaders, csp=content_security_policy(settings))
    return app


def _legacy_paths(app: FastAPI) -> None:
    """/api/X -> 308 /api/v1/X (the method and body are kept), for clients of the unversioned API."""

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "DELETE", "PUT", "PATCH"], include_in_schema=False)
    def moved(rest: str, request: Request) -> Response:
        if rest == "v1" or rest.startswith("v1/"):
            return problems.problem(request, 404, f"no endpoint {request.url.path}")
        target = f"{PREFIX}/{rest}" + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(target, status_code=308)


def _docs(app: FastAPI) -> None:
    """Swagger UI from the fastapi-offline package's files (no CDN); our page loads it by script files."""
    import fastapi_offline

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/docs/assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(DOCS / "index.html", media_type="text/html")

    @app.get("/docs/init.js", include_in_schema=False)
    def docs_init() -> FileResponse:
        return FileResponse(DOCS / "init.js", media_type="text/javascript")


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document plus what it cannot infer: the security schemes and the schemas that only
    error responses and the GeoJSON export refer to."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for model in (models.Problem, models.FieldError):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    schemas["FeatureCollection"] = FEATURE_COLLECTION
    spec["components"]["securitySchemes"] = access.SECURITY_SCHEMES
    app.openapi_schema = spec
    return spec


FEATURE_COLLECTION = {
    "type": "object",
    "description": "RFC 7946 GeoJSON: one Feature per incident (geometry null when it has no point)",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": "integer"},
                    "geometry": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "properties": {
                                    "type": {"const": "Point"},
                                    "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2},
                                },
                            },
                        ]
                    },
                    "properties": {"type": "object"},
                },
            },
        },
    },
}
