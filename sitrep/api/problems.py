"""Errors in one shape: RFC 9457 problem details (`application/problem+json`) for every 4xx and 5xx,
whether raised by sitrep (SitrepError and its status), by a route (HTTPException), or by FastAPI's
parameter validation (422, with `errors` naming each invalid field)."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep.errors import SitrepError, one_line

MEDIA = "application/problem+json"
log = logging.getLogger(__name__)


def problem(request: Request | None, status: int, detail: str, headers: dict | None = None, **extra: Any) -> JSONResponse:
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail[:2000]}
    if request is not None:
        body["instance"] = request.url.path
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=MEDIA, headers=headers)


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for e in exc.errors():
        loc = [x if isinstance(x, int) else str(x) for x in e.get("loc", ())]
        out.append({"loc": loc, "msg": str(e.get("msg", "invalid"))[:500]})
    return out


def install(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        return problem(request, exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _field_errors(exc)
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(x) for x in first["loc"][1:]) or "request"
        return problem(request, 422, f"{where}: {first['msg']}", errors=errors)

    @app.exception_handler(SitrepError)
    async def refused(request: Request, exc: SitrepError) -> JSONResponse:
        return problem(request, exc.status, exc.message)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error on %s %s: %s", request.method, request.url.path, one_line(exc), exc_info=exc)
        return problem(request, 500, "internal error (the server log has the details)")
