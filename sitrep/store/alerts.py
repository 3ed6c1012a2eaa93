"""Alerts: saved incident filters.  After each poll `sitrep watch` asks every alert which incidents
matching it are new or changed since its last look (`news`); they are recorded with a fingerprint of
what the alert said about them (so an unchanged incident is never reported twice) and queued as one
webhook delivery (sitrep/run/alerts.py sends, signs, retries).  `atom_feed` renders an alert's latest
incidents as an Atom feed (RFC 4287) for any feed reader.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree as ET

from sqlalchemy import delete, select

from sitrep.errors import InvalidInput, NotFound
from sitrep.store import models as m
from sitrep.store import query
from sitrep.store.query import Filters

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")  # goes into URLs: /api/v1/alerts/NAME.atom
# incidents changed this long before the last look are looked at again (clock steps, slow commits);
# fingerprints keep them from being reported twice
OVERLAP = timedelta(minutes=2)
FEED_ENTRIES = 50


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(t: datetime) -> datetime:
    return t if t.tzinfo else t.replace(tzinfo=UTC)  # SQLite gives naive UTC back


def alert_dict(a: m.Alert) -> dict[str, Any]:
    return {
        "name": a.name,
        "filters": dict(a.filters or {}),
        "webhook_url": a.webhook_url,
        "signed": bool(a.secret),
        "created_at": _aware(a.created_at).isoformat(),
        "checked_at": _aware(a.checked_at).isoformat(),
    }


def add_alert(store, name: str, f: Filters, webhook_url: str | None = None, secret: str | None = None) -> dict:
    """A new alert; it reports incidents that appear or change from now on."""
    if not NAME.match(name or ""):
        raise InvalidInput("alert name: letters, digits, '.', '_' or '-' (up to 100), starting with a letter or digit")
    if webhook_url is not None and not re.match(r"^https?://[^\s/]+", webhook_url):
        raise InvalidInput(f"webhook: not an http(s) URL: {webhook_url[:100]!r}")
    if secret is not None and not secret.strip():
        raise InvalidInput("secret: empty")
    now = _now()
    with store.session() as s:
        if s.scalar(select(m.Alert.id).where(m.Alert.name == name)) is not None:
            raise InvalidInput(f"an alert named {name!r} exists (sitrep alerts remove {name})")
        a = m.Alert(name=name, filters=f.as_params(), webhook_url=webhook_url, secret=secret, created_at=now,
                    checked_at=now)  # fmt: skip
        s.add(a)
        s.flush()
        return alert_dict(a)


def remove_alert(store, name: str) -> None:
    with store.session() as s:
        a = s.scalar(select(m.Alert).where(m.Alert.name == name))
        if a is None:
            raise NotFound(f"no alert named {name!r}")
        # children first: SQLite enforces foreign keys but cascades only with ON DELETE at the row level
        s.execute(delete(m.AlertDelivery).where(m.AlertDelivery.alert_id == a.id))
        s.execute(delete(m.AlertMatch).where(m.AlertMatch.alert_id == a.id))
        s.delete(a)


def list_alerts(store) -> list[dict[str, Any]]:
    """Every alert, with how many incidents it reported and how its last delivery went."""
    with store.session(write=False) as s:
        out = []
        for a in s.scalars(select(m.Alert).order_by(m.Alert.name)):
            d = alert_dict(a)
            d["incidents"] = len(s.scalars(select(m.AlertMatch.incident_id).where(m.AlertMatch.alert_id == a.id)).all())
            last = s.scalar(
                select(m.AlertDelivery).where(m.AlertDelivery.alert_id == a.id).order_by(m.AlertDelivery.id.desc()).limit(1)
            )
            d["last_delivery"] = delivery_dict(last) if last else None
            out.append(d)
        return out


def delivery_dict(d: m.AlertDelivery) -> dict[str, Any]:
    at = lambda t: _aware(t).isoformat() if t else None  # noqa: E731
    return {"id": d.id, "url": d.url, "incident_ids": list(d.incident_ids or []), "status": d.status,
            "attempts": d.attempts, "http_status": d.http_status, "error": d.error, "created_at": at(d.created_at),
            "last_attempt_at": at(d.last_attempt_at), "next_attempt_at": at(d.next_attempt_at)}  # fmt: skip


def deliveries(store, name: str) -> list[dict[str, Any]]:
    with store.session(write=False) as s:
        a = _get(s, name)
        rows = s.scalars(select(m.AlertDelivery).where(m.AlertDelivery.alert_id == a.id).order_by(m.AlertDelivery.id))
        return [delivery_dict(d) for d in rows]


def _get(s, name: str) -> m.Alert:
    a = s.scalar(select(m.Alert).where(m.Alert.name == name))
    if a is None:
        raise NotFound(f"no alert named {name!r}")
    return a


def fingerprint(inc: dict[str, Any]) -> str:
    """What an alert tells about an incident; another value later is a change worth telling."""
    keys = ("status", "event_type", "sub_event_type", "date", "location", "actor1", "actor2", "fatalities",
            "injuries", "grade", "n_sources")  # fmt: skip
    return hashlib.sha256(json.dumps({k: inc.get(k) for k in keys}, sort_keys=True, default=str).encode()).hexdigest()


def news(store, now: datetime | None = None) -> list[tuple[m.Alert, list[tuple[dict, str]]]]:
    """For every alert, the incidents matching it that are new or changed since it last looked, each
    with "new" or "changed"; recorded, and the alert's look moved to `now`.  One transaction per alert."""
    now = now or _now()
    with store.session(write=False) as s:
        names = list(s.scalars(select(m.Alert.name).order_by(m.Alert.id)))
    return [found for name in names if (found := _news_of(store, name, now))[1]]


def _news_of(store, name: str, now: datetime) -> tuple[m.Alert, list[tuple[dict, str]]]:
    with store.session() as s:
        a = _get(s, name)
        f = Filters(**_filter_args(a.filters), updated_since=_aware(a.checked_at) - OVERLAP)
        conn = s.connection()
        incidents = query.incidents_by_ids(conn, query.incident_ids(conn, f, sort="id"), with_claims=False)
        known = {r.incident_id: r for r in s.scalars(
            select(m.AlertMatch).where(m.AlertMatch.alert_id == a.id, m.AlertMatch.incident_id.in_([i["id"] for i in incidents]))
        )}  # fmt: skip
        found = []
        for inc in incidents:
            fp, seen = fingerprint(inc), known.get(inc["id"])
            if seen is None:
                s.add(m.AlertMatch(alert_id=a.id, incident_id=inc["id"], fingerprint=fp, change="new", first_at=now,
                                   updated_at=now))  # fmt: skip
                found.append((inc, "new"))
            elif seen.fingerprint != fp:
                seen.fingerprint, seen.change, seen.updated_at = fp, "changed", now
                found.append((inc, "changed"))
        a.checked_at = now
        s.flush()
        s.expunge(a)
        return a, found


_PARAM_NAMES = {"type": "event_type", "sub_type": "sub_event_type"}


def _filter_args(params: dict[str, str]) -> dict[str, str]:
    """Saved API parameters -> Filters arguments (a saved `updated_since` is the alert's own business)."""
    return {_PARAM_NAMES.get(k, k): v for k, v in (params or {}).items() if k not in ("updated_since", "after_id")}


# ---- Atom ------------------------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


def feed_entries(store, name: str, limit: int = FEED_ENTRIES) -> tuple[dict, list[tuple[dict, str, datetime, datetime]]]:
    """The alert and its latest reported incidents as they are now: (incident, change, first, updated)."""
    with store.session(write=False) as s:
        a = _get(s, name)
        rows = s.execute(
            select(m.AlertMatch).where(m.AlertMatch.alert_id == a.id)
            .order_by(m.AlertMatch.updated_at.desc(), m.AlertMatch.incident_id.desc()).limit(limit)
        ).scalars().all()  # fmt: skip
        by_id = {i["id"]: i for i in query.incidents_by_ids(s.connection(), [r.incident_id for r in rows], with_claims=False)}
        entries = [(by_id[r.incident_id], r.change, _aware(r.first_at), _aware(r.updated_at)) for r in rows if r.incident_id in by_id]
        return alert_dict(a), entries


def _title(inc: dict[str, Any]) -> str:
    loc = inc.get("location") or {}
    place = ", ".join(p for p in (loc.get("name"), loc.get("country")) if p) or "unknown place"
    killed = (inc.get("fatalities") or {}).get("best")
    what = inc.get("sub_event_type") or inc.get("event_type") or "Incident"
    return f"{what} in {place}, {inc.get('date') or 'undated'}" + (f": {killed} killed" if killed is not None else "")


def _summary(inc: dict[str, Any], change: str) -> str:
    actors = " vs ".join(a for a in (inc.get("actor1"), inc.get("actor2")) if a) or "actors not named"
    parts = [f"{'New' if change == 'new' else 'Changed'} incident {inc['id']}: {_title(inc)}.", f"Actors: {actors}."]
    parts.append(f"Grade: {inc.get('grade') or 'none'}; {inc.get('n_sources', 0)} independent source(s).")
    return " ".join(parts)


def atom_feed(alert: dict, entries: list[tuple[dict, str, datetime, datetime]], base_url: str, self_url: str) -> bytes:
    """An Atom 1.0 feed (RFC 4287): one entry per incident, its id stable and its `updated` moved when
    the incident changed, so readers show a change as an update of the same item."""
    base = base_url.rstrip("/")
    ET.register_namespace("", ATOM)
    q = lambda tag: f"{{{ATOM}}}{tag}"  # noqa: E731
    feed = ET.Element(q("feed"))
    ET.SubElement(feed, q("id")).text = f"urn:sitrep:alert:{alert['name']}"
    ET.SubElement(feed, q("title")).text = f"sitrep alert: {alert['name']}"
    ET.SubElement(feed, q("subtitle")).text = "New or changed incidents matching " + (
        ", ".join(f"{k}={v}" for k, v in alert["filters"].items()) or "any filter"
    )
    updated = max((e[3] for e in entries), default=datetime.fromisoformat(alert["created_at"]))
    ET.SubElement(feed, q("updated")).text = _rfc3339(updated)
    ET.SubElement(feed, q("link"), rel="self", type="application/atom+xml", href=self_url)
    from urllib.parse import urlencode

    ET.SubElement(feed, q("link"), rel="alternate", type="text/html", href=f"{base}/?{urlencode(alert['filters'])}")
    ET.SubElement(ET.SubElement(feed, q("author")), q("name")).text = "sitrep"
    ET.SubElement(feed, q("generator")).text = "sitrep"
    for inc, change, first, when in entries:
        e = ET.SubElement(feed, q("entry"))
        ET.SubElement(e, q("id")).text = f"urn:sitrep:incident:{inc['id']}"
        ET.SubElement(e, q("title")).text = _title(inc)
        ET.SubElement(e, q("published")).text = _rfc3339(first)
        ET.SubElement(e, q("updated")).text = _rfc3339(when)
        ET.SubElement(e, q("link"), rel="alternate", type="text/html", href=f"{base}/incidents/{inc['id']}")
        ET.SubElement(e, q("link"), rel="related", type="application/json", href=f"{base}/api/incidents/{inc['id']}")
        if inc.get("event_type"):
            ET.SubElement(e, q("category"), term=inc["event_type"])
        ET.SubElement(e, q("summary"), type="text").text = _summary(inc, change)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _rfc3339(t: datetime) -> str:
    return _aware(t).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
