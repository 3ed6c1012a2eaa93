"""robots.txt and DNS timeouts in the fetcher (issue 14): pages honour the host's robots.txt, feeds the
user subscribed to are polled regardless, and a resolver that does not answer is an error, not a hang."""

from __future__ import annotations

import time

import pytest

from sitrep.ingest.fetch import SafeFetcher
from sitrep.run.watch import watch_once
from sitrep.types import ReportError

from .test_fetch import PAGE
from .test_watch import Collect, item, rss

ROBOTS = "User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n"


def _robots(server, body: str | bytes = ROBOTS, status: int = 200) -> None:
    server.add("/robots.txt", body, status=status, content_type="text/plain")


def test_pages_disallowed_by_robots_txt_are_not_fetched(server, settings):
    _robots(server)
    for path in ("/ok", "/private/a"):
        server.add(path, PAGE)
    with SafeFetcher(settings) as f:
        assert f.get(server.url("/ok")).status == 200  # only otherbot is kept out of everything
        with pytest.raises(ReportError, match="disallowed by the robots.txt of 127.0.0.1"):
            f.get(server.url("/private/a"))
        assert f.get(server.url("/private/a"), robots=False).status == 200  # a subscribed feed's way
    assert server.hits.get("/private/a") == 1
    assert server.hits["/robots.txt"] == 1  # read once per host


def test_a_group_for_sitrep_is_the_one_it_follows(server, settings):
    _robots(server, "User-agent: *\nDisallow: /\n\nUser-agent: sitrep\nDisallow: /no-sitrep/\n")
    for path in ("/news/1", "/no-sitrep/b"):
        server.add(path, PAGE)
    with SafeFetcher(settings) as f:
        assert f.get(server.url("/news/1")).status == 200  # RFC 9309: the most specific group only
        with pytest.raises(ReportError, match="disallowed by the robots.txt"):
            f.get(server.url("/no-sitrep/b"))
    assert server.hits.get("/no-sitrep/b") is None


def test_a_redirect_into_a_disallowed_path_is_refused(server, settings):
    _robots(server)
    server.add("/private/x", PAGE)
    url = server.add("/go", b"", status=302, headers={"Location": "/private/x"})
    with SafeFetcher(settings) as f, pytest.raises(ReportError, match="disallowed by the robots.txt"):
        f.get(url)
    assert server.hits.get("/private/x") is None


@pytest.mark.parametrize("status,allowed", [(404, True), (410, True), (500, False), (503, False)])
def test_robots_txt_status(server, settings, status, allowed):
    _robots(server, "nope", status=status)
    url = server.add("/page", PAGE)
    with SafeFetcher(settings) as f:
        if allowed:
            assert f.get(url).status == 200
        else:
            with pytest.raises(ReportError, match=f"robots.txt of .* unreachable .*HTTP {status}"):
                f.get(url)


def test_crawl_delay_is_honoured(server, settings):
    _robots(server, "User-agent: *\nCrawl-delay: 1\n")
    url = server.add("/a", PAGE)
    with SafeFetcher(settings) as f:
        # The delay runs from the start of one request to the start of the next; both start after t0.
        t0 = time.monotonic()
        f.get(url)
        f.get(url)
        assert time.monotonic() - t0 >= 1.0


def test_watch_polls_a_subscribed_feed_but_not_disallowed_pages(server, settings):
    _robots(server, "User-agent: *\nDisallow: /\n")
    base = server.url("")
    server.add("/article/1", PAGE)
    teaser = "Gunmen killed a village chief near Gao on Sunday, local officials said."
    server.add("/feeds/all.xml", rss([item("r1", f"{base}/article/1", "Chief killed", desc=teaser)]),
               content_type="application/rss+xml")
    sink = Collect()
    s = watch_once([server.url("/feeds/all.xml")], settings, sink)
    (doc,) = sink.docs
    assert doc.text == teaser and "disallowed by the robots.txt" in doc.notes[0]
    assert server.hits["/feeds/all.xml"] == 1 and server.hits.get("/article/1") is None
    assert s.ingested == 1 and not s.failed


def test_dns_resolution_has_a_timeout(settings):
    settings.fetch_timeout = 0.5

    def hanging(host, port):
        time.sleep(5)
        return ["93.184.216.34"]

    with SafeFetcher(settings, resolver=hanging) as f:
        t0 = time.monotonic()
        with pytest.raises(ReportError, match="cannot resolve host 'slow.example': no answer within 0.5s"):
            f.get("http://slow.example/", robots=False)
        assert time.monotonic() - t0 < 2


def test_resolver_errors_still_read_as_before(settings):
    def failing(host, port):
        raise OSError("Name or service not known")

    with SafeFetcher(settings, resolver=failing) as f, pytest.raises(ReportError, match="Name or service not known"):
        f.get("http://nowhere.example/")
