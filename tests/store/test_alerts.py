"""Alerts: saved filters whose new or changed incidents reach a webhook (signed, retried, recorded) and
an Atom feed that a feed reader (feedparser) follows."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from merge.reports import ARIHA, KABUL, SARAQIB, claim, extraction, report

from sitrep.errors import InvalidInput, NotFound
from sitrep.run import alerts as run_alerts
from sitrep.store import alerts
from sitrep.store.query import Filters

T0 = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


class Receiver:
    """A webhook receiver on 127.0.0.1: answers each POST with the next of `statuses` (then 200)."""

    def __init__(self, statuses: list[int] | None = None):
        self.posts: list[tuple[dict[str, str], bytes]] = []
        self.statuses = list(statuses or [])
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.posts.append(({k: v for k, v in self.headers.items()}, body))
                self.send_response(outer.statuses.pop(0) if outer.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def _strike(doc_id: str, killed: int, location=SARAQIB, publisher: str = "Outlet", text: str | None = None):
    t = text or f"An air strike killed {killed} people in {location.name} on Wednesday."
    return extraction(report(doc_id, t, publisher), claim(t, location=location, killed=(killed, killed, None)))


def test_news_are_new_then_changed_never_twice(store):
    alerts.add_alert(store, "syria", Filters(country="SY", min_killed=5))
    store.add_extraction(_strike("a", 9))  # matches
    store.add_extraction(_strike("b", 2, ARIHA))  # too few killed
    store.add_extraction(_strike("c", 30, KABUL))  # elsewhere
    [(alert, found)] = alerts.news(store, datetime.now(UTC) + timedelta(seconds=1))
    assert alert.name == "syria" and [(i["location"]["name"], ch) for i, ch in found] == [("Saraqib", "new")]
    assert alerts.news(store, datetime.now(UTC) + timedelta(seconds=2)) == []  # nothing new: nothing said
    # a second report of the same strike raises the toll: the incident changed
    store.add_extraction(_strike("a2", 12, publisher="Other Outlet",
                                 text="Twelve people were killed in an air strike in Saraqib on Wednesday."))  # fmt: skip
    [(_, found)] = alerts.news(store, datetime.now(UTC) + timedelta(seconds=3))
    assert [ch for _, ch in found] == ["changed"] and found[0][0]["n_claims"] == 2


def test_alert_names_and_filters_are_checked(store):
    with pytest.raises(InvalidInput):
        alerts.add_alert(store, "../etc", Filters())
    with pytest.raises(InvalidInput):
        alerts.add_alert(store, "x", Filters(), webhook_url="file:///etc/passwd")
    alerts.add_alert(store, "x", Filters(event_type="Battles"))
    with pytest.raises(InvalidInput):
        alerts.add_alert(store, "x", Filters())
    assert [a["filters"] for a in alerts.list_alerts(store)] == [{"type": "Battles"}]
    alerts.remove_alert(store, "x")
    with pytest.raises(NotFound):
        alerts.remove_alert(store, "x")


def test_webhook_signed_retried_with_backoff_and_recorded(store):
    r = Receiver(statuses=[503, 500])
    try:
        alerts.add_alert(store, "any", Filters(), webhook_url=r.url, secret="s3cret")
        store.add_extraction(_strike("a", 9))
        now = datetime.now(UTC) + timedelta(seconds=1)
        s = run_alerts.check_alerts(store, now=now)
        assert (s.incidents, s.delivered, s.retrying) == (1, 0, 1)
        # not due yet: nothing sent; due after the back-off (30 s, then 60 s)
        assert run_alerts.check_alerts(store, now=now + timedelta(seconds=10)).retrying == 0 and len(r.posts) == 1
        assert run_alerts.check_alerts(store, now=now + timedelta(seconds=31)).retrying == 1
        assert run_alerts.check_alerts(store, now=now + timedelta(seconds=92)).delivered == 1
        assert len(r.posts) == 3 and len({body for _, body in r.posts}) == 1  # the same body each time
        [d] = alerts.deliveries(store, "any")
        assert (d["status"], d["attempts"], d["http_status"]) == ("delivered", 3, 200)
        headers, body = r.posts[-1]
        ts = datetime.fromtimestamp(int(headers["X-Sitrep-Timestamp"]), UTC)
        assert run_alerts.verify("s3cret", body, headers, now=ts)
        assert not run_alerts.verify("wrong", body, headers, now=ts)
        assert not run_alerts.verify("s3cret", body + b" ", headers, now=ts)  # tampered
        assert not run_alerts.verify("s3cret", body, headers, now=ts + timedelta(hours=1))  # replayed late
        payload = json.loads(body)
        assert payload["alert"] == "any" and payload["incidents"][0]["change"] == "new"
        assert payload["incidents"][0]["path"] == f"/incidents/{payload['incidents'][0]['id']}"
    finally:
        r.close()


def test_undeliverable_webhook_gives_up(store):
    alerts.add_alert(store, "dead", Filters(), webhook_url="http://127.0.0.1:9/hook")  # discard port: refused
    store.add_extraction(_strike("a", 9))
    now = datetime.now(UTC) + timedelta(seconds=1)
    for k in range(run_alerts.MAX_ATTEMPTS):
        s = run_alerts.check_alerts(store, now=now + timedelta(hours=k))
    assert s.failed and "after 6 attempts" in s.failed[0]
    [d] = alerts.deliveries(store, "dead")
    assert d["status"] == "failed" and d["attempts"] == run_alerts.MAX_ATTEMPTS and d["error"]


def test_atom_feed_reads_in_a_feed_reader(store):
    feedparser = pytest.importorskip("feedparser")
    alerts.add_alert(store, "syria", Filters(country="SY"))
    store.add_extraction(_strike("a", 9))
    alerts.news(store, datetime.now(UTC) + timedelta(seconds=1))
    alert, entries = alerts.feed_entries(store, "syria")
    xml = alerts.atom_feed(alert, entries, "http://sitrep.example", "http://sitrep.example/api/v1/alerts/syria.atom")
    feed = feedparser.parse(xml)
    assert not feed.bozo and feed.version == "atom10"
    [entry] = feed.entries
    assert entry.title.startswith("Air/drone strike in Saraqib, Syria") and entry.title.endswith("9 killed")
    assert entry.link.startswith("http://sitrep.example/incidents/") and entry.id.startswith("urn:sitrep:incident:")
    assert feed.feed.title == "sitrep alert: syria"


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Levant Wire</title><link>http://levant.example/</link>
<item><guid isPermaLink="false">levant-1</guid><title>Air strike on Aleppo market</title><pubDate>Tue, 07 May 2019 09:00:00 +0000</pubDate>
<description>An air strike killed seven civilians in a market in Aleppo, Syria, on Monday, the Syrian Observatory for
Human Rights said.</description></item>
</channel></rss>"""


def test_watch_delivers_one_signed_post_and_the_feed_lists_it(tmp_path, receiver, capsys):
    """End to end: an alert saved with the CLI, `sitrep watch` ingests a new feed item, the webhook gets
    exactly one signed POST, and the Atom feed served by the API lists the incident."""
    feedparser = pytest.importorskip("feedparser")
    from fastapi.testclient import TestClient

    from sitrep.api import create_app
    from sitrep.cli import main
    from sitrep.config import Settings

    db, feed = str(tmp_path / "watch.db"), tmp_path / "levant.xml"
    feed.write_text(FEED, encoding="utf-8")
    assert main(["alerts", "add", "syria", "--country", "SY", "--min-killed", "5", "--webhook", receiver.url,
                 "--secret", "k3y", "--db", db]) == 0  # fmt: skip
    assert main(["alerts", "add", "kabul", "--country", "AF", "--db", db]) == 0  # matches nothing here
    assert main(["watch", str(feed), "--once", "--db", db]) == 0
    assert main(["watch", str(feed), "--once", "--db", db]) == 0  # nothing new: no second POST
    err = capsys.readouterr().err
    assert "alerts: 1 new or changed incident(s) for 1 alert(s); 1 webhook delivery(ies) made" in err

    [(headers, body)] = receiver.posts
    sent = datetime.fromtimestamp(int(headers["X-Sitrep-Timestamp"]), UTC)
    assert run_alerts.verify("k3y", body, headers, now=sent) and headers["X-Sitrep-Alert"] == "syria"
    [inc] = json.loads(body)["incidents"]
    assert inc["location"]["name"] == "Aleppo" and inc["fatalities"]["best"] == 7 and inc["change"] == "new"

    with TestClient(create_app(Settings(db=db))) as client:
        r = client.get("/api/v1/alerts/syria.atom")
        missing = client.get("/api/v1/alerts/nope.atom")
        client.app.state.store.close()
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    assert missing.status_code == 404
    parsed = feedparser.parse(r.content)
    [entry] = parsed.entries
    assert "Aleppo" in entry.title and entry.link.endswith(f"/incidents/{inc['id']}")
    assert parsed.feed.links[0].href.endswith("/api/v1/alerts/syria.atom")
