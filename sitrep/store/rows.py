"""Rows -> plain merge types and plain dicts (what the CLI, the API and exports print)."""

from __future__ import annotations

from typing import Any

from sitrep.merge import MergeClaim
from sitrep.merge.model import is_country_level
from sitrep.store import models as m
from sitrep.types import Count


def _count(low: int | None, best: int | None, high: int | None, text: str | None = None) -> Count | None:
    if low is None and best is None and high is None:
        return None
    return Count(low, best, high, text)


def merge_view(c: m.Claim, doc: m.Document) -> MergeClaim:
    return MergeClaim(
        key=c.key,
        document_key=doc.content_hash,
        event_type=c.event_type,
        sub_event_type=c.sub_event_type,
        date=c.date,
        date_precision=c.date_precision,
        lat=c.lat,
        lon=c.lon,
        geo_precision=c.geo_precision,
        geonameid=c.geonameid,
        place_name=c.location_name,
        place_text=((c.field_evidence or {}).get("location") or {}).get("text"),
        country_code=c.country_code,
        country_level=is_country_level(c.location_name, c.country),
        actor1=c.actor1,
        actor2=c.actor2,
        killed=_count(c.killed_low, c.killed_best, c.killed_high),
        injured=_count(c.injured_low, c.injured_best, c.injured_high),
        sources=tuple(c.sources or ()),
        publisher=doc.publisher,
        published=doc.published,
        text=" ".join(e.get("text", "") for e in (c.evidence or [])),
        extra={"id": c.id},
    )


def count_dict(low: int | None, best: int | None, high: int | None) -> dict[str, int | None] | None:
    """The schema's `count` ({low, best, high}); null when no figure."""
    if low is None and best is None and high is None:
        return None
    return {"low": low, "best": best, "high": high}


def document_dict(d: m.Document) -> dict[str, Any]:
    from sitrep.extract.sources import outlet_name

    return {
        "id": d.ext_id,
        "db_id": d.id,
        "title": d.title,
        "publisher": d.publisher,
        "outlet": outlet_name(d.publisher),  # the publisher as people name it ("manar" -> "Al-Manar")
        "published": d.published,
        "url": d.url,
        "canonical_url": d.canonical_url,
        "content_hash": d.content_hash,
        "status": d.status,
        "origin": d.origin,
    }


def readable_sources(rows: list[tuple[m.Claim, m.Document]]) -> dict[str, str]:
    """Names merging gives sources -> names for people: a feed's publisher id -> the outlet's name, a
    report with neither publisher nor cited source ("report <hash>") -> its title or its id."""
    from sitrep.extract.sources import outlet_name

    out: dict[str, str] = {}
    for _, d in rows:
        if d.publisher:
            out[d.publisher] = outlet_name(d.publisher) or d.publisher
        title = (d.title or "").strip()
        out[f"report {d.content_hash[:12]}"] = f"“{title[:80]}”" if title else f"report {d.ext_id}"
    return out


def claim_dict(c: m.Claim, doc: m.Document) -> dict[str, Any]:
    return {
        "id": c.id,
        "incident_id": c.incident_id,
        "active": c.active,
        "document": document_dict(doc),
        "event_type": c.event_type,
        "sub_event_type": c.sub_event_type,
        "date": c.date.isoformat() if c.date else None,
        "date_precision": c.date_precision,
        "location": {
            "name": c.location_name,
            "gazetteer_name": c.gazetteer_name,
            "admin1": c.admin1,
            "country": c.country,
            "country_code": c.country_code,
            "lat": c.lat,
            "lon": c.lon,
            "geonameid": c.geonameid,
            "geo_precision": c.geo_precision,
            "within": dict(c.within) if c.within else None,
        }
        if c.location_name or c.lat is not None
        else None,
        "actor1": c.actor1,
        "actor2": c.actor2,
        "fatalities": _with_text(count_dict(c.killed_low, c.killed_best, c.killed_high), c.killed_text),
        "injuries": _with_text(count_dict(c.injured_low, c.injured_best, c.injured_high), c.injured_text),
        "sources": list(c.sources or []),
        "evidence": list(c.evidence or []),
        "field_evidence": dict(c.field_evidence or {}),
        "confidence": c.confidence,
    }


def _with_text(d: dict | None, text: str | None) -> dict | None:
    if d is not None:
        d["text"] = text
    return d


def incident_dict(i: m.Incident) -> dict[str, Any]:
    return {
        "id": i.id,
        "status": i.status,
        "merged_into": i.merged_into_id,
        "locked": i.locked,
        "event_type": i.event_type,
        "sub_event_type": i.sub_event_type,
        "date": i.date.isoformat() if i.date else None,
        "date_precision": i.date_precision,
        "location": {
            "name": i.location_name,
            "gazetteer_name": i.gazetteer_name,
            "admin1": i.admin1,
            "country": i.country,
            "country_code": i.country_code,
            "lat": i.lat,
            "lon": i.lon,
            "geo_precision": i.geo_precision,
            # lat/lon are the region's point, not the place's own (a town the gazetteer lacks)
            "approximate": bool(i.within),
            "within": dict(i.within) if i.within else None,
        },
        "actor1": i.actor1,
        "actor2": i.actor2,
        "fatalities": count_dict(i.killed_low, i.killed_best, i.killed_high),
        "injuries": count_dict(i.injured_low, i.injured_best, i.injured_high),
        "grade": i.grade,
        "grade_reason": i.grade_reason,
        "n_claims": i.n_claims,
        "n_sources": i.n_sources,
        "overrides": dict(i.overrides or {}),
        "created_at": i.created_at.isoformat() if i.created_at else None,
        "updated_at": i.updated_at.isoformat() if i.updated_at else None,
    }


def action_dict(a: m.ReviewAction) -> dict[str, Any]:
    return {
        "id": a.id,
        "action": a.action,
        "who": a.who,
        "at": a.at.isoformat() if a.at else None,
        "why": a.why,
        "incident_ids": list(a.incident_ids or []),
        "params": dict(a.params or {}),
        "undone_by": a.undone_by_id,
    }
