"""Who may call what, as the OpenAPI document says it: the bearer and cookie security schemes, the
documented error responses (problem details), and the sign-in, token and health endpoints."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from pydantic import BaseModel, Field

from sitrep import __version__
from sitrep.api import auth, models, tokens
from sitrep.api.tokens import Principal
from sitrep.store.query import INT64

Reader = Annotated[Principal | None, Depends(auth.can_read)]
Reviewer = Annotated[Principal, Depends(auth.require("reviewer"))]
Admin = Annotated[Principal, Depends(auth.require("admin"))]

SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer", "description": "a token from `sitrep token create`"},
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": auth.COOKIE,
        "description": "set by POST /api/v1/session; writes with it also need the X-CSRF-Token header",
    },
}
# Reading is open unless the server runs closed (`{}`: no credentials needed); writing needs a token.
READ_SECURITY = {"security": [{}, {"bearer": []}, {"session": []}]}
WRITE_SECURITY = {"security": [{"bearer": []}, {"session": []}]}

_WHY = {
    400: "the body is not JSON",
    401: "no valid token: none was sent where one is needed, or it is unknown or revoked",
    403: "the token's role is too weak, or a cookie write lacks its CSRF token or comes from another origin",
    404: "no such item",
    409: "the action conflicts with the incident's state (the detail says why)",
    413: "the request body is too large",
    422: "a parameter or body field is invalid (`errors` lists each)",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Route `responses` for these error statuses: problem details (RFC 9457)."""
    ref = {"$ref": "#/components/schemas/Problem"}
    return {c: {"description": _WHY[c], "content": {"application/problem+json": {"schema": ref}}} for c in codes}


def read_route(
    router: APIRouter, path: str, summary: str, *, codes: tuple[int, ...] = (401, 422),
    responses: dict[int | str, dict[str, Any]] | None = None, **kw: Any,
):  # fmt: skip
    """A GET route for anyone who may read: its problem-details statuses (`codes`) beside any other
    `responses`, and the read security that says no token is needed when the server runs open."""
    return router.get(
        path, summary=summary, responses={**(responses or {}), **errors(*codes)}, openapi_extra=READ_SECURITY, **kw
    )


router = APIRouter()


class SessionBody(BaseModel):
    token: str = Field(..., max_length=200)


class TokenBody(BaseModel):
    name: str = Field(..., min_length=1, max_length=200)
    role: Literal["reader", "reviewer", "admin"] = "reviewer"


@router.post(
    "/session",
    tags=["auth"],
    summary="sign in: check a token and set the session cookie",
    response_model=models.SessionState,
    responses=errors(400, 401, 403, 413, 422),
)
def sign_in(body: SessionBody, request: Request, response: Response) -> dict[str, Any]:
    origin = request.headers.get("origin")
    if origin and origin != auth.own_origin(request):
        raise HTTPException(status_code=403, detail="cross-origin sign-in refused")
    p = tokens.verify(request.app.state.store.engine, body.token.strip())
    if p is None:
        raise HTTPException(status_code=401, detail="unknown or revoked token")
    response.set_cookie(
        auth.COOKIE, body.token.strip(), httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/"
    )
    return {"signed_in": True, "name": p.name, "role": p.role, "csrf": p.csrf}


@router.get(
    "/session",
    tags=["auth"],
    summary="who is signed in (and the CSRF token for writes)",
    response_model=models.SessionState,
    response_model_exclude_none=True,
    responses=errors(401),
)
def session(request: Request) -> dict[str, Any]:
    p = auth.principal(request)
    read_open = request.app.state.settings.read_open
    if p is None:
        return {"signed_in": False, "read_open": read_open}
    return {"signed_in": True, "name": p.name, "role": p.role, "csrf": p.csrf, "read_open": read_open}


@router.delete(
    "/session",
    tags=["auth"],
    summary="sign out",
    response_model=models.SessionState,
    response_model_exclude_none=True,
    responses=errors(401, 403),
)
def sign_out(request: Request, response: Response) -> dict[str, Any]:
    auth.principal(request)  # a cookie session must show its CSRF token even to sign out
    response.delete_cookie(auth.COOKIE, path="/")
    return {"signed_in": False}


@router.get(
    "/tokens",
    tags=["auth"],
    summary="list tokens (admin)",
    response_model=models.TokenList,
    responses=errors(401, 403),
    openapi_extra=WRITE_SECURITY,
)
def get_tokens(request: Request, _: Admin) -> dict[str, Any]:
    return {"items": tokens.list_tokens(request.app.state.store.engine)}


@router.post(
    "/tokens",
    tags=["auth"],
    summary="create a token (admin); the secret is shown once",
    response_model=models.NewToken,
    responses=errors(400, 401, 403, 413, 422),
    openapi_extra=WRITE_SECURITY,
)
def post_token(request: Request, _: Admin, body: TokenBody) -> dict[str, Any]:
    tid, secret = tokens.create_token(request.app.state.store.engine, body.name, body.role)
    return {"id": tid, "name": body.name, "role": body.role, "token": secret}


@router.delete(
    "/tokens/{token_id}",
    tags=["auth"],
    summary="revoke a token (admin)",
    response_model=models.Revoked,
    responses=errors(401, 403, 404, 422),
    openapi_extra=WRITE_SECURITY,
)
def delete_token(request: Request, _: Admin, token_id: Annotated[int, Path(ge=1, le=INT64)]) -> dict[str, Any]:
    if not tokens.revoke(request.app.state.store.engine, token_id):
        raise HTTPException(status_code=404, detail=f"no active token {token_id}")
    return {"revoked": token_id}


@router.get("/health", tags=["meta"], summary="liveness", response_model=models.Health)
def health() -> dict[str, Any]:
    return {"ok": True, "version": __version__}
