"""Read queries for the API, in SQLAlchemy Core against the store's models: incident filters, pages,
map points, statistics, facets, documents, sources and streamed exports.

One `Filters` value is what the list, the map, the timeline and the exports share, so they always agree.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import Integer, Select, and_, case, func, or_, select, text
from sqlalchemy.engine import Connection

from sitrep.store import models as m
from sitrep.store.rows import claim_dict, document_dict, incident_dict

I = m.Incident.__table__  # noqa: E741 - the incidents table, used everywhere here
SORTS = {
    "-date": (I.c.date.desc(), I.c.id.desc()),
    "date": (I.c.date.asc(), I.c.id.asc()),
    "-killed": (func.coalesce(I.c.killed_best, -1).desc(), I.c.date.desc(), I.c.id.desc()),
    "killed": (func.coalesce(I.c.killed_best, -1).asc(), I.c.date.desc(), I.c.id.desc()),
    "-id": (I.c.id.desc(),),
    "id": (I.c.id.asc(),),
}
STATUSES = ("active", "rejected", "merged", "all")


@dataclass
class Filters:
    """Incident filters.  Text fields match case-insensitively; `country` is an ISO code or a name;
    `event_type`, `sub_event_type` and `grade` accept comma-separated alternatives; `actor` is a
    substring of actor1 or actor2; `q` is full-text over the reports' titles and texts."""

    since: date | None = None
    until: date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    min_killed: int | None = None
    grade: str | None = None
    q: str | None = None
    status: str = "active"

    def as_params(self) -> dict[str, str]:
        """Non-empty filters as query parameters (API names)."""
        names = {"event_type": "type", "sub_event_type": "sub_type"}
        out = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if v is not None and v != "" and not (f.name == "status" and v == "active"):
                out[names.get(f.name, f.name)] = v.isoformat() if isinstance(v, date) else str(v)
        return out


def _alternatives(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def where(f: Filters, dialect: str) -> list:
    """The WHERE clauses of `f` over the incidents table."""
    w: list = []
    if f.status and f.status != "all":
        w.append(I.c.status == f.status)
    if f.since:
        w.append(I.c.date >= f.since)
    if f.until:
        w.append(I.c.date <= f.until)
    if f.country:
        w.append(or_(I.c.country_code == f.country.upper(), func.lower(I.c.country) == f.country.lower()))
    if f.admin1:
        w.append(func.lower(I.c.admin1) == f.admin1.lower())
    if f.event_type:
        w.append(I.c.event_type.in_(_alternatives(f.event_type)))
    if f.sub_event_type:
        w.append(I.c.sub_event_type.in_(_alternatives(f.sub_event_type)))
    if f.grade:
        w.append(I.c.grade.in_(_alternatives(f.grade)))
    if f.actor:
        pattern = "%" + f.actor.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        w.append(
            or_(func.lower(I.c.actor1).like(pattern, escape="\\"), func.lower(I.c.actor2).like(pattern, escape="\\"))
        )
    if f.min_killed is not None:
        w.append(func.coalesce(I.c.killed_best, I.c.killed_high, -1) >= f.min_killed)
    if f.q and f.q.strip():
        w.append(I.c.id.in_(_search(f.q, dialect)))
    return w


def _search(q: str, dialect: str):
    """Incident ids whose active claims come from reports matching all words of `q`."""
    if dialect == "sqlite":
        words = [w.replace('"', "") for w in q.split()]
        fts = " ".join(f'"{w}"' for w in words if w)  # quoted: FTS syntax in user input is inert
        # A join from the FTS hits: written as `document_id IN (...) AND active = 1`, SQLite walks the
        # index on `active` over every claim instead (10x slower on 10,000 reports).
        return (
            text(
                "SELECT claims.incident_id FROM documents_fts JOIN claims ON claims.document_id = documents_fts.rowid "
                "WHERE documents_fts MATCH :fts_q AND claims.active AND claims.incident_id IS NOT NULL"
            )
            .bindparams(fts_q=fts)
            .columns(incident_id=Integer)
        )
    else:
        docs = select(m.Document.id).where(
            text(
                "to_tsvector('english', coalesce(documents.title, '') || ' ' || documents.text) "
                "@@ plainto_tsquery('english', :q)"
            )
        ).params(q=q)
    C = m.Claim.__table__
    return select(C.c.incident_id).where(C.c.document_id.in_(docs), C.c.active, C.c.incident_id.is_not(None))


def _filtered(conn: Connection, f: Filters, *cols) -> Select:
    return select(*cols).where(and_(True, *where(f, conn.dialect.name)))


# ---- incidents ----------------------------------------------------------------------------------


def list_incidents(
    conn: Connection, f: Filters, limit: int = 50, offset: int = 0, sort: str = "-date", total: bool = True
) -> dict[str, Any]:
    q = _filtered(conn, f, I).order_by(*SORTS[sort]).limit(limit).offset(offset)
    items = [incident_dict(r) for r in conn.execute(q)]
    n = None
    if total:
        n = conn.execute(_filtered(conn, f, func.count()).select_from(I)).scalar_one()
    return {"total": n, "limit": limit, "offset": offset, "sort": sort, "items": items}


def incident_ids(conn: Connection, f: Filters, sort: str = "-date") -> list[int]:
    return list(conn.execute(_filtered(conn, f, I.c.id).order_by(*SORTS[sort])).scalars())


def incidents_by_ids(conn: Connection, ids: list[int], with_claims: bool = True) -> list[dict[str, Any]]:
    """Incidents as dicts (with their active claims) in the order of `ids`."""
    rows = {r.id: incident_dict(r) for r in conn.execute(select(I).where(I.c.id.in_(ids)))}
    if with_claims:
        C, D = m.Claim.__table__, m.Document.__table__
        q = (
            select(C, D.c.id.label("doc_db_id"))
            .join(D, D.c.id == C.c.document_id)
            .where(C.c.incident_id.in_(ids), C.c.active)
            .order_by(C.c.id)
        )
        crow = list(conn.execute(q))
        docs = {
            d.id: d for d in conn.execute(select(D).where(D.c.id.in_({c.document_id for c in crow})))
        } if crow else {}
        for d in rows.values():
            d["claims"] = []
        for c in crow:
            rows[c.incident_id]["claims"].append(claim_dict(c, docs[c.document_id]))
    return [rows[i] for i in ids if i in rows]


MAX_POINTS = 50_000


def points(conn: Connection, f: Filters, limit: int = MAX_POINTS) -> list[list[Any]]:
    """Map points: [id, lat, lon, event_type, killed_best, date, location_name, approximate], biggest first
    (drawn first, so small markers stay clickable on top).  approximate: the point is the region's named
    with a town the gazetteer lacks."""
    q = (
        _filtered(
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


def stats(conn: Connection, f: Filters, places: int = 50, daily_by: str = "type") -> dict[str, Any]:
    """Totals, daily incidents and killed by event type (or by country or admin1: `daily_by`), and
    totals by type and by place."""
    killed = func.coalesce(func.sum(I.c.killed_best), 0)
    total = conn.execute(_filtered(conn, f, func.count(), killed).select_from(I)).one()
    key = DAILY_BY[daily_by]
    col = I.c[key]
    daily = conn.execute(
        _filtered(conn, f, I.c.date, col, func.count(), killed)
        .select_from(I)
        .where(I.c.date.is_not(None))
        .group_by(I.c.date, col)
        .order_by(I.c.date, col)
    )
    by_type = conn.execute(
        _filtered(conn, f, I.c.event_type, func.count(), killed)
        .select_from(I)
        .group_by(I.c.event_type)
        .order_by(killed.desc(), I.c.event_type)
    )
    by_place = conn.execute(
        _filtered(conn, f, I.c.country_code, I.c.country, I.c.admin1, func.count(), killed)
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
    if q and q.strip():
        if conn.dialect.name == "sqlite":
            words = [x.replace('"', "") for x in q.split()]
            w.append(
                D.c.id.in_(
                    select(text("rowid"))
                    .select_from(text("documents_fts"))
                    .where(text("documents_fts MATCH :dq"))
                    .params(dq=" ".join(f'"{x}"' for x in words if x))
                )
            )
        else:
            w.append(
                text(
                    "to_tsvector('english', coalesce(documents.title, '') || ' ' || documents.text) "
                    "@@ plainto_tsquery('english', :dq)"
                ).bindparams(dq=q)
            )
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
    if q and q.strip():
        w.append(func.lower(S.c.name).contains(q.lower().strip(), autoescape=True))
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


# ---- streamed exports ---------------------------------------------------------------------------

CHUNK = 500


def export_chunks(engine, f: Filters, fmt: str) -> Iterator[str]:
    """The export of all incidents matching `f`, as text chunks of up to CHUNK incidents: memory stays
    flat however many incidents match.  Formats as `sitrep export`."""
    from sitrep.store import exports

    with engine.connect() as conn:
        ids = incident_ids(conn, f)
    if fmt == "geojson":
        yield '{"type": "FeatureCollection", "features": [\n'
    first = True
    for i in range(0, max(len(ids), 1), CHUNK):
        part = ids[i : i + CHUNK]
        with engine.connect() as conn:
            incs = incidents_by_ids(conn, part) if part else []
        if fmt in ("acled-csv", "ucdp-csv"):
            cols = exports.ACLED_COLUMNS if fmt == "acled-csv" else exports.UCDP_COLUMNS
            rows = exports.acled_rows(incs) if fmt == "acled-csv" else exports.ucdp_rows(incs)
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
            if first:
                w.writeheader()
            for r in rows:
                w.writerow({c: r.get(c, "") for c in cols})
            first = False
            yield buf.getvalue()
        elif fmt == "geojson":
            feats = exports.to_geojson(incs)["features"]
            if feats:
                body = ",\n".join(json.dumps(x, ensure_ascii=False) for x in feats)
                yield ("" if first else ",\n") + body
                first = False
        else:
            raise ValueError(f"unknown export format {fmt!r}")
    if fmt == "geojson":
        yield "\n]}\n"
