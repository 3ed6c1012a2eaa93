"""Pure ASGI middleware (cheaper than BaseHTTPMiddleware): security headers, a request body limit,
and ETags with If-None-Match for the API's JSON reads.  Gzip is Starlette's GZipMiddleware."""

from __future__ import annotations

import hashlib
import json

from sitrep.config import Settings

MAX_BODY = 1_000_000  # bytes: the largest review body is a merge of 1,000 ids


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
    """CSP and friends on every response."""

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
                message["headers"] = list(message.get("headers", [])) + self.headers
            await send(message)

        return await self.app(scope, receive, send_with_headers)


def _problem(status: int, title: str, detail: str, path: str) -> tuple[dict, bytes]:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": path})
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())],
    }
    return start, body.encode()


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413: by Content-Length before reading, or while
    reading a body sent without one (chunked)."""

    def __init__(self, app, limit: int = MAX_BODY):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return await self._refuse(scope, send)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        try:
            return await self.app(scope, counted, send)
        except _TooLarge:
            return await self._refuse(scope, send)

    async def _refuse(self, scope, send):
        start, body = _problem(413, "Content Too Large", f"request body over {self.limit} bytes", scope.get("path", ""))
        await send(start)
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


class ETags:
    """A weak ETag (a hash of the body) on successful GETs of JSON under `prefix`; a request whose
    If-None-Match names it gets 304 and no body.  The body is buffered, so streamed responses (the
    exports) pass through untouched."""

    def __init__(self, app, prefix: str = "/api/"):
        self.app, self.prefix = app, prefix

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(self.prefix):
            return await self.app(scope, receive, send)
        start: dict | None = None
        chunks: list[bytes] = []
        passthrough = False

        async def buffered(message):
            nonlocal start, passthrough
            if passthrough:
                return await send(message)
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if message["status"] != 200 or not headers.get(b"content-type", b"").startswith(b"application/json"):
                    passthrough = True
                    return await send(message)
                start = message
                return None
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                await self._finish(scope, start, b"".join(chunks), send)
            return None

        return await self.app(scope, receive, buffered)

    @staticmethod
    async def _finish(scope, start: dict, body: bytes, send) -> None:
        tag = b'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        wanted = dict(scope.get("headers", [])).get(b"if-none-match", b"")
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"etag"] + [(b"etag", tag)]
        opaque = [t.strip().removeprefix(b"W/") for t in wanted.split(b",")]  # weak comparison (RFC 9110)
        if tag.removeprefix(b"W/") in opaque or wanted.strip() == b"*":
            kept = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"content-type")]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})
