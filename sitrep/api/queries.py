"""Read queries for the API's views, in SQLAlchemy Core against the store's models: map points,
statistics, facets, documents and sources.  Incident filters, search, pages and exports are the store's
query layer (sitrep.store.query), shared with the CLI and the in-memory index.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.engine import Connection

from sitrep.store import models as m
from sitrep.store.query import Filters, filtered, report_hits, search_text
from sitrep.store.rows import claim_dict, document_dict

I = m.Incident.__table__  # noqa: E741 - the incidents table, used everywhere here


MAX_POINTS = 50_000


def points(conn: Connection, f: Filters, limit: int = MAX_POINTS) -> list[list[Any]]:
    """Map points: [id, lat, lon, event_type, killed_best, date, location_name, approximate], biggest first
    (drawn first, so small markers stay clickable on top).  approximate: the point is the region's named
    with a town the gazetteer lacks."""
    q = (
        filtered(
            conn, f, I.c.id, I.c.lat, I.c.lon, I.c.event_type, I.c.killed_best, I.c.date, I.c.location_name,
            I.c.within,
        )
        .where(I.c.lat.is_not(None), I.c.lon.is_not(None))
        .order_by(func.coalesce(I.c.killed_best, 0).desc(), I.c.id)
        .limit(limit)
    )
    return [
        [r.id, r.lat, r.lon, r.event_type, r.killed_best, r.date.isoformat() if r.date else None, r.location_name,
         bool(r.within)]
        for r in conn.execute(q)
    ]


# ---- statistics ---------------------------------------------------------------------------------


DAILY_BY = {"type": "event_type", "country": "country", "admin1": "admin1"}
ACTORS = 10  # stats' by_actor: the first actors with most killed


def stats(conn: Connection, f: Filters, places: int = 50, daily_by: str = "type") -> dict[str, Any]:
    """Totals, daily incidents and killed by event type (or by country or admin1: `daily_by`), and
    totals by type and by place."""
    killed = func.coalesce(func.sum(I.c.killed_best), 0)
    total = conn.execute(filtered(conn, f, func.count(), killed).select_from(I)).one()
    key = DAILY_BY[daily_by]
    col = I.c[key]
    daily = conn.execute(
        filtered(conn, f, I.c.date, col, func.count(), killed)
        .select_from(I)
        .where(I.c.date.is_not(None))
        .group_by(I.c.date, col)
        .order_by(I.c.date, col)
    )
    by_type = conn.execute(
        filtered(conn, f, I.c.event_type, func.count(), killed)
        .select_from(I)
        .group_by(I.c.event_type)
        .order_by(killed.desc(), I.c.event_type)
    )
    by_actor = conn.execute(
        filtered(conn, f, I.c.actor1, func.count(), killed)
        .select_from(I)
        .where(I.c.actor1.is_not(None))
        .group_by(I.c.actor1)
        .order_by(killed.desc(), func.count().desc(), I.c.actor1)
        .limit(ACTORS)
    )
    by_place = conn.execute(
        filtered(conn, f, I.c.country_code, I.c.country, I.c.admin1, func.count(), killed)
        .select_from(I)
        .group_by(I.c.country_code, I.c.country, I.c.admin1)
        .order_by(killed.desc(), func.count().desc(), I.c.country, I.c.admin1, I.c.country_code)
        .limit(places)
    )
    return {
        "incidents": total[0],
        "killed": int(total[1]),
        "daily": [{"date": d.isoformat(), key: t, "incidents": n, "killed": int(k)} for d, t, n, k in daily],
        "by_type": [{"event_type": t, "incidents": n, "killed": int(k)} for t, n, k in by_type],
        "by_actor": [{"actor": a, "incidents": n, "killed": int(k)} for a, n, k in by_actor],
        "by_place": [
            {"country_code": cc, "country": c, "admin1": a, "incidents": n, "killed": int(k)}
            for cc, c, a, n, k in by_place
        ],
    }


def facets(conn: Connection) -> dict[str, Any]:
    """The values present among active incidents, for filter menus."""
    active = I.c.status == "active"
    countries = conn.execute(
        select(I.c.country_code, I.c.country, func.count())
        .where(active, I.c.country.is_not(None))
        .group_by(I.c.country_code, I.c.country)
        .order_by(I.c.country)
    )
    admin1 = conn.execute(
        select(I.c.country_code, I.c.admin1, func.count())
        .where(active, I.c.admin1.is_not(None))
        .group_by(I.c.country_code, I.c.admin1)
        .order_by(I.c.admin1)
    )
    dates = conn.execute(select(func.min(I.c.date), func.max(I.c.date)).where(active)).one()
    grades = conn.execute(select(I.c.grade).where(active, I.c.grade.is_not(None)).distinct().order_by(I.c.grade))
    return {
        "countries": [{"code": cc, "name": n, "incidents": k} for cc, n, k in countries],
        "admin1": [{"country_code": cc, "name": n, "incidents": k} for cc, n, k in admin1],
        "grades": list(grades.scalars()),
        "first_date": dates[0].isoformat() if dates[0] else None,
        "last_date": dates[1].isoformat() if dates[1] else None,
    }


# ---- documents and sources ----------------------------------------------------------------------


def list_documents(conn: Connection, q: str | None, status: str | None, limit: int, offset: int) -> dict[str, Any]:
    D, C = m.Document.__table__, m.Claim.__table__
    w: list = []
    if status and status != "all":
        w.append(D.c.status == status)
    if search_text(q):
        w.append(D.c.id.in_(report_hits(q, conn.dialect.name)))
    n_claims = select(func.count()).where(C.c.document_id == D.c.id, C.c.active).scalar_subquery()
    rows = conn.execute(
        select(D, n_claims.label("n_claims")).where(and_(True, *w)).order_by(D.c.id.desc()).limit(limit).offset(offset)
    )
    total = conn.execute(select(func.count()).select_from(D).where(and_(True, *w))).scalar_one()
    items = []
    for r in rows:
        d = document_dict(r)
        d["n_claims"] = r.n_claims
        items.append(d)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def get_document(conn: Connection, db_id: int) -> dict[str, Any] | None:
    D, C = m.Document.__table__, m.Claim.__table__
    doc = conn.execute(select(D).where(D.c.id == db_id)).first()
    if doc is None:
        return None
    out = document_dict(doc)
    out["text"] = doc.text
    out["language"] = doc.language
    out["ingested_at"] = doc.ingested_at.isoformat() if doc.ingested_at else None
    out["superseded_by"] = doc.superseded_by_id
    out["claims"] = [claim_dict(c, doc) for c in conn.execute(select(C).where(C.c.document_id == db_id).order_by(C.c.ordinal))]
    return out


def documents_text(conn: Connection, db_ids: set[int]) -> dict[int, dict[str, Any]]:
    D = m.Document.__table__
    out = {}
    for d in conn.execute(select(D).where(D.c.id.in_(db_ids))):
        out[d.id] = {**document_dict(d), "text": d.text}
    return out


def list_sources(conn: Connection, q: str | None, limit: int, offset: int) -> dict[str, Any]:
    S, CS, C = m.Source.__table__, m.ClaimSource.__table__, m.Claim.__table__
    w: list = []
    if search_text(q):
        w.append(func.lower(S.c.name).contains(search_text(q).lower(), autoescape=True))
    agg = (
        select(
            CS.c.source_id,
            func.count(func.distinct(CS.c.claim_id)).label("n_claims"),
            func.count(func.distinct(C.c.incident_id)).label("n_incidents"),
            func.sum(case((CS.c.role == "publisher", 1), else_=0)).label("as_publisher"),
            func.sum(case((CS.c.role == "attributed", 1), else_=0)).label("as_attributed"),
        )
        .join(C, C.c.id == CS.c.claim_id)
        .where(C.c.active)
        .group_by(CS.c.source_id)
        .subquery()
    )
    rows = conn.execute(
        select(S, agg.c.n_claims, agg.c.n_incidents, agg.c.as_publisher, agg.c.as_attributed)
        .outerjoin(agg, agg.c.source_id == S.c.id)
        .where(and_(True, *w))
        .order_by(func.coalesce(agg.c.n_claims, 0).desc(), S.c.name)
        .limit(limit)
        .offset(offset)
    )
    total = conn.execute(select(func.count()).select_from(S).where(and_(True, *w))).scalar_one()
    items = [
        {
            "id": r.id,
            "name": r.name,
            "key": r.key,
            "kind": r.kind,
            "n_claims": r.n_claims or 0,
            "n_incidents": r.n_incidents or 0,
            "as_publisher": int(r.as_publisher or 0),
            "as_attributed": int(r.as_attributed or 0),
        }
        for r in rows
    ]
    return {"total": total, "limit": limit, "offset": offset, "items": items}
