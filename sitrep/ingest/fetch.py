"""Safe fetching of pages and feeds over HTTP(S).

`SafeFetcher(settings).get(url)` returns a `FetchResult` or raises `ReportError` with a one-line reason.
The guards, all applied before any byte is sent to a host:

- only http and https URLs; no user:password in them;
- the host name is resolved here, and *every* address it resolves to must be public (not loopback,
  private, link-local, multicast, reserved, shared, unspecified) unless `settings.allow_private_fetch`
  (everything allowed) or the address is in one of `settings.fetch_allow_networks` (CIDRs, e.g.
  "127.0.0.1/32" for tests against a local server);
- the connection then goes to the address that was checked (the host name travels in the Host header
  and TLS SNI), so a second DNS answer cannot slip a private address in (DNS rebinding);
- redirects are followed by hand, at most `settings.fetch_max_redirects` hops, each hop checked as above;
  a hop back to an URL already visited is reported as a redirect loop;
- a total deadline (`settings.fetch_timeout` seconds) besides httpx's per-operation timeouts;
- a size limit (`settings.fetch_max_bytes`): a larger Content-Length is refused before reading, and the
  body is read in chunks and abandoned as soon as it passes the limit;
- politeness: at least `settings.fetch_host_delay` seconds between two requests to one host (longer
  when the host's robots.txt asks for a Crawl-delay, up to MAX_CRAWL_DELAY);
- robots.txt (RFC 9309) is honoured for every URL fetched with `robots=True` (the default: pages, and
  URLs given to `sitrep ingest`, which may turn out to be feeds); `sitrep watch` polls the feeds the
  user subscribed to with `robots=False`, as feed readers do, but the pages their items link to are
  checked.  A robots.txt answering 4xx allows everything; 5xx or no answer disallows (for that poll);
  each host's rules are kept for ROBOTS_TTL seconds;
- DNS resolution has its own timeout (DNS_TIMEOUT, at most `fetch_timeout`): a resolver that does not
  answer is a one-line error, not a hang;
- content-type checks: only textual types (HTML, XML/feeds, plain text) are accepted, and a body that
  looks binary (NUL bytes) is refused whatever its declared type.

Proxies from the environment are ignored (`trust_env=False`) so that the guard sees the real peer.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from sitrep import __version__
from sitrep.config import Settings
from sitrep.types import ReportError

USER_AGENT = f"sitrep/{__version__} (+offline incident database; polite fetcher)"

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
)
TEXT_TYPES = ("text/plain",)
ACCEPTED_TYPES = HTML_TYPES + FEED_TYPES + TEXT_TYPES
REDIRECT_CODES = {301, 302, 303, 307, 308}

Resolver = Callable[[str, int], list[str]]

DNS_TIMEOUT = 10.0  # seconds for one host name to resolve
ROBOTS_TTL = 24 * 3600.0  # how long a host's robots.txt is trusted (RFC 9309: up to 24 h)
ROBOTS_MAX_BYTES = 512_000  # RFC 9309: parse at least 500 KiB
MAX_CRAWL_DELAY = 60.0  # a Crawl-delay above this is capped (one item a minute is still polite)


class _NoAnswer(Exception):
    """The resolver did not answer within the DNS timeout."""


@dataclass
class FetchResult:
    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    content: bytes = b""
    content_type: str = ""  # media type only, lower case ("text/html")
    charset: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    def text(self) -> str:
        return self.content.decode(self.charset or "utf-8", errors="replace")


class FetchError(ReportError):
    """A fetch that got an HTTP answer other than success; `retry_after` in seconds when the server
    said when to come back (429/503)."""

    def __init__(
        self, report_id: str, reason: str, status: int | None = None, retry_after: float | None = None
    ):
        super().__init__(report_id, reason)
        self.status = status
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        from email.utils import parsedate_to_datetime

        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for info in infos:
        addr = str(info[4][0]).split("%")[0]  # drop an IPv6 zone id
        if addr not in seen:
            seen.append(addr)
    return seen


def blocked_reason(ip: str) -> str | None:
    """Why an address must not be fetched from (None: it is a public address)."""
    addr = ipaddress.ip_address(ip)
    if isinstance(addr, ipaddress.IPv6Address):
        mapped = addr.ipv4_mapped or addr.sixtofour
        if mapped is not None:
            return blocked_reason(str(mapped))
    for attr, what in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_private", "private"),
    ):
        if getattr(addr, attr):
            return what
    if not addr.is_global:
        return "non-public"
    return None


def _media_type(header: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in header.split(";")]
    media = parts[0].lower()
    charset = None
    for p in parts[1:]:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset" and v.strip():
            charset = v.strip().strip("\"'")
    return media, charset


class SafeFetcher:
    """An HTTP client with an SSRF guard, limits and content checks.  Use as a context manager or
    call `close()`; one fetcher can serve many URLs."""

    def __init__(
        self,
        settings: Settings,
        *,
        resolver: Resolver | None = None,
        accept: tuple[str, ...] = ACCEPTED_TYPES,
        verify: Any = True,  # httpx's verify: True, or an ssl.SSLContext (tests use their own CA)
    ):
        import httpx

        self.settings = settings
        self.allow_private = settings.allow_private_fetch
        self.timeout = settings.fetch_timeout
        self.max_bytes = settings.fetch_max_bytes
        self.max_redirects = getattr(settings, "fetch_max_redirects", 5)
        self.resolver = resolver or system_resolver
        self.allow_networks = [
            ipaddress.ip_network(n, strict=False) for n in getattr(settings, "fetch_allow_networks", ())
        ]
        self.accept = accept
        self.host_delay = float(getattr(settings, "fetch_host_delay", 0.0) or 0.0)
        self.dns_timeout = min(DNS_TIMEOUT, self.timeout)
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, tuple[Any, float]] = {}  # "scheme://host:port" -> (rules, read at)
        self._crawl_delay: dict[str, float] = {}
        self._httpx = httpx
        self._client = httpx.Client(
            follow_redirects=False,
            trust_env=False,
            verify=verify,
            # No keep-alive: connections go to pinned addresses, so a pooled TLS connection verified for
            # one host name could otherwise be reused for another name on the same address.
            limits=httpx.Limits(max_keepalive_connections=0),
            timeout=httpx.Timeout(self.timeout),
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
                "application/xml;q=0.9, text/xml;q=0.9, text/plain;q=0.8",
                "Accept-Encoding": "gzip, deflate",
            },
        )

    def __enter__(self) -> SafeFetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- checks ---------------------------------------------------------------------------------
    def _exempt(self, ip: str) -> bool:
        addr = ipaddress.ip_address(ip)
        return any(addr in net for net in self.allow_networks if net.version == addr.version)

    def check_url(self, url: str) -> tuple[str, str, int]:
        """Validate an URL and its resolved addresses; returns (host, first checked address, port)."""
        host, addrs, port = self.checked_addresses(url)
        return host, addrs, port

    def checked_addresses(self, url: str) -> tuple[str, list[str], int]:
        """Validate an URL and every address its host resolves to; returns (host, addresses, port)."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as e:
            raise ReportError(url, f"invalid URL ({e})") from None
        if parts.scheme not in ("http", "https"):
            raise ReportError(
                url, f"refused: only http and https URLs are fetched, not {parts.scheme or 'no scheme'!r}"
            )
        if parts.username or parts.password:
            raise ReportError(url, "refused: URLs with credentials are not fetched")
        host = parts.hostname
        if not host:
            raise ReportError(url, "invalid URL: no host")
        port = port or (443 if parts.scheme == "https" else 80)
        try:
            ipaddress.ip_address(host)
            addrs = [host]
        except ValueError:
            try:
                addrs = self._resolve(host, port)
            except _NoAnswer:
                raise ReportError(url, f"cannot resolve host {host!r}: no answer within {self.dns_timeout:g}s") from None
            except (OSError, UnicodeError) as e:
                raise ReportError(url, f"cannot resolve host {host!r}: {e}") from None
        if not addrs:
            raise ReportError(url, f"cannot resolve host {host!r}: no address")
        if not self.allow_private:
            for a in addrs:
                if self._exempt(a):
                    continue
                why = blocked_reason(a)
                if why:
                    raise ReportError(
                        url,
                        f"refused: {host if host != a else 'it'} {'resolves to' if host != a else 'is a'} "
                        f"{why} address {a} (SSRF guard; "
                        "set SITREP_ALLOW_PRIVATE_FETCH=1 to allow)",
                    )
        return host, addrs, port

    def _resolve(self, host: str, port: int) -> list[str]:
        """The resolver's answer, or _NoAnswer after `dns_timeout`: getaddrinfo has no timeout of its
        own, so it runs in a daemon thread that is left behind if it hangs."""
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["addrs"] = self.resolver(host, port)
            except Exception as e:  # noqa: BLE001 - handed to the caller's thread
                box["error"] = e

        t = threading.Thread(target=run, name="sitrep-dns", daemon=True)
        t.start()
        t.join(self.dns_timeout)
        if t.is_alive():
            raise _NoAnswer(host)
        if "error" in box:
            raise box["error"]
        return box["addrs"]

    # -- robots.txt -----------------------------------------------------------------------------
    def _check_robots(self, url: str, origin: str) -> None:
        """ReportError unless the host's robots.txt lets us fetch `url` (an SSRF refusal of the URL
        itself comes first, with its own reason)."""
        self.checked_addresses(url)
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc.lower()}"
        cached = self._robots.get(site)
        if cached is None or time.monotonic() - cached[1] > ROBOTS_TTL:
            cached = (self._read_robots(site), time.monotonic())
            if not isinstance(cached[0], str):  # an unreachable robots.txt is asked again next time
                self._robots[site] = cached
        rules = cached[0]
        if isinstance(rules, str):
            raise ReportError(origin, f"robots.txt of {parts.netloc} unreachable ({rules}): not fetched")
        if rules is not None and not rules.can_fetch(USER_AGENT, url):
            raise ReportError(origin, f"disallowed by the robots.txt of {parts.netloc}: not fetched")

    def _read_robots(self, site: str):
        """A RobotFileParser for the site, None when it has no robots.txt (4xx: everything allowed), or
        the reason it could not be read (5xx, no answer: nothing allowed, RFC 9309 2.3.1.4)."""
        from urllib.robotparser import RobotFileParser

        try:
            res = self.get(f"{site}/robots.txt", robots=False)
        except FetchError as e:
            if e.status is not None and 400 <= e.status < 500:
                return None
            return e.reason
        except ReportError as e:
            # an empty file or a catch-all HTML page answering for it: no rules; anything else: unreachable
            return None if "empty response" in e.reason or "content type" in e.reason else e.reason
        rp = RobotFileParser()
        rp.parse(res.content[:ROBOTS_MAX_BYTES].decode("utf-8", "replace").splitlines())
        delay = rp.crawl_delay(USER_AGENT)
        if delay:
            self._crawl_delay[urlsplit(site).hostname or ""] = min(float(delay), MAX_CRAWL_DELAY)
        return rp

    # -- fetching -------------------------------------------------------------------------------
    def _wait_turn(self, host: str) -> None:
        """Politeness: at least `fetch_host_delay` seconds (or the host's Crawl-delay) between two
        requests to one host."""
        delay = max(self.host_delay, self._crawl_delay.get(host, 0.0))
        if delay <= 0:
            return
        last = self._last_request.get(host)
        if last is not None:
            wait = last + delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        self._last_request[host] = time.monotonic()

    def get(self, url: str, headers: dict[str, str] | None = None, *, robots: bool = True) -> FetchResult:
        """GET `url` following redirects safely.  304 (with conditional headers) is returned as is;
        other non-2xx answers raise ReportError.  With `robots`, every hop must be allowed by its
        host's robots.txt."""
        deadline = time.monotonic() + self.timeout
        visited = [url]
        current = url
        while True:
            try:
                if robots:
                    self._check_robots(current, url)
                resp_status, resp_headers, body = self._one(current, url, headers or {}, deadline)
            except ReportError as e:
                if current == url or isinstance(e, FetchError):
                    raise
                raise ReportError(url, f"redirected to {current}: {e.reason}") from None
            if resp_status in REDIRECT_CODES:
                loc = resp_headers.get("location")
                if not loc:
                    raise ReportError(url, f"HTTP {resp_status} redirect without a Location header")
                nxt = urljoin(current, loc.strip())
                if nxt in visited:
                    raise ReportError(url, f"redirect loop ({' -> '.join(visited + [nxt])[:300]})")
                if len(visited) > self.max_redirects:
                    raise ReportError(url, f"too many redirects (more than {self.max_redirects})")
                visited.append(nxt)
                current = nxt
                continue
            if resp_status == 304:
                return FetchResult(url, current, 304, headers=resp_headers, redirects=visited[1:])
            if not 200 <= resp_status < 300:
                raise FetchError(
                    url,
                    f"HTTP {resp_status} from {urlsplit(current).netloc}",
                    status=resp_status,
                    retry_after=_retry_after(resp_headers.get("retry-after")),
                )
            media, charset = _media_type(resp_headers.get("content-type", ""))
            self._check_content(url, media, body)
            return FetchResult(
                url=url,
                final_url=current,
                status=resp_status,
                content=body,
                content_type=media,
                charset=charset,
                headers=resp_headers,
                redirects=visited[1:],
            )

    def _type_ok(self, media: str) -> bool:
        return not media or media in self.accept or media.endswith("+xml")

    def _check_content(self, url: str, media: str, body: bytes) -> None:
        if not self._type_ok(media):
            raise ReportError(
                url, f"unsupported content type {media!r} (expected HTML, a feed or plain text)"
            )
        if b"\x00" in body[:8192]:
            raise ReportError(url, f"binary content (NUL bytes) served as {media or 'no content type'}")
        if not body.strip():
            raise ReportError(url, "empty response")

    def _one(
        self, url: str, origin: str, headers: dict[str, str], deadline: float
    ) -> tuple[int, dict[str, str], bytes]:
        httpx = self._httpx
        host, addrs, port = self.checked_addresses(url)
        parts = urlsplit(url)
        default_port = 443 if parts.scheme == "https" else 80
        try:
            ascii_host = host if ":" in host else host.encode("idna").decode("ascii")
        except UnicodeError:
            raise ReportError(origin, f"invalid host name {host!r}") from None
        host_header = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
        if parts.port:
            host_header += f":{parts.port}"
        req_headers = {"Host": host_header, **headers}
        self._wait_turn(ascii_host)
        extensions = {"sni_hostname": ascii_host} if parts.scheme == "https" else {}
        resp = None
        for i, addr in enumerate(addrs[:3]):  # the checked addresses in turn, should one not answer
            ip_host = f"[{addr}]" if ":" in addr else addr
            netloc = ip_host if port == default_port else f"{ip_host}:{port}"
            pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
            try:
                req = self._client.build_request("GET", pinned, headers=req_headers, extensions=extensions)
                resp = self._client.send(req, stream=True)
                break
            except httpx.ConnectError as e:
                if i + 1 < min(3, len(addrs)) and time.monotonic() < deadline:
                    continue
                raise ReportError(origin, f"cannot fetch {url}: {type(e).__name__}: {e}") from None
            except httpx.TimeoutException:
                raise ReportError(origin, f"timed out after {self.timeout:g}s fetching {url}") from None
            except httpx.HTTPError as e:
                raise ReportError(origin, f"cannot fetch {url}: {type(e).__name__}: {e}") from None
        assert resp is not None
        try:
            rh = {k.lower(): v for k, v in resp.headers.items()}
            if resp.status_code in REDIRECT_CODES or resp.status_code == 304 or resp.status_code >= 300:
                return resp.status_code, rh, b""
            declared = rh.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise ReportError(
                    origin,
                    f"too large: {int(declared):,} bytes declared (limit {self.max_bytes:,}; fetch_max_bytes)",
                )
            media, _ = _media_type(rh.get("content-type", ""))
            if not self._type_ok(media):
                raise ReportError(
                    origin, f"unsupported content type {media!r} (expected HTML, a feed or plain text)"
                )
            chunks: list[bytes] = []
            size = 0
            try:
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise ReportError(
                            origin, f"too large: more than {self.max_bytes:,} bytes (fetch_max_bytes)"
                        )
                    if time.monotonic() > deadline:
                        raise ReportError(origin, f"timed out after {self.timeout:g}s reading {url}")
                    chunks.append(chunk)
            except httpx.TimeoutException:
                raise ReportError(origin, f"timed out after {self.timeout:g}s reading {url}") from None
            except httpx.HTTPError as e:
                raise ReportError(origin, f"cannot read {url}: {type(e).__name__}: {e}") from None
            return resp.status_code, rh, b"".join(chunks)
        finally:
            resp.close()


@contextmanager
def borrowed(fetcher: SafeFetcher | None, settings: Settings) -> Iterator[SafeFetcher]:
    """The caller's fetcher (left open: the caller owns it), or a new one, closed when done."""
    if fetcher is not None:
        yield fetcher
        return
    with SafeFetcher(settings) as own:
        yield own
