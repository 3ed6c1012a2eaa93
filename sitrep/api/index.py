"""An in-memory index of incident summaries, so the list and map endpoints filter without scanning the
incidents table on every request.

Each incident's filter fields live in numpy arrays and its list item is kept serialized as JSON; a
request builds a boolean mask, counts it and takes one page from a presorted order: a few hundred
microseconds for 10,000 incidents instead of two table scans.  Full-text search still asks the
database (FTS5 / tsvector) for matching incident ids and intersects them.

Freshness: the index is tagged with the store's version, `(max(documents.id), max(review_actions.id))`.
Incidents only change when a report is stored (ingest, superseding, retries: each adds a document row)
or by a review action (each adds an audit row, undo included), so an equal version means equal
incidents.  Each request reads the version (two primary-key lookups); when it differs the request is
answered from SQL, exactly like an index-less server, while one background thread rebuilds the index
(at most every `min_interval` seconds, so a running ingest does not keep the CPU busy rebuilding).
Full-text results are remembered per (version, query) in a small LRU, so they are never stale either.
The semantics are the query layer's (sitrep.store.query): the mask applies `Filters`' predicates to the
distinct values of each column, and the full-text hits are `query.incident_hits`; tests/api runs every
filter on both paths.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Engine, func, select

from sitrep.api.queries import ACTORS
from sitrep.store import models as m
from sitrep.store.query import Filters, incident_hits
from sitrep.store.rows import incident_dict

I = m.Incident.__table__  # noqa: E741
log = logging.getLogger(__name__)
STATUS = {"active": 0, "rejected": 1, "merged": 2}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def store_version(conn) -> tuple[int, int]:
    d = select(func.max(m.Document.id)).scalar_subquery()
    a = select(func.max(m.ReviewAction.id)).scalar_subquery()
    row = conn.execute(select(d, a)).one()
    return (row[0] or 0, row[1] or 0)


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class _Codes:
    """Strings -> small ints (0 = missing), so string columns become integer arrays."""

    def __init__(self):
        self.codes: dict[str, int] = {}
        self.values: list[str | None] = [None]

    def __call__(self, v: str | None) -> int:
        if v is None:
            return 0
        c = self.codes.get(v)
        if c is None:
            c = self.codes[v] = len(self.values)
            self.values.append(v)
        return c

    def matching(self, pred) -> np.ndarray:
        return np.array([c for c, v in enumerate(self.values) if v is not None and pred(v)], dtype=np.int32)


@dataclass
class Snapshot:
    version: tuple[int, int]
    ids: np.ndarray
    status: np.ndarray
    day: np.ndarray  # date ordinal, -1 when undated
    cc: np.ndarray
    country: np.ndarray
    admin1: np.ndarray
    etype: np.ndarray
    sub: np.ndarray
    grade: np.ndarray
    actor1: np.ndarray
    actor2: np.ndarray
    min_killed_key: np.ndarray  # coalesce(killed_best, killed_high, -1)
    killed: np.ndarray  # coalesce(killed_best, 0), for sums
    place: np.ndarray  # code of (country_code, country, admin1)
    updated: np.ndarray  # updated_at in microseconds since the epoch
    has_point: np.ndarray
    codes: dict[str, _Codes]
    items: list[str]  # incident_dict as JSON, aligned with ids
    points: list[str]  # map point as JSON
    orders: dict[str, np.ndarray]
    point_order: np.ndarray
    pos: dict[int, int]  # incident id -> row

    def mask(self, f: Filters, fts_ids: frozenset[int] | None) -> np.ndarray:
        """Rows matching `f` (query.where() over numpy arrays); `fts_ids` the full-text hits of `f.q`."""
        n = len(self.ids)
        mk = np.ones(n, dtype=bool)
        if f.status != "all":
            mk &= self.status == STATUS.get(f.status, -9)
        lo, hi = f.day_bounds()
        if lo is not None:
            mk &= self.day >= lo
        if hi is not None:
            mk &= (self.day <= hi) & (self.day >= 0)
        if f.country:
            mk &= np.isin(self.cc, self.codes["cc"].matching(f.wants_country_code)) | np.isin(
                self.country, self.codes["country"].matching(f.wants_country_name)
            )
        if f.admin1:
            mk &= np.isin(self.admin1, self.codes["admin1"].matching(f.wants_admin1))
        for name, arr, key in (("event_type", self.etype, "etype"), ("sub_event_type", self.sub, "sub"), ("grade", self.grade, "grade")):
            if getattr(f, name):
                mk &= np.isin(arr, self.codes[key].matching(f.choices(name).__contains__))
        if f.actor:
            hits = self.codes["actor"].matching(f.wants_actor)
            mk &= np.isin(self.actor1, hits) | np.isin(self.actor2, hits)
        if f.min_killed is not None:
            mk &= self.min_killed_key >= f.min_killed
        if f.updated_since is not None:
            t = _micros(f.updated_since)
            if f.after_id is not None:
                mk &= (self.updated > t) | ((self.updated == t) & (self.ids > f.after_id))
            else:
                mk &= self.updated >= t
        elif f.after_id is not None:
            mk &= self.ids > f.after_id
        if fts_ids is not None:
            rows = [self.pos[i] for i in fts_ids if i in self.pos]
            hit = np.zeros(n, dtype=bool)
            hit[rows] = True
            mk &= hit
        return mk


def _micros(t: datetime | None) -> int:
    """A timestamp as microseconds since the epoch; naive values (SQLite's) are UTC."""
    if t is None:
        return -1
    t = t.replace(tzinfo=UTC) if t.tzinfo is None else t
    return (t - EPOCH) // timedelta(microseconds=1)


def build_snapshot(engine: Engine) -> Snapshot:
    with engine.connect() as conn:
        # one read transaction: the version and the rows agree (or the version is older: safe)
        with conn.begin():
            version = store_version(conn)
            rows = conn.execute(select(I).order_by(I.c.id)).all()
    codes = {k: _Codes() for k in ("cc", "country", "admin1", "etype", "sub", "grade", "actor", "place")}
    n = len(rows)
    ids = np.empty(n, dtype=np.int64)
    status = np.empty(n, dtype=np.int8)
    day = np.empty(n, dtype=np.int32)
    cols = {
        k: np.empty(n, dtype=np.int32)
        for k in ("cc", "country", "admin1", "etype", "sub", "grade", "actor1", "actor2", "place")
    }
    mkk = np.empty(n, dtype=np.int64)
    updated = np.empty(n, dtype=np.int64)
    killed_sort = np.empty(n, dtype=np.int64)
    has_point = np.empty(n, dtype=bool)
    items, points = [], []
    for k, r in enumerate(rows):
        ids[k] = r.id
        updated[k] = _micros(r.updated_at)
        status[k] = STATUS.get(r.status, 9)
        day[k] = r.date.toordinal() if r.date else -1
        cols["cc"][k] = codes["cc"](r.country_code)
        cols["country"][k] = codes["country"](r.country)
        cols["admin1"][k] = codes["admin1"](r.admin1)
        cols["etype"][k] = codes["etype"](r.event_type)
        cols["sub"][k] = codes["sub"](r.sub_event_type)
        cols["grade"][k] = codes["grade"](r.grade)
        cols["actor1"][k] = codes["actor"](r.actor1)
        cols["actor2"][k] = codes["actor"](r.actor2)
        cols["place"][k] = codes["place"](dumps([r.country_code, r.country, r.admin1]))
        mkk[k] = r.killed_best if r.killed_best is not None else (r.killed_high if r.killed_high is not None else -1)
        killed_sort[k] = r.killed_best if r.killed_best is not None else -1
        has_point[k] = r.lat is not None and r.lon is not None
        items.append(dumps(incident_dict(r)))
        points.append(
            dumps([r.id, r.lat, r.lon, r.event_type, r.killed_best, r.date.isoformat() if r.date else None, r.location_name,
                   bool(r.within)])
        )
    # SQL's order (SQLite: NULL dates sort first ascending, last descending); lexsort: last key is primary
    dkey = day.astype(np.int64)
    orders = {
        "-date": np.lexsort((-ids, -dkey)),
        "date": np.lexsort((ids, dkey)),
        "-killed": np.lexsort((-ids, -dkey, -killed_sort)),
        "killed": np.lexsort((-ids, -dkey, killed_sort)),
        "-id": np.argsort(-ids, kind="stable"),
        "id": np.arange(n),
        "updated": np.lexsort((ids, updated)),
    }
    point_order = np.lexsort((ids, -np.maximum(killed_sort, 0)))
    return Snapshot(
        version=version, ids=ids, status=status, day=day, cc=cols["cc"], country=cols["country"],
        admin1=cols["admin1"], etype=cols["etype"], sub=cols["sub"], grade=cols["grade"], actor1=cols["actor1"],
        actor2=cols["actor2"], min_killed_key=mkk, killed=np.maximum(killed_sort, 0), place=cols["place"], updated=updated, has_point=has_point, codes=codes, items=items, points=points,
        orders=orders, point_order=point_order, pos={int(i): k for k, i in enumerate(ids)},
    )  # fmt: skip


class IncidentIndex:
    """The current snapshot, if it matches the store; rebuilt in the background when it does not."""

    def __init__(self, engine: Engine, max_incidents: int = 200_000, min_interval: float = 1.0, fts_cache: int = 256):
        self.engine = engine
        self.fts_cache = fts_cache
        self._fts: OrderedDict[tuple, frozenset[int]] = OrderedDict()
        self.max_incidents = max_incidents
        self.min_interval = min_interval
        self.snapshot: Snapshot | None = None
        self._lock = threading.Lock()
        self._building = False
        self._last_build = 0.0
        self.builds = 0

    def current(self, conn) -> Snapshot | None:
        """The snapshot when it is up to date with the store, else None (and a rebuild is started)."""
        if self.max_incidents <= 0:
            return None
        version = store_version(conn)
        snap = self.snapshot
        if snap is not None and snap.version == version:
            return snap
        self._start_build()
        return None

    def _start_build(self) -> None:
        with self._lock:
            if self._building or time.monotonic() - self._last_build < self.min_interval:
                return
            self._building = True
        threading.Thread(target=self._build, name="sitrep-index", daemon=True).start()

    def _build(self) -> None:
        try:
            with self.engine.connect() as conn:
                n = conn.execute(select(func.count()).select_from(I)).scalar_one()
            if n <= self.max_incidents:
                self.snapshot = build_snapshot(self.engine)
                self.builds += 1
            else:
                self.snapshot = None
        except Exception:  # noqa: BLE001 - e.g. the store closed meanwhile: requests keep using SQL
            log.warning("incident index rebuild failed; answering from SQL", exc_info=True)
            self.snapshot = None
        finally:
            with self._lock:
                self._building = False
                self._last_build = time.monotonic()

    def build_now(self) -> None:
        """Build synchronously (startup, tests)."""
        with self._lock:
            self._building = True
        self._build()

    # ---- answers ---------------------------------------------------------------------------------

    def fts_ids(self, snap: Snapshot, conn, f: Filters) -> frozenset[int] | None:
        """Incident ids whose reports match `f.q`; remembered for the snapshot's version (the list, the
        map and the timeline of one dashboard view ask the same search)."""
        if not f.q:
            return None
        key = (snap.version, f.q)
        with self._lock:
            hit = self._fts.get(key)
            if hit is not None:
                self._fts.move_to_end(key)
                return hit
        ids = frozenset(i for (i,) in conn.execute(incident_hits(f.q, conn.dialect.name)) if i is not None)
        with self._lock:
            self._fts[key] = ids
            while len(self._fts) > self.fts_cache:
                self._fts.popitem(last=False)
        return ids

    def page(self, snap: Snapshot, conn, f: Filters, limit: int, offset: int, sort: str) -> tuple[int, list[str]]:
        mk = snap.mask(f, self.fts_ids(snap, conn, f))
        order = snap.orders[sort]
        sel = order[mk[order]]
        return int(mk.sum()), [snap.items[k] for k in sel[offset : offset + limit]]

    def stats(self, snap: Snapshot, conn, f: Filters, places: int, daily_by: str = "type") -> dict[str, Any]:
        """As queries.stats(), from the arrays."""
        mk = snap.mask(f, self.fts_ids(snap, conn, f))
        etypes = snap.codes["etype"].values

        def grouped(sel: np.ndarray, keys: np.ndarray):
            uniq, inv = np.unique(keys[sel], return_inverse=True)
            counts = np.bincount(inv, minlength=len(uniq))
            sums = np.bincount(inv, weights=snap.killed[sel], minlength=len(uniq))
            return [(int(u), int(c), int(round(k))) for u, c, k in zip(uniq, counts, sums, strict=True)]

        nulls_first = lambda v: (v is not None, v or "")  # noqa: E731 - SQL's ascending order of NULLs
        dated = mk & (snap.day >= 0)
        field, arr = {"type": ("event_type", snap.etype), "country": ("country", snap.country),
                      "admin1": ("admin1", snap.admin1)}[daily_by]  # fmt: skip
        names = snap.codes[{"event_type": "etype"}.get(field, field)].values
        wide = np.int64(len(names))
        daily = [
            (date.fromordinal(int(key // wide)).isoformat(), names[int(key % wide)], n, k)
            for key, n, k in grouped(dated, snap.day.astype(np.int64) * wide + arr)
        ]
        daily.sort(key=lambda r: (r[0], nulls_first(r[1])))
        by_type = [(etypes[c], n, k) for c, n, k in grouped(mk, snap.etype)]
        by_type.sort(key=lambda r: (-r[2], nulls_first(r[0])))
        actors = snap.codes["actor"].values
        by_actor = [(actors[c], n, k) for c, n, k in grouped(mk, snap.actor1) if actors[c] is not None]
        by_actor.sort(key=lambda r: (-r[2], -r[1], r[0]))
        pl = snap.codes["place"].values
        by_place = [(*json.loads(pl[c]), n, k) for c, n, k in grouped(mk, snap.place)]
        by_place.sort(key=lambda r: (-r[4], -r[3], nulls_first(r[1]), nulls_first(r[2]), nulls_first(r[0])))
        return {
            "incidents": int(mk.sum()),
            "killed": int(snap.killed[mk].sum()),
            "daily": [{"date": d, field: t, "incidents": n, "killed": k} for d, t, n, k in daily],
            "by_type": [{"event_type": t, "incidents": n, "killed": k} for t, n, k in by_type],
            "by_actor": [{"actor": a, "incidents": n, "killed": k} for a, n, k in by_actor[:ACTORS]],
            "by_place": [
                {"country_code": cc, "country": c, "admin1": a, "incidents": n, "killed": k}
                for cc, c, a, n, k in by_place[:places]
            ],
        }

    def points(self, snap: Snapshot, conn, f: Filters, limit: int) -> list[str]:
        mk = snap.mask(f, self.fts_ids(snap, conn, f)) & snap.has_point
        order = snap.point_order
        sel = order[mk[order]][:limit]
        return [snap.points[k] for k in sel]
