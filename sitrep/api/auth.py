"""Who is calling, and may they?

Two ways to present a token:

- `Authorization: Bearer <token>` (scripts, other systems).  Browsers never attach it on their own, so
  such calls cannot be forged cross-site and need nothing else.
- The `sitrep_session` cookie, set by `POST /api/session` when someone signs in on the web page
  (HttpOnly, SameSite=Strict, so page scripts cannot read it and other sites do not send it).  A write
  with the cookie must also carry `X-CSRF-Token` (derived from the token; the page gets it from
  `/api/session`) and, when the browser sends one, an `Origin` equal to this server's.

Reading is open unless `Settings.read_open` is false; then any valid token may read.  Writes need
reviewer (review actions) or admin (token management).  No valid token -> 401; too weak a role -> 403.
"""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request

from sitrep.api import tokens
from sitrep.api.tokens import Principal

COOKIE = "sitrep_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _unauthorized(msg: str = "a valid token is needed: Authorization: Bearer <token>") -> HTTPException:
    return HTTPException(status_code=401, detail=msg, headers={"WWW-Authenticate": "Bearer"})


def principal(request: Request) -> Principal | None:
    """The caller's principal, or None when no token was presented.  A presented but invalid token is a
    401; a cookie-authenticated write without a matching CSRF token (or from another origin) is a 403."""
    engine = request.app.state.store.engine
    header = request.headers.get("authorization")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise _unauthorized("malformed Authorization header; use: Bearer <token>")
        p = tokens.verify(engine, secret.strip())
        if p is None:
            raise _unauthorized("unknown or revoked token")
        return p
    secret = request.cookies.get(COOKIE)
    if not secret:
        return None
    p = tokens.verify(engine, secret)
    if p is None:
        return None  # a stale cookie is as good as none; the page asks to sign in again
    if request.method not in SAFE_METHODS:
        check_csrf(request, p)
    return p


def check_csrf(request: Request, p: Principal) -> None:
    sent = request.headers.get(CSRF_HEADER, "")
    if not hmac.compare_digest(sent.encode(), p.csrf.encode()):
        raise HTTPException(status_code=403, detail="missing or wrong X-CSRF-Token for a cookie session")
    origin = request.headers.get("origin")
    if origin and origin != own_origin(request):
        raise HTTPException(status_code=403, detail="cross-origin write refused")


def own_origin(request: Request) -> str:
    host = request.headers.get("host") or f"{request.url.hostname}:{request.url.port}"
    return f"{request.url.scheme}://{host}"


def can_read(request: Request) -> Principal | None:
    """Dependency for reads: open by default; with reading closed, any valid token."""
    p = principal(request)
    if p is None and not request.app.state.settings.read_open:
        raise _unauthorized("reading needs a token on this server")
    return p


def require(role: str):
    """Dependency factory for writes: a token of at least `role`."""

    def dep(request: Request) -> Principal:
        p = principal(request)
        if p is None:
            raise _unauthorized()
        if not p.can(role):
            raise HTTPException(status_code=403, detail=f"this needs the {role} role; your token is {p.role}")
        return p

    dep.__name__ = f"require_{role}"
    return dep
