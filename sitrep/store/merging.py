"""Merging inside the database: candidate search, links, components, re-clustering, incident summaries.

The decisions are sitrep.merge's pure functions; this module only feeds them rows and writes results.
Incremental and still order-independent: a new claim is linked to every stored claim it scores as the
same event with (the candidate query is a superset of those), then the connected component of the link
graph around it is re-clustered from scratch.  Clusters never span components, so the incidents are the
same as clustering everything at once, whatever the order the reports came in.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy import (
    Date,
    Float,
    Integer,
    String,
    and_,
    bindparam,
    delete,
    insert,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session, defer

from sitrep.geo import place_key
from sitrep.merge import MergeClaim, cluster, same_event
from sitrep.merge.figures import figures, grade, majority
from sitrep.merge.model import DATE_TOLERANCE_DAYS
from sitrep.merge.score import DISTANCE_KM, may_match
from sitrep.store import models as m
from sitrep.store.rows import merge_view

# Latitude window for the candidate query: the widest distance limit, in degrees (1 deg ~ 111 km).
_LAT_WINDOW = max(v for v in DISTANCE_KM.values()) / 111.0 + 0.01
_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}
# MergeClaim.date_tolerance of a precision missing from DATE_TOLERANCE_DAYS
_DEFAULT_TOLERANCE = max(1, DATE_TOLERANCE_DAYS.get(None, 1))
# Merging reads claims with their reports' metadata, never the reports' texts: left unloaded.
_NO_TEXT = defer(m.Document.text)


def now() -> datetime:
    return datetime.now(UTC)


def candidates(session: Session, mc: MergeClaim, claim_id: int, earlier: bool = False
               ) -> list[tuple[m.Claim, m.Document]]:
    """Every stored claim that could be the same event: its dates overlap (or it has none), near enough
    or placed only at country level, in the same country (or none); with `earlier`, only claims stored
    before this one.  Each index range read is bounded by days, not by the store's size: a stored
    claim's range is its date +- its precision's tolerance, so one that overlaps ours starts at most
    twice that tolerance before our range does; each precision is read through its own range of the
    ix_claims_span index.  The ranges are one UNION ALL of claim ids, so the search is one statement
    (one round trip to a database server)."""
    near = mc.lat is not None and not mc.country_level
    params: dict = {"claim_id": claim_id}
    if near:
        params.update(lat_lo=mc.lat - _LAT_WINDOW, lat_hi=mc.lat + _LAT_WINDOW)
    if mc.country_code:
        params["cc"] = mc.country_code
    if mc.date_range is not None:
        lo, hi = mc.date_range
        params.update(lo=lo, hi=hi, from_default=lo - timedelta(days=2 * _DEFAULT_TOLERANCE))
        params.update({f"from_{p}": lo - timedelta(days=2 * t) for p, t in DATE_TOLERANCE_DAYS.items() if p})
    q = _candidate_query(mc.date_range is not None, near, bool(mc.country_code), earlier)
    return [(c, d) for c, d in session.execute(q, params)]


@cache
def _candidate_query(dated: bool, near: bool, in_country: bool, earlier: bool):
    """The candidate search of one shape, built once with bound parameters: building the expression
    was most of a claim's client time, and one SQL string per shape is compiled once and prepared by
    the PostgreSQL driver once it repeats.  The day ranges pick claim ids through the span index; the
    place and report conditions apply once, outside them (keeping the SQL under the driver's 4 kB
    limit for caching its parse)."""
    claim_id = bindparam("claim_id", type_=Integer)
    q = select(m.Claim, m.Document).join(m.Document).where(m.Claim.active, m.Claim.id != claim_id)
    q = q.where(m.Claim.document_id != select(m.Claim.document_id).where(m.Claim.id == claim_id).scalar_subquery())
    if earlier:
        q = q.where(m.Claim.id < claim_id)
    if near:
        q = q.where(or_(
            m.Claim.lat.is_(None),
            m.Claim.lat.between(bindparam("lat_lo", type_=Float), bindparam("lat_hi", type_=Float)),
            m.Claim.location_name == m.Claim.country,  # placed only at country level: any distance
        ))
    if in_country:
        q = q.where(or_(m.Claim.country_code.is_(None), m.Claim.country_code == bindparam("cc", type_=String)))
    if dated:
        lo, hi = bindparam("lo", type_=Date), bindparam("hi", type_=Date)
        overlap = and_(m.Claim.date_lo <= hi, m.Claim.date_hi >= lo)
        known = [p for p in DATE_TOLERANCE_DAYS if p is not None]
        span = select(m.Claim.id).where(m.Claim.active)
        parts = [span.where(m.Claim.date_lo.is_(None)),
                 # a precision the tolerance table does not name has the default tolerance
                 span.where(overlap, m.Claim.date_lo >= bindparam("from_default", type_=Date),
                            or_(m.Claim.date_precision.is_(None), m.Claim.date_precision.not_in(known)))]
        for precision in known:
            parts.append(span.where(overlap, m.Claim.date_precision == precision,
                                    m.Claim.date_lo >= bindparam(f"from_{precision}", type_=Date)))
        q = q.where(m.Claim.id.in_(union_all(*parts)))
    return q.order_by(m.Claim.id).options(_NO_TEXT)


def link(session: Session, claim: m.Claim, doc: m.Document) -> int:
    """Store the same-event links of a new claim; returns how many."""
    mc = merge_view(claim, doc)
    if not may_match(mc):
        return 0
    n = 0
    for other, odoc in candidates(session, mc, claim.id):
        d = same_event(mc, merge_view(other, odoc))
        if d.same:
            a, b = sorted((claim.id, other.id))
            session.merge(m.ClaimLink(a_id=a, b_id=b, score=d.score))
            n += 1
    return n


def link_new(session: Session, new: list[tuple[m.Claim, m.Document]]) -> int:
    """Store the links of claims just stored (in id order, several reports' worth), each against the
    claims stored before it: the links `link` finds when the reports come one at a time.  One
    multi-row INSERT; returns how many."""
    pairs: list[dict] = []
    for claim, doc in new:
        mc = merge_view(claim, doc)
        if not may_match(mc):
            continue
        for other, odoc in candidates(session, mc, claim.id, earlier=True):
            d = same_event(mc, merge_view(other, odoc))
            if d.same:
                a, b = sorted((claim.id, other.id))
                pairs.append({"a_id": a, "b_id": b, "score": d.score})
    for i in range(0, len(pairs), 500):
        session.execute(insert(m.ClaimLink).values(pairs[i : i + 500]))
    return len(pairs)


def unlink(session: Session, claim_ids: list[int]) -> set[int]:
    """Drop the links of claims that leave (superseded reports); returns their former neighbours."""
    if not claim_ids:
        return set()
    rows = session.execute(
        select(m.ClaimLink.a_id, m.ClaimLink.b_id).where(
            or_(m.ClaimLink.a_id.in_(claim_ids), m.ClaimLink.b_id.in_(claim_ids))
        )
    ).all()
    session.execute(
        delete(m.ClaimLink).where(or_(m.ClaimLink.a_id.in_(claim_ids), m.ClaimLink.b_id.in_(claim_ids)))
    )
    return {x for r in rows for x in r} - set(claim_ids)


def component(session: Session, seeds: set[int]) -> set[int]:
    """All claims connected to the seeds through links."""
    return _reach(session, seeds)[0]


def _reach(session: Session, seeds: set[int]) -> tuple[set[int], list[tuple[int, int]]]:
    """The claims connected to the seeds, and the links between them."""
    seen, frontier = set(seeds), set(seeds)
    edges: list[tuple[int, int]] = []
    while frontier:
        batch = list(frontier)
        frontier = set()
        for i in range(0, len(batch), 500):
            part = batch[i : i + 500]
            rows = session.execute(
                select(m.ClaimLink.a_id, m.ClaimLink.b_id).where(
                    or_(m.ClaimLink.a_id.in_(part), m.ClaimLink.b_id.in_(part))
                )
            ).all()
            for a, b in rows:
                edges.append((a, b))
                for x in (a, b):
                    if x not in seen:
                        seen.add(x)
                        frontier.add(x)
    return seen, edges


def _components(ids: set[int], edges: list[tuple[int, int]]) -> list[set[int]]:
    parent = {i: i for i in ids}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[root(a)] = root(b)
    groups: dict[int, set[int]] = {}
    for i in ids:
        groups.setdefault(root(i), set()).add(i)
    return list(groups.values())


def load(session: Session, claim_ids: set[int]) -> list[tuple[m.Claim, m.Document]]:
    out: list[tuple[m.Claim, m.Document]] = []
    ids = sorted(claim_ids)
    for i in range(0, len(ids), 500):
        q = select(m.Claim, m.Document).join(m.Document).where(m.Claim.id.in_(ids[i : i + 500])).options(_NO_TEXT)
        out.extend(session.execute(q))
    return out


def recluster(session: Session, seeds: set[int], split: bool = False) -> set[int]:
    """Re-cluster the components around `seeds`; returns the ids of incidents touched.  With `split`,
    each connected component is clustered on its own (the seeds of several reports: each report's
    `recluster` would have seen only the components its own claims reach)."""
    ids, edges = _reach(session, seeds)
    rows = [(c, d) for c, d in load(session, ids) if c.active]
    if not rows:
        return set()
    by_key = {c.key: (c, d) for c, d in rows}
    old_incidents = {c.incident_id for c, _ in rows if c.incident_id is not None}
    locked = set(
        session.scalars(select(m.Incident.id).where(m.Incident.id.in_(old_incidents), m.Incident.locked))
    ) if old_incidents else set()
    fixed = {c.key: c.incident_id for c, _ in rows if c.incident_id in locked}
    views = {c.id: merge_view(c, d) for c, d in rows}
    clusters = []
    for part in (_components(ids, edges) if split else [ids]):
        part_views = [views[i] for i in sorted(part) if i in views]
        if part_views:
            clusters.extend(cluster(part_views, fixed))
    clusters.sort(key=lambda cl: cl.keys[0])  # the order `cluster` gives one component's clusters
    taken: set[int] = set(locked)
    assignments: list[tuple[list[tuple[m.Claim, m.Document]], int | None]] = []
    for cl in clusters:
        members = [by_key[k] for k in cl.keys]
        target = cl.fixed
        if target is None:
            votes = Counter(c.incident_id for c, _ in members if c.incident_id is not None and c.incident_id not in taken)
            if votes:
                target = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if target is not None:
            taken.add(target)
        assignments.append((members, target))
    touched = _assign(session, assignments)
    for inc_id in sorted(old_incidents - touched - locked):
        if not session.scalar(select(m.Claim.id).where(m.Claim.incident_id == inc_id).limit(1)):
            session.execute(delete(m.Incident).where(m.Incident.id == inc_id))
    return touched


def _assign(session: Session, assignments: list[tuple[list[tuple[m.Claim, m.Document]], int | None]]) -> set[int]:
    """Claims to their incidents, each incident summarised.  Kept incidents first (their claims may
    include some outside the component: read from the database once the moves are written); new ones
    are summarised from their members before they are written, so each costs one batched INSERT."""
    fresh = [members for members, target in assignments if target is None]
    for members, target in assignments:
        for c, _ in members:
            c.incident_id = target
    session.flush()
    kept = {target for _, target in assignments if target is not None}
    refresh_many(session, kept)
    made: list[m.Incident] = []
    for members in fresh:
        inc = m.Incident(status="active", locked=False, created_at=now(), overrides={})
        summarise(inc, sorted(members, key=lambda r: r[0].id))
        session.add(inc)
        for c, _ in members:
            c.incident = inc
        made.append(inc)
    session.flush()
    return kept | {inc.id for inc in made}


def tidy(session: Session, incident_ids: set[int]) -> None:
    """Incidents that lost claims outside re-clustering (superseded or replaced reports): drop them when
    empty unless a reviewer locked them, else recompute them."""
    for inc_id in sorted(incident_ids):
        inc = session.get(m.Incident, inc_id)
        if inc is None:
            continue
        has = session.scalar(select(m.Claim.id).where(m.Claim.incident_id == inc_id, m.Claim.active).limit(1))
        if has is None and not inc.locked:
            session.execute(update(m.Claim).where(m.Claim.incident_id == inc_id).values(incident_id=None))
            session.delete(inc)
        else:
            refresh(session, inc_id)


def refresh(session: Session, incident_id: int) -> None:
    """Recompute an incident's summary, figures and grade from its active claims; reviewer edits win."""
    refresh_many(session, {incident_id})


def refresh_many(session: Session, incident_ids: set[int]) -> None:
    """`refresh` for several incidents: their rows and their active claims in two statements."""
    if not incident_ids:
        return
    ids = sorted(incident_ids)
    incidents = {i.id: i for i in session.scalars(select(m.Incident).where(m.Incident.id.in_(ids)))}
    rows: dict[int, list[tuple[m.Claim, m.Document]]] = {i: [] for i in ids}
    q = (select(m.Claim, m.Document).join(m.Document)
         .where(m.Claim.incident_id.in_(ids), m.Claim.active).order_by(m.Claim.id).options(_NO_TEXT))
    for c, d in session.execute(q):
        rows[c.incident_id].append((c, d))
    for inc_id in ids:
        if inc_id in incidents:
            summarise(incidents[inc_id], rows[inc_id])


def summarise(inc: m.Incident, rows: list[tuple[m.Claim, m.Document]]) -> None:
    """An incident's summary, figures and grade from its active claims (in claim id order, or in the
    order of a new incident's members); reviewer edits win."""
    claims = [c for c, _ in rows]
    views = [merge_view(c, d) for c, d in rows]
    inc.n_claims = len(claims)
    inc.updated_at = now()
    if claims:
        inc.sub_event_type = majority(c.sub_event_type for c in claims)
        inc.event_type = majority(c.event_type for c in claims if c.sub_event_type == inc.sub_event_type)
        dated = [c for c in claims if c.date is not None]
        if dated:
            finest = min(_PRECISION_ORDER.get(c.date_precision, 4) for c in dated)
            best = [c for c in dated if _PRECISION_ORDER.get(c.date_precision, 4) == finest]
            day = Counter(c.date for c in best)
            inc.date = min(day.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            inc.date_precision = best[0].date_precision
        else:
            inc.date, inc.date_precision = None, None
        placed = [c for c in claims if c.location_name or c.lat is not None]
        if placed:
            # A town the gazetteer lacks, named with its region, counts as placed at region level (3):
            # ACLED's coding of a place known only by its region.
            finest_geo = min(_geo(c) for c in placed)
            cands = sorted(
                (c for c in placed if _geo(c) == finest_geo),
                key=lambda c: (c.lat is None, _approx(c) is None, c.key),
            )
            p = _pick_place(cands)
            inc.place_id, inc.location_name, inc.admin1 = p.place_id, p.location_name, p.admin1
            inc.gazetteer_name = p.gazetteer_name
            inc.country, inc.country_code, inc.lat, inc.lon = p.country, p.country_code, p.lat, p.lon
            inc.geo_precision, inc.within = p.geo_precision, None
            w = _approx(p)
            if p.lat is None and w is not None:
                # Not the town's coordinates: the region's point, marked (within) and at region precision.
                inc.lat, inc.lon, inc.geo_precision, inc.within = w["lat"], w["lon"], 3, dict(w)
        inc.actor1 = majority(c.actor1 for c in claims)
        inc.actor2 = majority(c.actor2 for c in claims)
    k, j = figures(views, "killed"), figures(views, "injured")
    inc.killed_low, inc.killed_best, inc.killed_high = k.low, k.best, k.high
    inc.injured_low, inc.injured_best, inc.injured_high = j.low, j.best, j.high
    if views:
        g = grade(views, inc.actor1)
        inc.grade, inc.grade_reason, inc.n_sources = g.grade, "; ".join(g.reasons), len(g.sources)
    else:
        inc.grade, inc.grade_reason, inc.n_sources = None, None, 0
    for field, value in (inc.overrides or {}).items():
        if hasattr(m.Incident, field):
            setattr(inc, field, _coerce(field, value))
    if {"lat", "lon"} & set(inc.overrides or {}):
        inc.within = None  # a reviewer placed it: the point is theirs, not a region's stand-in
    inc.location_key = place_key(inc.location_name)
    inc.gazetteer_key = place_key(inc.gazetteer_name)


def _place_of(c: m.Claim) -> tuple:
    """Which place a claim names, whatever its spelling: its places row (a gazetteer id, or the name of
    a place the gazetteer lacks)."""
    return ("place", c.place_id) if c.place_id is not None else ("name", c.location_name)


def _pick_place(cands: list[m.Claim]) -> m.Claim:
    """The claim whose place and spelling the incident shows.  The place most claims name (ties: a town
    named within a region, more specific than the region alone; then by name); then, of the reports'
    spellings of it ("Douma", "Duma"), the most common (ties: one without diacritics, as readers and
    ACLED write it; then alphabetical).  Counted by place first, so two spellings of one town do not
    split its votes against a third place."""
    by_place: dict[tuple, list[m.Claim]] = {}
    for c in cands:
        by_place.setdefault(_place_of(c), []).append(c)

    def place_rank(claims: list[m.Claim]) -> tuple:
        return (-len(claims), all(_approx(c) is None for c in claims), min(c.location_name or "" for c in claims))

    claims = min(by_place.values(), key=place_rank)
    spellings = Counter(c.location_name for c in claims)
    name = min(spellings, key=lambda n: (-spellings[n], not (n or "").isascii(), n or ""))
    return next(c for c in claims if c.location_name == name)


def _approx(c: m.Claim) -> dict | None:
    """The region point of a claim whose own place has no coordinates (Location.within), if any."""
    w = c.within
    if c.lat is None and w and w.get("lat") is not None and w.get("lon") is not None:
        return w
    return None


def _geo(c: m.Claim) -> int:
    if c.geo_precision is not None:
        return c.geo_precision
    return 3 if _approx(c) is not None else 4


def _coerce(field: str, value):
    if field == "date" and isinstance(value, str):
        from datetime import date

        return date.fromisoformat(value)
    return value
