from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from sitrep.ingest.feeds import WatchState, default_state_path, parse_feed
from sitrep.run.progress import Summary
from sitrep.run.watch import WatchOptions, parse_interval, watch, watch_once
from sitrep.types import Document, ReportError

from .test_fetch import fifty_mb
from .test_html import ARTICLE

LONG = " ".join(["Shelling hit the eastern districts of the city overnight, residents said."] * 8)


def rss(items: list[str], title: str = "Levant Monitor") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{title}</title><link>http://levant.example/</link>{''.join(items)}</channel></rss>"
    )


def item(
    guid: str,
    link: str | None,
    title: str,
    date: str | None = None,
    content: str | None = None,
    desc: str | None = None,
) -> str:
    parts = [f"<guid>{guid}</guid>", f"<title>{title}</title>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if date:
        parts.append(f"<pubDate>{date}</pubDate>")
    if desc:
        parts.append(f"<description><![CDATA[{desc}]]></description>")
    if content:
        parts.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    return "<item>" + "".join(parts) + "</item>"


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Monitor Atom</title><id>urn:m</id>
<updated>2018-04-07T10:00:00Z</updated>
<entry><id>urn:m:1</id><title>Douma</title><updated>2018-04-07T10:00:00Z</updated>
<content type="html">&lt;p&gt;{long}&lt;/p&gt;</content></entry>
</feed>""".format(long=LONG.replace("the city", "Douma"))


class Collect:
    """A sink that keeps what it was given."""

    def __init__(self) -> None:
        self.docs: list[Document] = []
        self.errors: list[ReportError] = []

    def __call__(self, batch):
        s = Summary()
        for d in batch:
            if isinstance(d, Document):
                if any(x.content_hash == d.content_hash for x in self.docs):
                    s.duplicates += 1
                    continue
                self.docs.append(d)
                s.ingested += 1
            else:
                self.errors.append(d)
                s.fail(d.report_id, d.reason)
        return s


@pytest.fixture
def feeds(server, tmp_path: Path):
    base = server.url("")
    server.add("/article/strike", ARTICLE)
    server.add("/article/broken", "down", status=500)
    server.add(
        "/feed.xml",
        rss(
            [
                item(
                    "a1",
                    f"{base}/article/full",
                    "Full content item",
                    "Fri, 07 Apr 2017 08:00:00 +0000",
                    content=f"<p>{LONG}</p>",
                ),
                item(
                    "a2",
                    f"{base}/article/strike",
                    "Airstrike kills 12",
                    "Sat, 08 Apr 2017 08:00:00 +0000",
                    desc="An airstrike...",
                ),
                item("a3", f"{base}/article/broken", "Broken page"),
                item("a4", "http://169.254.169.254/latest/meta-data/", "Metadata grab"),
            ]
        ),
        content_type="application/rss+xml",
        headers={"ETag": '"feed-v1"'},
    )
    server.add("/f500.xml", "error", status=500)
    server.add("/malformed.xml", "<rss><channel><<<>>> not xml", content_type="application/xml")
    server.add("/loop.xml", b"", status=302, headers={"Location": "/loop2.xml"})
    server.add("/loop2.xml", b"", status=302, headers={"Location": "/loop.xml"})
    server.add("/binary.xml", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", content_type="application/rss+xml")
    server.add("/huge.xml", fifty_mb, content_type="application/rss+xml")
    server.add("/article/binary", b"\x00\x01\x02PK\x03\x04", content_type="text/html")
    server.add("/article/huge", fifty_mb)
    server.add("/article/loop", b"", status=302, headers={"Location": "/article/loop"})
    server.add(
        "/pages.xml",
        rss([
            item("p1", f"{base}/article/binary", "Binary page"),
            item("p2", f"{base}/article/huge", "Huge page"),
            item("p3", f"{base}/article/loop", "Looping page"),
        ]),
        content_type="application/rss+xml",
    )  # fmt: skip
    atom = tmp_path / "monitor.atom"
    atom.write_text(ATOM, encoding="utf-8")
    return {
        "good": server.url("/feed.xml"),
        "pages": server.url("/pages.xml"),
        "f500": server.url("/f500.xml"),
        "malformed": server.url("/malformed.xml"),
        "loop": server.url("/loop.xml"),
        "binary": server.url("/binary.xml"),
        "huge": server.url("/huge.xml"),
        "private": "http://10.0.0.1/feed.xml",
        "atom": str(atom),
    }


def test_watch_ingests_once_and_records_errors(server, settings, feeds):
    sink = Collect()
    order = ["f500", "malformed", "good", "loop", "binary", "huge", "private", "pages", "atom"]
    s1 = watch_once([feeds[k] for k in order], settings, sink)

    # the good items, whatever failed around them
    by_title = {d.title: d for d in sink.docs}
    assert set(by_title) == {"Full content item", "Airstrike kills 12", "Douma"}  # the feed's titles
    full = by_title["Full content item"]
    assert full.text == LONG and full.published == "2017-04-07" and full.published_source == "feed"
    assert (
        full.publisher == "Levant Monitor" and server.hits.get("/article/full") is None
    )  # content from the feed
    page = by_title["Airstrike kills 12"]
    assert page.published == "2017-04-08" and page.published_source == "feed"  # feed date beats page metadata
    assert page.publisher == "Levant Monitor" and "killed at least 12 civilians" in page.text
    atom = by_title["Douma"]
    assert atom.published == "2018-04-07" and atom.id.startswith("monitor-")
    assert s1.ingested == 3

    reasons = dict(s1.failed)
    assert "HTTP 500" in reasons[feeds["f500"]]
    assert "malformed feed XML" in reasons[feeds["malformed"]]
    assert "redirect loop" in reasons[feeds["loop"]]
    assert "binary content" in reasons[feeds["binary"]]
    assert "too large" in reasons[feeds["huge"]]
    assert (
        "SSRF guard" in reasons[feeds["private"]] and "private address 10.0.0.1" in reasons[feeds["private"]]
    )
    item_errors = [e.reason for e in sink.errors]
    assert len(item_errors) == 5
    assert any("/article/broken: HTTP 500" in r for r in item_errors)  # the broken article
    assert any("link-local address 169.254.169.254" in r for r in item_errors)
    assert any("/article/binary: binary content" in r for r in item_errors)
    assert any("/article/huge: too large" in r for r in item_errors)
    assert any("/article/loop: redirect loop" in r for r in item_errors)
    assert len(s1.failed) == 11

    # a restart: new state object and fetcher, nothing fetched twice, nothing ingested
    hits_before = dict(server.hits)
    s2 = watch_once([feeds[k] for k in order], settings, sink)
    assert s2.ingested == 0 and s2.failed == []
    assert server.hits["/article/strike"] == hits_before["/article/strike"] == 1
    assert server.hits["/feed.xml"] == 2  # asked again, answered 304 (ETag)
    assert server.requests[-1][1].get("if-none-match") == '"feed-v1"' or any(
        h.get("if-none-match") == '"feed-v1"' for p, h in server.requests if p == "/feed.xml"
    )
    assert server.hits["/f500.xml"] == 1  # backing off: not asked again
    assert any("backing off" in n for n in s2.notes)
    assert any("not modified" in n for n in s2.notes)


def test_new_items_only_and_failed_items_retried(server, settings, feeds):
    sink = Collect()
    watch_once([feeds["good"]], settings, sink)
    assert len(sink.docs) == 2
    # the feed changes: one new item; the broken article is up again
    server.add("/article/new", ARTICLE.replace("12 civilians", "14 civilians"))
    server.add("/article/broken", ARTICLE.replace("12 civilians", "3 civilians"))
    base = server.url("")
    server.add(
        "/feed.xml",
        rss(
            [
                item("a5", f"{base}/article/new", "New one"),
                item("a1", f"{base}/article/full", "Full content item", content=f"<p>{LONG}</p>"),
                item("a2", f"{base}/article/strike", "Airstrike kills 12"),
                item("a3", f"{base}/article/broken", "Broken page"),
            ]
        ),
        content_type="application/rss+xml",
        headers={"ETag": '"feed-v2"'},
    )
    s = watch_once([feeds["good"]], settings, sink)
    assert s.ingested == 2 and s.failed == []
    assert server.hits["/article/new"] == 1 and server.hits["/article/strike"] == 1
    with WatchState.open(settings) as st:
        assert st.counts(feeds["good"]) == {"done": 4, "failed": 1}  # a4 (metadata address) stays failed


def test_failed_items_give_up_after_max_attempts(server, settings, feeds):
    sink = Collect()
    opts = WatchOptions(max_attempts=2)
    url = feeds["good"]
    for n in range(4):
        server.add(
            "/feed.xml",
            server.routes["/feed.xml"].body,
            content_type="application/rss+xml",
            headers={"ETag": f'"v{n}"'},
        )
        server.routes["/feed.xml"].body += b" "  # a changed body each time
        watch_once([url], settings, sink, opts=opts)
    assert server.hits["/article/broken"] == 2


def test_backoff_grows_and_resets(server, settings, feeds):
    sink = Collect()
    opts = WatchOptions(every=60)
    url = feeds["f500"]
    watch_once([url], settings, sink, opts=opts, now=1000.0)
    with WatchState.open(settings) as st:
        assert st.feed(url).next_try == 1060.0
    watch_once([url], settings, sink, opts=opts, now=1030.0)  # too early: skipped
    assert server.hits["/f500.xml"] == 1
    watch_once([url], settings, sink, opts=opts, now=1061.0)
    with WatchState.open(settings) as st:
        fs = st.feed(url)
        assert fs.failures == 2 and fs.next_try == 1061.0 + 120 and "HTTP 500" in fs.last_error
    server.add("/f500.xml", rss([]), content_type="application/rss+xml")
    watch_once([url], settings, sink, opts=opts, now=2000.0)
    with WatchState.open(settings) as st:
        assert st.feed(url).failures == 0


def test_same_link_in_two_feeds_fetched_once(server, settings):
    link = server.add("/article/strike", ARTICLE)
    a = server.add("/a.xml", rss([item("x1", link, "A")]), content_type="application/rss+xml")
    b = server.add("/b.xml", rss([item("y1", link, "B")], title="Other"), content_type="application/rss+xml")
    s = watch_once([a, b], settings, Collect())
    assert s.ingested == 1 and s.duplicates == 1 and server.hits["/article/strike"] == 1


def test_sink_failure_keeps_items_unseen(server, settings, feeds):
    def broken(batch):
        raise RuntimeError("database is locked")

    s = watch_once([feeds["atom"]], settings, broken)
    assert "database is locked" in dict(s.failed)[feeds["atom"]]
    sink = Collect()
    s = watch_once([feeds["atom"]], settings, sink, opts=WatchOptions(ignore_backoff=True))
    assert s.ingested == 1


def test_watch_loop_stops(server, settings, feeds):
    stop = threading.Event()
    rounds: list[Summary] = []

    def on_round(s):
        rounds.append(s)
        if len(rounds) == 2:
            stop.set()

    total = watch(
        [feeds["atom"]], settings, Collect(), WatchOptions(every=0.01), stop=stop, on_round=on_round
    )
    assert len(rounds) == 2 and total.ingested == 1


def test_parse_feed_errors_and_lenient():
    with pytest.raises(ReportError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body>hi</body></html>", "x")
    page = b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>x</body></html>'
    with pytest.raises(ReportError, match=r"links to feed\(s\): https://outlet.example/rss.xml"):
        parse_feed(page, "https://outlet.example/news")
    with pytest.raises(ReportError, match="empty feed"):
        parse_feed(b"  ", "x")
    p = parse_feed(rss([item("1", "http://a.example/1", "One"), "<item><title>B & C</title>"]).encode(), "x")
    assert [i.key for i in p.items][:1] == ["1"] and p.warning and "leniently" in p.warning


def test_state_path_and_interval(tmp_path):
    from sitrep.config import Settings

    assert default_state_path(Settings(db=str(tmp_path / "x.db"))) == Path(
        str(tmp_path / "x.db") + ".watch.sqlite"
    )
    pg = default_state_path(Settings(db="postgresql+psycopg://u@h/db", cache_dir=tmp_path))
    assert pg.parent == tmp_path and pg.name.startswith("watch-")
    assert default_state_path(Settings(watch_state=tmp_path / "w.sqlite")) == tmp_path / "w.sqlite"
    assert parse_interval("15m") == 900 and parse_interval("90s") == 90 and parse_interval("2h") == 7200
    with pytest.raises(ValueError):
        parse_interval("soon")


def test_cli_watch_once(server, settings, feeds, tmp_path, capsys, monkeypatch):
    from sitrep.cli import main

    monkeypatch.setenv("SITREP_FETCH_ALLOW_NETWORKS", "127.0.0.1/32")
    monkeypatch.setenv("SITREP_FETCH_HOST_DELAY", "0")
    args = ["watch", feeds["good"], feeds["f500"], "--once", "--documents", "--db", str(tmp_path / "cli.db")]
    rc = main(args)
    out, err = capsys.readouterr()
    docs = [json.loads(line) for line in out.splitlines()]
    assert rc == 1 and len(docs) == 2 and all(d["text"] for d in docs)
    assert "ingested 2, duplicates skipped 0, failed 3" in err and "HTTP 500" in err
    rc = main(args)
    out, err = capsys.readouterr()
    assert out == "" and "ingested 0" in err and "backing off" in err


def test_store_sink_restart_stores_nothing_twice(server, settings, feeds):
    pytest.importorskip("sqlalchemy")
    from sitrep.run.sinks import store_sink
    from sitrep.store import Store
    from sitrep.types import Extraction

    loads = []

    class NoEvents:  # stands in for the extractor: stores the documents without events
        def extract_many(self, docs):
            for d in docs:
                yield d if isinstance(d, ReportError) else Extraction(document=d, events=[])

    def factory():
        loads.append(1)
        return NoEvents()

    sink = store_sink(settings, extractor_factory=factory)
    assert sink is not None
    s1 = watch_once([feeds["good"], feeds["atom"], feeds["f500"]], settings, sink)
    assert s1.ingested == 3 and len(s1.failed) == 3  # two broken items, one broken feed
    s2 = watch_once([feeds["good"], feeds["atom"], feeds["f500"]], settings, sink)
    assert s2.ingested == 0 and s2.duplicates == 0 and s2.failed == []
    assert len(loads) == 1  # one extractor for all polls
    from sitrep.ingest.urls import read_url

    article = read_url(server.url("/article/strike"), settings)
    with Store.open(settings.db_url) as store:
        assert store.has_document(article)


def test_a_short_item_whose_page_cannot_be_fetched_keeps_the_feeds_text(server, settings):
    """Monitors publish one or two sentences per item: when the linked page fails, the item is kept with
    the feed's own text, and the run says so; an item with neither text nor page still fails."""
    from sitrep.run.sinks import jsonl_sink

    base = server.url("")
    server.add("/down", "down", status=503)
    short = "Shelling killed two civilians in Maarat al-Numan on Monday, the monitor said."
    server.add(
        "/short.xml",
        rss([
            item("s1", f"{base}/down", "Two killed", "Tue, 03 Apr 2018 08:00:00 +0000", desc=short),
            item("s2", "http://169.254.169.254/x", "Guarded link", content=f"<p>{short} Again.</p>"),
            item("s3", f"{base}/down", "Nothing to fall back on"),
        ]),
        content_type="application/rss+xml",
    )  # fmt: skip
    sink = Collect()
    s = watch_once([server.url("/short.xml")], settings, sink)
    by_title = {d.title: d for d in sink.docs}
    assert set(by_title) == {"Two killed", "Guarded link"}
    kept = by_title["Two killed"]
    assert kept.text == short and kept.published == "2018-04-03" and kept.publisher == "Levant Monitor"
    (note,) = kept.notes
    assert "HTTP 503" in note and "the feed's own text" in note
    assert "link-local" in by_title["Guarded link"].notes[0]
    (failed,) = sink.errors
    assert "HTTP 503" in failed.reason
    assert s.ingested == 2 and len(s.failed) == 1

    # what the run prints: the note, per document
    import io

    out = io.StringIO()
    s2 = jsonl_sink(out)([kept])
    assert s2.notes == [f"{kept.id}: {note}"]
