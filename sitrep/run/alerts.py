"""Alert delivery: after each poll, `check_alerts` finds each alert's new or changed incidents
(sitrep.store.alerts.news), queues one webhook delivery per alert with news, and sends every delivery
that is due.  A delivery is recorded before it is sent; one that fails is retried on later polls
with exponential back-off (BACKOFF * 2**(attempts-1), at most MAX_ATTEMPTS attempts), then marked
failed.  Each POST is signed when the alert has a secret:

    X-Sitrep-Timestamp: 1764675000
    X-Sitrep-Signature: sha256=HEX(HMAC-SHA256(secret, f"{timestamp}." + body))

A receiver recomputes the HMAC over the timestamp, a dot and the raw body, compares in constant time,
and refuses old timestamps (replays).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from sitrep import __version__
from sitrep.store import alerts
from sitrep.store import models as m

MAX_ATTEMPTS = 6
BACKOFF = timedelta(seconds=30)  # 30 s, 1, 2, 4, 8 min between attempts
TIMEOUT = 10.0

# (url, body, headers) -> HTTP status; raises OSError-like errors for network failures
Post = Callable[[str, bytes, dict[str, str]], int]


@dataclass
class AlertsSummary:
    alerts_with_news: int = 0
    incidents: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: list[str] = field(default_factory=list)

    def format(self) -> str:
        if not (self.alerts_with_news or self.delivered or self.retrying or self.failed):
            return ""
        s = f"alerts: {self.incidents} new or changed incident(s) for {self.alerts_with_news} alert(s); "
        s += f"{self.delivered} webhook delivery(ies) made, {self.retrying} to retry"
        return s + "".join(f"\n  failed: {f}" for f in self.failed)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def httpx_post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST without following redirects (a redirect is not a delivery)."""
    import httpx

    with httpx.Client(timeout=TIMEOUT, follow_redirects=False) as client:
        return client.post(url, content=body, headers=headers).status_code


def _payload(alert: m.Alert, found: list[tuple[dict, str]], now: datetime) -> str:
    return json.dumps({
        "alert": alert.name,
        "filters": alert.filters,
        "sent_at": now.isoformat(),
        "incidents": [{"change": change, "path": f"/incidents/{inc['id']}", **inc} for inc, change in found],
    }, ensure_ascii=False, sort_keys=True)  # fmt: skip


def queue(store, now: datetime, summary: AlertsSummary) -> None:
    """Record each alert's news and, for an alert with a webhook, one pending delivery of them."""
    for alert, found in alerts.news(store, now):
        summary.alerts_with_news += 1
        summary.incidents += len(found)
        if not alert.webhook_url:
            continue  # its Atom feed has them
        with store.session() as s:
            s.add(m.AlertDelivery(alert_id=alert.id, url=alert.webhook_url, payload=_payload(alert, found, now),
                                  incident_ids=[inc["id"] for inc, _ in found], status="pending", attempts=0,
                                  created_at=now, next_attempt_at=now))  # fmt: skip


def deliver_due(store, post: Post, now: datetime, summary: AlertsSummary) -> None:
    """Send every pending delivery whose time has come; record each attempt."""
    with store.session(write=False) as s:
        due = list(s.scalars(
            select(m.AlertDelivery.id).where(m.AlertDelivery.status == "pending", m.AlertDelivery.next_attempt_at <= now)
            .order_by(m.AlertDelivery.id)
        ))  # fmt: skip
    for delivery_id in due:
        _attempt(store, delivery_id, post, now, summary)


def _attempt(store, delivery_id: int, post: Post, now: datetime, summary: AlertsSummary) -> None:
    with store.session(write=False) as s:
        d = s.get(m.AlertDelivery, delivery_id)
        a = s.get(m.Alert, d.alert_id)
        url, body, secret, name = d.url, d.payload.encode(), a.secret, a.name
    ts = int(now.timestamp())
    headers = {"Content-Type": "application/json", "User-Agent": f"sitrep/{__version__}", "X-Sitrep-Event": "alert",
               "X-Sitrep-Alert": name, "X-Sitrep-Delivery": str(delivery_id), "X-Sitrep-Timestamp": str(ts)}  # fmt: skip
    if secret:
        headers["X-Sitrep-Signature"] = sign(secret, ts, body)
    status, error = None, None
    try:
        status = post(url, body, headers)
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except Exception as e:  # noqa: BLE001 - any network failure is a failed attempt, retried later
        error = f"{type(e).__name__}: {str(e)[:300]}"
    with store.session() as s:
        d = s.get(m.AlertDelivery, delivery_id)
        d.attempts += 1
        d.http_status, d.error, d.last_attempt_at = status, error, now
        if error is None:
            d.status, d.next_attempt_at = "delivered", None
            summary.delivered += 1
        elif d.attempts >= MAX_ATTEMPTS:
            d.status, d.next_attempt_at = "failed", None
            summary.failed.append(f"{name}: delivery {delivery_id} to {url}: {error} after {d.attempts} attempts")
        else:
            d.next_attempt_at = now + BACKOFF * 2 ** (d.attempts - 1)
            summary.retrying += 1


def check_alerts(store, post: Post | None = None, now: datetime | None = None) -> AlertsSummary:
    """One round: queue every alert's news, then send what is due (new deliveries and retries)."""
    now = now or datetime.now(UTC)
    summary = AlertsSummary()
    queue(store, now, summary)
    deliver_due(store, post or httpx_post, now, summary)
    return summary


def verify(secret: str, body: bytes, headers: dict[str, Any], now: datetime | None = None, tolerance: int = 300) -> bool:
    """What a receiver does (and what tests check): the signature matches and the timestamp is recent."""
    ts = int(headers.get("X-Sitrep-Timestamp") or headers.get("x-sitrep-timestamp") or 0)
    given = headers.get("X-Sitrep-Signature") or headers.get("x-sitrep-signature") or ""
    fresh = abs((now or datetime.now(UTC)).timestamp() - ts) <= tolerance
    return fresh and hmac.compare_digest(given, sign(secret, ts, body))
