"""The one query layer over incidents: filters, full-text search, sort orders, pages, and the rows that
exports are made of.  `sitrep incidents`, `sitrep export`, the API and the API's in-memory index all
use it, so they answer alike:

- `Filters` says what matches, and its `wants_*` predicates are the filters' text semantics (case,
  alternatives, substrings) in Python; `where()` writes the same in SQL.  The index
  (sitrep/api/index.py) applies the predicates to its columns' distinct values, so it is a cache with
  `where()`'s semantics; tests/api/test_parity.py runs every filter through the CLI, the SQL path and the
  index path.
- `incident_hits()` is the full-text search: the reports' text (FTS5 / PostgreSQL tsvector) and the
  incidents' place names (`place_hits`: where a folded-name match belongs).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Integer, Select, and_, false, func, or_, select, text, union
from sqlalchemy.engine import Connection, Engine

from sitrep.errors import InvalidInput
from sitrep.geo import place_key
from sitrep.merge.figures import GRADES
from sitrep.store import models as m
from sitrep.store.rows import claim_dict, incident_dict
from sitrep.taxonomy import EVENT_TYPES, SUB_EVENT_TYPES

I = m.Incident.__table__  # noqa: E741 - the incidents table, used everywhere here
C = m.Claim.__table__
D = m.Document.__table__

INT64 = 2**63 - 1  # the largest id, offset or count any backend stores
STATUSES = ("active", "rejected", "merged", "all")
SORTS = {
    "-date": (I.c.date.desc(), I.c.id.desc()),
    "date": (I.c.date.asc(), I.c.id.asc()),
    "-killed": (func.coalesce(I.c.killed_best, -1).desc(), I.c.date.desc(), I.c.id.desc()),
    "killed": (func.coalesce(I.c.killed_best, -1).asc(), I.c.date.desc(), I.c.id.desc()),
    "-id": (I.c.id.desc(),),
    "id": (I.c.id.asc(),),
    # incremental sync: oldest change first, then id, so (updated_at, id) is a cursor
    "updated": (I.c.updated_at.asc(), I.c.id.asc()),
}


# ---- parsing caller input (one-line errors) ---------------------------------------------------------


def parse_date(value: str | date, name: str = "date") -> date:
    if isinstance(value, date):
        return value
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{name}: {value[:40]!r} is not a date (YYYY-MM-DD)") from None


def parse_timestamp(value: str | datetime, name: str = "updated_since") -> datetime:
    """An ISO 8601 date or date-time -> aware UTC datetime (no offset given: UTC)."""
    if isinstance(value, datetime):
        dt = value
    else:
        try:
            dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise InvalidInput(f"{name}: {value[:40]!r} is not an ISO 8601 date-time") from None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def parse_count(value: str | int, name: str = "count", lo: int = 0, hi: int = INT64) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{name}: {str(value)[:40]!r} is not a whole number") from None
    if not lo <= n <= hi:
        raise InvalidInput(f"{name}: {str(value)[:40]} is out of range ({lo} to {hi})")
    return n


def storable_id(n: int) -> bool:
    """Whether `n` can be a row id at all (ids beyond int64 overflow the database driver)."""
    return isinstance(n, int) and 0 < n <= INT64


def alternatives(value: str | None) -> frozenset[str]:
    return frozenset(v.strip() for v in (value or "").split(",") if v.strip())


# ---- filters ----------------------------------------------------------------------------------------


@dataclass
class Filters:
    """Incident filters.  Text fields match case-insensitively (types and grades exactly); `country` is
    an ISO code or a name; `event_type`, `sub_event_type` and `grade` accept comma-separated
    alternatives; `actor` is a substring of actor1 or actor2; `q` is full-text over the incident's
    reports and its place name; `updated_since` keeps incidents changed at or after that moment, and
    with `after_id` only those after the cursor (updated_at, id) = (updated_since, after_id)."""

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
    updated_since: datetime | None = None
    after_id: int | None = None

    def __post_init__(self) -> None:
        for name in ("country", "admin1", "event_type", "sub_event_type", "actor", "grade"):
            # control characters (NUL: PostgreSQL refuses it) dropped; "" means any
            setattr(self, name, search_text(getattr(self, name)) or None)
        self.q = search_text(self.q) or None
        if self.since is not None:
            self.since = parse_date(self.since, "since")
        if self.until is not None:
            self.until = parse_date(self.until, "until")
        if self.since and self.until and self.since > self.until:
            raise InvalidInput("since is after until")
        if self.min_killed is not None:
            self.min_killed = parse_count(self.min_killed, "min_killed")
        self._check_choices()
        if self.status not in STATUSES:
            raise InvalidInput(f"status: {self.status!r} is none of {', '.join(STATUSES)}")
        if self.updated_since is not None:
            self.updated_since = parse_timestamp(self.updated_since)
        if self.after_id is not None:
            self.after_id = parse_count(self.after_id, "after_id")

    def _check_choices(self) -> None:
        known = {"event_type": EVENT_TYPES, "sub_event_type": SUB_EVENT_TYPES, "grade": GRADES}
        for name, words in (("event_type", "event type"), ("sub_event_type", "sub-event type"), ("grade", "grade")):
            if not getattr(self, name):
                continue
            bad = sorted(self.choices(name) - set(known[name]))
            if not bad:
                continue
            hint = " (a sub-event type: filter by sub_type, --sub-type)" if bad[0] in SUB_EVENT_TYPES else ""
            hint = hint or (" (an event type: filter by type, --type)" if bad[0] in EVENT_TYPES else "")
            raise InvalidInput(f"unknown {words} {bad[0][:60]!r}{hint}; known: {', '.join(known[name])}")

    def as_params(self) -> dict[str, str]:
        """Non-empty filters as API query parameters."""
        names = {"event_type": "type", "sub_event_type": "sub_type"}
        out = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if v is not None and v != "" and not (f.name == "status" and v == "active"):
                out[names.get(f.name, f.name)] = v.isoformat() if isinstance(v, date) else str(v)
        return out

    # The text semantics, as predicates over one column value (the index applies them to its codes).
    def wants_country_code(self, v: str) -> bool:
        return v == (self.country or "").upper()

    def wants_country_name(self, v: str) -> bool:
        return v.lower() == (self.country or "").lower()

    def wants_admin1(self, v: str) -> bool:
        return v.lower() == (self.admin1 or "").lower()

    def wants_actor(self, v: str) -> bool:
        return (self.actor or "").lower() in v.lower()

    def choices(self, name: str) -> frozenset[str]:
        """event_type, sub_event_type or grade as a set of alternatives."""
        return alternatives(getattr(self, name))

    def day_bounds(self) -> tuple[int | None, int | None]:
        return (self.since.toordinal() if self.since else None, self.until.toordinal() if self.until else None)


def where(f: Filters, dialect: str) -> list:
    """The WHERE clauses of `f` over the incidents table."""
    w: list = []
    if f.status != "all":
        w.append(I.c.status == f.status)
    if f.since:
        w.append(I.c.date >= f.since)
    if f.until:
        w.append(I.c.date <= f.until)
    if f.country:
        w.append(or_(I.c.country_code == f.country.upper(), func.lower(I.c.country) == f.country.lower()))
    if f.admin1:
        w.append(func.lower(I.c.admin1) == f.admin1.lower())
    for name in ("event_type", "sub_event_type", "grade"):
        if getattr(f, name):
            w.append(I.c[name].in_(sorted(f.choices(name))))
    if f.actor:
        pattern = "%" + f.actor.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        w.append(
            or_(func.lower(I.c.actor1).like(pattern, escape="\\"), func.lower(I.c.actor2).like(pattern, escape="\\"))
        )
    if f.min_killed is not None:
        w.append(func.coalesce(I.c.killed_best, I.c.killed_high, -1) >= f.min_killed)
    if f.updated_since is not None:
        t = _db_time(f.updated_since, dialect)
        if f.after_id is not None:
            w.append(or_(I.c.updated_at > t, and_(I.c.updated_at == t, I.c.id > f.after_id)))
        else:
            w.append(I.c.updated_at >= t)
    elif f.after_id is not None:
        w.append(I.c.id > f.after_id)
    if f.q:
        w.append(I.c.id.in_(incident_hits(f.q, dialect)))
    return w


def _db_time(t: datetime, dialect: str) -> datetime:
    # SQLite keeps timestamps as naive UTC text; PostgreSQL compares aware values.
    return t.astimezone(UTC).replace(tzinfo=None) if dialect == "sqlite" else t


def filtered(conn: Connection, f: Filters, *cols) -> Select:
    return select(*cols).where(and_(True, *where(f, conn.dialect.name)))


# ---- full-text search ------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def search_text(q: str | None) -> str:
    """A search string made safe for every backend: control characters (NUL among them, which
    PostgreSQL refuses and which ends an FTS5 string) become spaces, then spaces are collapsed."""
    if not q:
        return ""
    return " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", q)).split())


def fts5_query(q: str) -> str:
    """User words -> an FTS5 query matching all of them: each word an FTS5 string literal (quotes
    doubled), so FTS syntax in the input (NEAR, OR, *, column filters, quotes) is inert."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in search_text(q).split())


def report_hits(q: str, dialect: str):
    """Ids of stored reports whose title or text holds every word of `q` (none for no words)."""
    if not search_text(q):
        return select(D.c.id).where(false())
    if dialect == "sqlite":
        return (
            select(text("rowid"))
            .select_from(text("documents_fts"))
            .where(text("documents_fts MATCH :fts_docs"))
            .params(fts_docs=fts5_query(q))
        )
    return select(D.c.id).where(
        text(
            "to_tsvector('english', coalesce(documents.title, '') || ' ' || documents.text) "
            "@@ plainto_tsquery('english', :ts_docs)"
        ).bindparams(ts_docs=search_text(q))
    )


def place_hits(q: str):
    """Incidents whose place name is `q`, however spelled: without diacritics, articles or vowel
    spellings ("Duma", "Dūmā", "al-Duma" find "Douma"; names.place_key)."""
    key = place_key(search_text(q))
    if key:  # indexed columns (location_key = place_key(location_name), gazetteer_key of the gazetteer's
        # name, which the reports may not write: "Cuíto" finds a report's "Kuito"); no scan of every incident
        return select(I.c.id).where(or_(I.c.location_key == key, I.c.gazetteer_key == key))
    return select(I.c.id).where(func.lower(I.c.location_name) == search_text(q).lower())


def incident_hits(q: str, dialect: str):
    """Ids of incidents that an active claim's report matches (all words of `q`), or whose place is `q`;
    none for no words."""
    if not search_text(q):
        return select(I.c.id).where(false())
    if dialect == "sqlite":
        # A join from the FTS hits: written as `document_id IN (...) AND active`, SQLite walks the index
        # on `active` over every claim instead (10x slower on 10,000 reports).
        reports = text(
            "SELECT claims.incident_id FROM documents_fts JOIN claims ON claims.document_id = documents_fts.rowid "
            "WHERE documents_fts MATCH :fts_q AND claims.active AND claims.incident_id IS NOT NULL"
        ).bindparams(fts_q=fts5_query(q)).columns(incident_id=Integer)
        reports = select(reports.subquery().c.incident_id)
    else:
        reports = select(C.c.incident_id).where(
            C.c.document_id.in_(report_hits(q, dialect)), C.c.active, C.c.incident_id.is_not(None)
        )
    return union(reports, place_hits(q))


# ---- incidents ------------------------------------------------------------------------------------


def list_incidents(
    conn: Connection, f: Filters, limit: int | None = 50, offset: int = 0, sort: str = "-date", total: bool = True
) -> dict[str, Any]:
    """One page: {total, limit, offset, sort, items}."""
    q = filtered(conn, f, I).order_by(*SORTS[sort]).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    items = [incident_dict(r) for r in conn.execute(q)]
    n = conn.execute(filtered(conn, f, func.count()).select_from(I)).scalar_one() if total else None
    return {"total": n, "limit": limit, "offset": offset, "sort": sort, "items": items}


def incident_ids(conn: Connection, f: Filters, sort: str = "-date") -> list[int]:
    return list(conn.execute(filtered(conn, f, I.c.id).order_by(*SORTS[sort])).scalars())


def incidents_by_ids(conn: Connection, ids: list[int], with_claims: bool = True) -> list[dict[str, Any]]:
    """Incidents as dicts (with their active claims, each with its report) in the order of `ids`."""
    rows = {r.id: incident_dict(r) for r in conn.execute(select(I).where(I.c.id.in_(ids)))}
    if with_claims:
        for d in rows.values():
            d["claims"] = []
        for incident_id, claim in claims_of(conn, list(rows)):
            rows[incident_id]["claims"].append(claim)
    return [rows[i] for i in ids if i in rows]


def claims_of(conn: Connection, incident_ids: list[int]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(incident id, claim dict) of the incidents' active claims, in claim id order."""
    for i in range(0, len(incident_ids), 500):
        part = incident_ids[i : i + 500]
        crow = list(conn.execute(select(C).where(C.c.incident_id.in_(part), C.c.active).order_by(C.c.id)))
        if not crow:
            continue
        docs = {d.id: d for d in conn.execute(select(D).where(D.c.id.in_({c.document_id for c in crow})))}
        for c in crow:
            yield c.incident_id, claim_dict(c, docs[c.document_id])


# ---- export rows -----------------------------------------------------------------------------------

CHUNK = 500
EXPORT_FORMATS = ("acled-csv", "ucdp-csv", "geojson")


class Export:
    """The export of every incident matching `f` (newest first), as text chunks of up to CHUNK incidents
    with their claims: memory stays flat however many match.  `ids` is fixed when it is made, so
    `len(export)` is the number of incidents matched; once iterated, `left_out` counts by reason those
    the format left out (see sitrep.store.exports).  `sitrep export` and GET /api/v1/export write this."""

    def __init__(self, engine: Engine, f: Filters, fmt: str, gaz: Any = None, base_url: str = ""):
        if fmt not in EXPORT_FORMATS:
            raise InvalidInput(f"unknown export format {fmt!r}; one of {', '.join(EXPORT_FORMATS)}")
        self.engine, self.fmt, self.gaz, self.base_url = engine, fmt, gaz, base_url
        self.left_out: Counter = Counter()
        with engine.connect() as conn:
            self.ids = incident_ids(conn, f)

    def __len__(self) -> int:
        return len(self.ids)

    def batches(self) -> Iterator[list[dict[str, Any]]]:
        for i in range(0, len(self.ids), CHUNK):
            with self.engine.connect() as conn:
                yield incidents_by_ids(conn, self.ids[i : i + CHUNK])

    def __iter__(self) -> Iterator[str]:
        from sitrep.store import exports

        if self.fmt == "geojson":
            yield '{"type": "FeatureCollection", "features": [\n'
            first = True
            for batch in self.batches():
                feats = exports.to_geojson(batch, self.base_url, self.left_out)["features"]
                if feats:
                    yield ("" if first else ",\n") + ",\n".join(json.dumps(x, ensure_ascii=False) for x in feats)
                    first = False
            yield "\n]}\n"
            return
        cols = exports.ACLED_COLUMNS if self.fmt == "acled-csv" else exports.UCDP_COLUMNS
        rows = exports.acled_rows if self.fmt == "acled-csv" else exports.ucdp_rows
        yield exports.to_csv([], cols)  # the header, also for an empty export
        for batch in self.batches():
            yield exports.to_csv(rows(batch, self.gaz, self.left_out), cols, header=False)
