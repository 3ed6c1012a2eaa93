from __future__ import annotations

from sitrep.ingest import read_path
from sitrep.ingest.urls import read_url, read_urls
from sitrep.types import Document, ReportError

from .test_html import ARTICLE


def test_read_path_accepts_urls(server, settings):
    url = server.add("/news/strike", ARTICLE)
    [doc] = list(read_path(url, settings))
    assert isinstance(doc, Document)
    assert doc.url == server.url("/news/2017/04/airstrike-market")  # canonical resolved against the page
    assert doc.origin == url and doc.published == "2017-04-07"
    assert "killed at least 12 civilians" in doc.text


def test_plain_text_url_with_dateline(server, settings):
    url = server.add(
        "/t.txt", "Fri 07 Apr 2017\nShelling killed five in Douma.\r\n", content_type="text/plain"
    )
    doc = read_url(url, settings, publisher="Wire")
    assert doc.text == "Fri 07 Apr 2017\nShelling killed five in Douma."
    assert doc.published == "2017-04-07" and doc.published_source == "dateline" and doc.publisher == "Wire"


def test_batch_of_urls_goes_on_after_failures(server, settings):
    ok = server.add("/ok", ARTICLE)
    server.add(
        "/feed",
        "<?xml version='1.0'?><rss version='2.0'><channel><title>x</title></channel></rss>",
        content_type="application/rss+xml",
    )
    server.add("/boom", "no", status=500)
    urls = [
        server.url("/boom"),
        "http://169.254.169.254/latest/",
        server.url("/feed"),
        ok,
        "http://10.0.0.1/",
    ]
    out = list(read_urls(urls, settings))
    assert [type(x).__name__ for x in out] == [
        "ReportError",
        "ReportError",
        "ReportError",
        "Document",
        "ReportError",
    ]
    reasons = [x.reason for x in out if isinstance(x, ReportError)]
    assert "HTTP 500" in reasons[0]
    assert "SSRF guard" in reasons[1] and "link-local" in reasons[1]
    assert "is a feed" in reasons[2] and "sitrep watch" in reasons[2]
    assert "private address 10.0.0.1" in reasons[3]
    assert server.hits.get("/ok") == 1


def test_ingest_reads_each_item_of_a_feed_url_or_file(server, settings, tmp_path):
    from .test_watch import LONG, item, rss

    link = server.add("/news/strike", ARTICLE)
    feed = rss(
        [
            item("1", link, "Strike", "Sat, 08 Apr 2017 06:00:00 +0000"),
            item("2", None, "Brief", content=f"<p>{LONG}</p>"),
        ]
    )
    url = server.add("/feed.rss", feed, content_type="application/rss+xml")
    docs = list(read_path(url, settings))
    assert [d.title for d in docs] == ["Strike", "Brief"]
    assert docs[0].published == "2017-04-08" and docs[0].published_source == "feed"
    assert "killed at least 12 civilians" in docs[0].text and docs[1].text == LONG
    local = tmp_path / "saved.rss"
    local.write_text(feed, encoding="utf-8")
    (tmp_path / "notes.xml").write_text("<notes><n>hello</n></notes>", encoding="utf-8")
    out = list(read_path(tmp_path, settings))
    assert sorted(type(x).__name__ for x in out) == ["Document", "Document", "ReportError"]
    [err] = [x for x in out if isinstance(x, ReportError)]
    assert "not an RSS or Atom feed" in err.reason
    assert server.hits["/news/strike"] == 2  # ingest keeps no memory; the store skips known texts
