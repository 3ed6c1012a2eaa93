from __future__ import annotations

import pytest

from sitrep.config import Settings
from sitrep.ingest.fetch import FetchError, SafeFetcher, blocked_reason
from sitrep.types import ReportError

PAGE = "<html><head><title>T</title></head><body><p>Hello.</p></body></html>"


def fifty_mb():
    chunk = b"<p>" + b"x" * 65_530 + b"</p>"
    for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
        yield chunk


def test_get_ok_and_conditional(server, settings):
    url = server.add("/a", PAGE, headers={"ETag": '"v1"', "Last-Modified": "Fri, 07 Apr 2017 10:00:00 GMT"})
    with SafeFetcher(settings) as f:
        r = f.get(url)
        assert r.status == 200 and r.content_type == "text/html" and r.charset == "utf-8"
        assert b"Hello." in r.content
        assert r.etag == '"v1"' and r.last_modified.startswith("Fri")
        r2 = f.get(url, headers={"If-None-Match": '"v1"'})
        assert r2.not_modified and r2.content == b""
    # the Host header carries the name asked for, not the pinned address
    assert server.requests[0][1]["host"] == f"127.0.0.1:{server.port}"


def test_loopback_refused_without_exemption(server, tmp_path):
    url = server.add("/a", PAGE)
    s = Settings(cache_dir=tmp_path, fetch_allow_networks=())
    with SafeFetcher(s) as f, pytest.raises(ReportError, match="loopback address 127.0.0.1"):
        f.get(url)
    assert server.hits == {}


@pytest.mark.parametrize(
    "url, what",
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.0.0.1/admin", "private"),
        ("http://[::ffff:10.0.0.1]/", "private"),
        ("http://[fe80::1]/", "link-local"),
        ("http://0.0.0.0/", "unspecified"),
    ],
)
def test_ssrf_guard_refuses_before_connecting(settings, url, what):
    with SafeFetcher(settings) as f:
        f._client.send = lambda *a, **k: pytest.fail("the guard let a request through")  # type: ignore[method-assign]
        with pytest.raises(ReportError, match=f"refused: .*{what}.*SSRF guard"):
            f.get(url)


def test_every_resolved_address_is_checked(settings):
    # a name with one public and one private address is refused
    resolver = lambda host, port: ["93.184.216.34", "10.0.0.1"]  # noqa: E731
    with SafeFetcher(settings, resolver=resolver) as f:
        f._client.send = lambda *a, **k: pytest.fail("connected")  # type: ignore[method-assign]
        with pytest.raises(ReportError, match="private address 10.0.0.1"):
            f.get("http://mixed.example/")


def test_redirect_hop_to_private_address_refused(server, settings):
    url = server.add("/go", b"", status=302, headers={"Location": "http://169.254.169.254/latest/"})
    with (
        SafeFetcher(settings) as f,
        pytest.raises(
            ReportError, match="redirected to http://169.254.169.254/latest/: refused: .*link-local"
        ),
    ):
        f.get(url)
    assert server.hits == {"/robots.txt": 1, "/go": 1}  # the private hop is never contacted


def test_redirects_followed_and_loop_detected(server, settings):
    server.add("/old", b"", status=301, headers={"Location": "/new"})
    server.add("/new", PAGE)
    server.add("/loop1", b"", status=302, headers={"Location": "/loop2"})
    server.add("/loop2", b"", status=302, headers={"Location": "/loop1"})
    for i in range(10):
        server.add(f"/chain{i}", b"", status=302, headers={"Location": f"/chain{i + 1}"})
    with SafeFetcher(settings) as f:
        r = f.get(server.url("/old"))
        assert r.final_url == server.url("/new") and r.redirects == [server.url("/new")]
        with pytest.raises(ReportError, match="redirect loop"):
            f.get(server.url("/loop1"))
        with pytest.raises(ReportError, match="too many redirects"):
            f.get(server.url("/chain0"))
    assert server.hits["/loop1"] == 1 and server.hits["/loop2"] == 1
    assert sum(v for k, v in server.hits.items() if k.startswith("/chain")) == 6  # 1 + 5 hops


def test_size_limits(server, settings):
    server.add("/big", fifty_mb)  # streamed, no Content-Length
    server.add("/declared", b"x" * 10, headers={"Content-Length": "52428800"})
    with SafeFetcher(settings) as f:
        with pytest.raises(ReportError, match="too large: more than 2,000,000 bytes"):
            f.get(server.url("/big"))
    assert server.hits["/big"] == 1


def test_declared_length_refused_before_reading(server, settings):
    def gen():
        yield b"x" * 100

    url = server.add("/declared", gen, headers={"Content-Length": "52428800"})
    with SafeFetcher(settings) as f, pytest.raises(ReportError, match="52,428,800 bytes declared"):
        f.get(url)


def test_binary_and_content_type(server, settings):
    server.add("/bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00", content_type="image/png")
    server.add("/disguised", b"GIF89a\x00\x01\x00\x00<html>", content_type="text/html")
    server.add("/oct", b"abc", content_type="application/octet-stream")
    with SafeFetcher(settings) as f:
        with pytest.raises(ReportError, match="unsupported content type 'image/png'"):
            f.get(server.url("/bin"))
        with pytest.raises(ReportError, match="binary content"):
            f.get(server.url("/disguised"))
        with pytest.raises(ReportError, match="octet-stream"):
            f.get(server.url("/oct"))


def test_http_errors(server, settings):
    server.add("/boom", "oops", status=500)
    server.add("/busy", "later", status=503, headers={"Retry-After": "120"})
    with SafeFetcher(settings) as f:
        with pytest.raises(FetchError, match="HTTP 500") as e:
            f.get(server.url("/boom"))
        assert e.value.status == 500
        with pytest.raises(FetchError) as e:
            f.get(server.url("/busy"))
        assert e.value.retry_after == 120
        with pytest.raises(ReportError, match="HTTP 404"):
            f.get(server.url("/missing"))


@pytest.mark.parametrize(
    "url, reason",
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://example.org/x", "only http and https"),
        ("http://user:pw@example.org/", "credentials"),
        ("http:///nohost", "no host"),
    ],
)
def test_bad_urls(settings, url, reason):
    with SafeFetcher(settings) as f, pytest.raises(ReportError, match=reason):
        f.get(url)


def test_blocked_reason():
    assert blocked_reason("8.8.8.8") is None
    assert blocked_reason("127.0.0.1") == "loopback"
    assert blocked_reason("192.168.1.1") == "private"
    assert blocked_reason("100.64.0.1") is not None  # shared address space (CGNAT)
    assert blocked_reason("::1") == "loopback"
    assert blocked_reason("224.0.0.1") == "multicast"


def _self_signed(tmp_path, name: str):
    import shutil
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("openssl not available")
    key, crt = tmp_path / f"{name}.key", tmp_path / f"{name}.crt"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
         "-addext", f"subjectAltName=DNS:{name}", "-keyout", str(key), "-out", str(crt)],
        check=True, capture_output=True,
    )  # fmt: skip
    return key, crt


def test_https_pinned_address_keeps_sni_and_certificate_check(server, settings, tmp_path):
    import ssl

    key, crt = _self_signed(tmp_path, "news.test")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(crt, key)
    server.httpd.socket = ctx.wrap_socket(server.httpd.socket, server_side=True)
    server.add("/a", PAGE)
    client_ctx = ssl.create_default_context(cafile=str(crt))
    resolver = lambda host, port: ["127.0.0.1"] if host in ("news.test", "other.test") else []  # noqa: E731
    with SafeFetcher(settings, resolver=resolver, verify=client_ctx) as f:
        r = f.get(f"https://news.test:{server.port}/a")
        assert r.status == 200 and b"Hello." in r.content
        assert server.requests[-1][1]["host"] == f"news.test:{server.port}"
        # the certificate is still checked against the name asked for, not the pinned address
        with pytest.raises(ReportError, match="cannot fetch"):
            f.get(f"https://other.test:{server.port}/a")


def test_polite_delay_between_requests_to_one_host(server, settings):
    import time

    settings.fetch_host_delay = 0.2
    url = server.add("/a", PAGE)
    with SafeFetcher(settings) as f:
        t0 = time.monotonic()
        f.get(url)
        f.get(url)
        assert time.monotonic() - t0 >= 0.2


def test_next_checked_address_tried_when_one_does_not_answer(server, settings):
    # the server listens on 127.0.0.1 only: the IPv6 loopback refuses, the next address answers
    settings.fetch_allow_networks = ("127.0.0.1/32", "::1/128")
    server.add("/a", PAGE)
    resolver = lambda host, port: ["::1", "127.0.0.1"]  # noqa: E731
    with SafeFetcher(settings, resolver=resolver) as f:
        r = f.get(f"http://dual.test:{server.port}/a")
    assert r.status == 200 and b"Hello." in r.content
