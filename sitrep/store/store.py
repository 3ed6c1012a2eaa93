"""The repository layer: everything the CLI, the API and the demo do with the incident database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, delete, insert, or_, select
from sqlalchemy.orm import Session, sessionmaker

from sitrep.errors import NotFound
from sitrep.merge import canonical_url, name_key
from sitrep.merge.model import MergeClaim
from sitrep.store import merging, review
from sitrep.store import models as m
from sitrep.store.db import WRITE, make_engine, migrate
from sitrep.store.failures import Failures
from sitrep.store.reading import Reading
from sitrep.store.rows import action_dict
from sitrep.types import Claim, Document, Extraction

_WRITE_LOCK = 0x5172E9  # PostgreSQL advisory lock id for store writers


class Store(Reading, Failures):
    """`Store.open(url)` creates or migrates the database; methods each run in their own transaction."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, create: bool = True) -> Store:
        """The store at `url` (a SQLite path or an SQLAlchemy URL), migrated to the newest schema.  With
        create=False a SQLite file that does not exist is NotFound instead of a new empty database."""
        if "://" not in url:
            url = f"sqlite:///{url}"
        path = url.split(":///", 1)[-1] if url.startswith("sqlite") else ""
        if not create and path and path != ":memory:" and not Path(path).exists():
            raise NotFound(f"no database at {path} (check --db or SITREP_DB; `sitrep ingest` creates one)")
        engine = make_engine(url)
        migrate(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def session(self, write: bool = True) -> Iterator[Session]:
        """One transaction.  Write sessions take SQLite's write lock up front (see db.make_engine)."""
        with self._sessions() as s, s.begin():
            if write:
                conn = s.connection(execution_options=WRITE)
                if conn.dialect.name == "postgresql":
                    # One writer at a time, as on SQLite: two concurrent ingests must see each other's
                    # claims, or two reports of one event could miss each other's links.
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_WRITE_LOCK})")
            yield s

    # ---- ingest ---------------------------------------------------------------------------------

    def has_document(self, document: Document) -> bool:
        """Whether this report's text is stored (same content hash), in this copy or another."""
        with self.session(write=False) as s:
            return s.scalar(select(m.Document.id).where(m.Document.content_hash == document.content_hash)) is not None

    def wants(self, document: Document) -> bool:
        """Whether storing this report would change anything: its text is new, or it is an earlier copy
        of a stored text (see `_rank`).  Ingest asks before extracting."""
        return self.wanted([document])[0]

    def wanted(self, documents: list[Document]) -> list[bool]:
        """`wants` for several reports, in one statement."""
        if not documents:
            return []
        with self.session(write=False) as s:
            q = select(m.Document.content_hash, m.Document.status, m.Document.published, m.Document.ext_id)
            stored = {h: (status, (0 if published else 1, published or "", ext_id)) for h, status, published, ext_id
                      in s.execute(q.where(m.Document.content_hash.in_({d.content_hash for d in documents})))}
        out = []
        for d in documents:
            row = stored.get(d.content_hash)
            out.append(row is None or (row[0] == "active" and _rank(d) < row[1]))
        return out

    def add_extraction(self, extraction: Extraction, origin: str | None = None) -> list[int]:
        """Store one report and its claims (see `put`); returns the incident id of each claim."""
        return self.put(extraction, origin)[1]

    def put(self, extraction: Extraction, origin: str | None = None) -> tuple[bool, list[int]]:
        """Store one report and its claims, merge them into incidents, all in one transaction.

        Idempotent: a report already stored (same content hash) changes nothing.  A new version of a
        stored report (same canonical URL, or same id when there is no URL, different text) supersedes
        it when it is at least as recent: the old claims stay, inactive, and leave their incidents.
        Returns whether the store changed (False: `wants` would have said no) and the incident id of
        each claim, in order (None for claims kept inactive).
        """
        with self.session() as s:
            return self._put(s, extraction, origin)

    def put_many(self, extractions: list[Extraction]) -> list[tuple[bool, list[int]] | Exception]:
        """`put` for several reports in one transaction, with the store `put` one at a time in this
        order leaves: what it returns for each, or the exception that stopped it.  New reports (their
        text and their URL not stored, not repeated in the batch) go in together: one INSERT per table
        for the batch and one merge pass over their claims, each claim linked to the claims of the
        reports before it, as `put` would; any other report goes through `put`'s own path in its turn.
        When anything fails, the batch is rolled back and each report stored in its own transaction,
        so one bad report costs only itself."""
        try:
            with self.session() as s:
                return self._put_batch(s, extractions)
        except Exception:  # noqa: BLE001 - retried one by one below, where a failure is the report's own
            out: list[tuple[bool, list[int]] | Exception] = []
            for x in extractions:
                try:
                    out.append(self.put(x))
                except Exception as e:  # noqa: BLE001 - handed back for the caller to record
                    out.append(e)
            return out

    def _put_batch(self, s: Session, extractions: list[Extraction]) -> list[tuple[bool, list[int]] | Exception]:
        docs = [x.document for x in extractions]
        idents = [canonical_url(d.url) or f"id:{d.id}" for d in docs]
        # stored texts and active report versions any of these meet, in one statement
        stored = s.execute(select(m.Document.content_hash, m.Document.identity, m.Document.status).where(or_(
            m.Document.content_hash.in_({d.content_hash for d in docs}),
            and_(m.Document.identity.in_(set(idents)), m.Document.status == "active")))).all()
        seen_hashes = {h for h, _, _ in stored}
        seen_idents = {i for _, i, status in stored if status == "active"}
        out: list[tuple[bool, list[int]] | Exception] = []
        run: list[Extraction] = []
        for x, ident in zip(extractions, idents, strict=True):
            plain = x.document.content_hash not in seen_hashes and ident not in seen_idents
            seen_hashes.add(x.document.content_hash)
            seen_idents.add(ident)
            if plain:
                run.append(x)
                continue
            out.extend(self._put_new(s, run))  # the reports before it first: it may supersede one
            run = []
            out.append(self._put(s, x, None))
        out.extend(self._put_new(s, run))
        return out

    def _put_new(self, s: Session, extractions: list[Extraction]) -> list[tuple[bool, list[int]]]:
        """Reports new to the store (no stored copy, no stored version): rows, claims and one merge
        pass for all."""
        if not extractions:
            return []
        rows = [self._document_row(x.document, None) for x in extractions]
        s.add_all(rows)
        s.flush()
        claims = self._claim_rows(s, rows, [x.events for x in extractions])
        new = [(c, row) for row, cs in zip(rows, claims, strict=True) for c in cs]
        merging.link_new(s, new)
        s.flush()
        merging.recluster(s, {c.id for c, _ in new}, split=True)
        self._resolve_failures(s, [x.document.id for x in extractions])
        return [(True, [c.incident_id for c in cs]) for cs in claims]

    def _put(self, s: Session, extraction: Extraction, origin: str | None) -> tuple[bool, list[int]]:
        """`put` inside a write session."""
        doc = extraction.document
        identity = canonical_url(doc.url) or f"id:{doc.id}"
        # the stored copy of this text and the active versions of this report, in one statement
        found = list(s.scalars(select(m.Document).where(or_(
            m.Document.content_hash == doc.content_hash,
            and_(m.Document.identity == identity, m.Document.status == "active")))))
        existing = next((d for d in found if d.content_hash == doc.content_hash), None)
        seeds: set[int] = set()
        orphaned: set[int] = set()  # incidents losing claims here
        previous: list[m.Document] = []
        if existing is not None:
            if existing.status != "active" or _rank(existing) <= _rank(doc):
                return False, [c.incident_id for c in existing.claims]
            # The same text published earlier (or under a smaller id): the first publication is
            # the copy that stands, whatever order the copies came in.
            orphaned |= {c.incident_id for c in existing.claims if c.incident_id is not None}
            seeds |= self._drop_claims(s, existing)
            # A new row rather than an update: a new document id tells readers (the API's cache keys on
            # max(documents.id)) that incidents changed.
            old_id = existing.id
            refs = list(s.scalars(select(m.Document).where(m.Document.superseded_by_id == old_id)))
            for r in refs:
                r.superseded_by_id = None
            s.flush()
            s.delete(existing)
            s.flush()
            row = self._document_row(doc, origin)
            s.add(row)
            s.flush()
            for r in refs:
                r.superseded_by_id = row.id
        else:
            row = self._document_row(doc, origin)
            previous = sorted((d for d in found if d.identity == row.identity and d.status == "active"),
                              key=lambda d: d.id)
            s.add(row)
        s.flush()
        for old in previous:
            if (old.published or "") > (doc.published or ""):
                row.status, row.superseded_by_id = "superseded", old.id  # an older version arrived late
                continue
            old.status, old.superseded_by_id = "superseded", row.id
            left = [c.id for c in old.claims if c.active]
            orphaned |= {c.incident_id for c in old.claims if c.incident_id is not None}
            for c in old.claims:
                c.active, c.incident_id = False, None
            seeds |= merging.unlink(s, left)
            s.flush()
        claims = self._claim_rows(s, [row], [extraction.events])[0]
        if row.status == "active":
            for c in claims:
                merging.link(s, c, row)
                seeds.add(c.id)
            s.flush()
            merging.recluster(s, seeds)
        merging.tidy(s, orphaned)
        self._resolve_failures(s, [doc.id])
        return True, [c.incident_id for c in claims]

    @staticmethod
    def _drop_claims(s: Session, doc: m.Document) -> set[int]:
        ids = [c.id for c in doc.claims]
        neighbours = merging.unlink(s, ids)
        if ids:
            s.execute(delete(m.ClaimSource).where(m.ClaimSource.claim_id.in_(ids)))
            s.execute(delete(m.Claim).where(m.Claim.id.in_(ids)))
        s.flush()
        s.expire(doc, ["claims"])
        return neighbours

    def _document_row(self, doc: Document, origin: str | None) -> m.Document:
        curl = canonical_url(doc.url)
        return m.Document(
            ext_id=doc.id,
            content_hash=doc.content_hash,
            canonical_url=curl,
            identity=curl or f"id:{doc.id}",
            url=doc.url,
            title=doc.title,
            publisher=doc.publisher,
            published=doc.published,
            language=doc.language,
            origin=origin or doc.origin,
            text=doc.text,
            status="active",
            ingested_at=merging.now(),
        )

    def _claim_rows(self, s: Session, docs: list[m.Document], events: list[list[Claim]]) -> list[list[m.Claim]]:
        """The reports' claims and who said each, as one batched INSERT per table; the sources, actors
        and places they name are looked up in one statement per kind (the few new ones created)."""
        sources: dict[str, dict] = {}
        actors: dict[str, dict] = {}
        places: dict[str, dict] = {}
        for doc, evs in zip(docs, events, strict=True):
            for c in evs:
                for role, name in _roles(c, doc):
                    sources.setdefault(name_key(name), {"name": name, "kind": role})
                for name in (c.actor1, c.actor2):
                    if name:
                        actors.setdefault(name_key(name), {"name": name})
                if c.location:
                    places.setdefault(_place_key(c.location), _place_fields(c.location))
        source_ids = self._named(s, m.Source, sources)
        actor_ids = self._named(s, m.Actor, actors)
        place_ids = self._named(s, m.Place, places)
        rows = [[self._claim_row(doc, i, c, actor_ids, place_ids) for i, c in enumerate(evs)]
                for doc, evs in zip(docs, events, strict=True)]
        s.add_all([r for rs in rows for r in rs])
        s.flush()
        links: dict[tuple[int, int, str], None] = {}  # ordered and without repeats
        for doc, rs, evs in zip(docs, rows, events, strict=True):
            for row, c in zip(rs, evs, strict=True):
                for role, name in _roles(c, doc):
                    links[(row.id, source_ids[name_key(name)], role)] = None
        if links:
            # One multi-row INSERT: an executemany would be one statement per row on PostgreSQL.
            s.execute(insert(m.ClaimSource).values(
                [{"claim_id": a, "source_id": b, "role": r} for a, b, r in links]))
        return rows

    @staticmethod
    def _claim_row(doc: m.Document, ordinal: int, c: Claim, actor_ids: dict[str, int], place_ids: dict[str, int]
                   ) -> m.Claim:
        mc = MergeClaim.from_claim(c, Document(id=doc.ext_id, text=doc.text), ordinal)
        rng = mc.date_range
        loc = c.location
        counts = {}
        # every column set, None or not: rows with the same columns go in one multi-row INSERT
        for prefix, count in (("killed", c.fatalities), ("injured", c.injuries)):
            for part in ("low", "best", "high", "text"):
                counts[f"{prefix}_{part}"] = getattr(count, part) if count is not None else None
        return m.Claim(
            key=mc.key,
            document_id=doc.id,
            ordinal=ordinal,
            active=doc.status == "active",
            incident_id=None,
            event_type=c.event_type,
            sub_event_type=c.sub_event_type,
            date=mc.date,
            date_precision=c.date_precision,
            date_lo=rng[0] if rng else None,
            date_hi=rng[1] if rng else None,
            place_id=place_ids[_place_key(loc)] if loc else None,
            location_name=loc.name if loc else None,
            gazetteer_name=loc.gazetteer_name if loc else None,
            admin1=loc.admin1 if loc else None,
            country=loc.country if loc else None,
            country_code=loc.country_code if loc else None,
            lat=loc.lat if loc else None,
            lon=loc.lon if loc else None,
            geonameid=loc.geonameid if loc else None,
            geo_precision=loc.geo_precision if loc else None,
            within=_within(loc),
            actor1_id=actor_ids[name_key(c.actor1)] if c.actor1 else None,
            actor2_id=actor_ids[name_key(c.actor2)] if c.actor2 else None,
            actor1=c.actor1,
            actor2=c.actor2,
            sources=list(c.sources),
            evidence=[e.to_dict() for e in c.evidence],
            field_evidence={k: v.to_dict() for k, v in c.field_evidence.items()},
            confidence=c.confidence,
            **counts,
        )

    @staticmethod
    def _named(s: Session, model, wanted: dict[str, dict]) -> dict[str, int]:
        """Ids of the rows of `model` with these keys, the missing ones created in one INSERT.  No other
        writer can create the same key meanwhile: write sessions are serialised (SQLite's BEGIN
        IMMEDIATE, PostgreSQL's advisory lock, see `session`)."""
        if not wanted:
            return {}
        found = dict(s.execute(select(model.key, model.id).where(model.key.in_(list(wanted)))).all())
        missing = [{"key": k, **fields} for k, fields in wanted.items() if k not in found]
        if missing:
            found.update((k, i) for k, i in s.execute(insert(model).returning(model.key, model.id), missing))
        return found

    def remerge(self, who: str = "sitrep", why: str | None = "merge rules re-applied") -> dict[str, int]:
        """Recompute every link and re-cluster every incident from scratch (after a change to the merge
        rules).  Reviewer decisions stand: locked incidents keep their claims.  Gives the same incidents
        as ingesting everything again, in any order."""
        with self.session() as s:
            s.execute(delete(m.ClaimLink))
            rows = list(s.execute(select(m.Claim, m.Document).join(m.Document).where(m.Claim.active).order_by(m.Claim.key)))
            links = sum(merging.link(s, c, d) for c, d in rows)
            s.flush()
            remaining = {c.id for c, _ in rows}
            while remaining:
                seed = min(remaining)
                remaining -= merging.component(s, {seed})
                merging.recluster(s, {seed})
            merging.tidy(s, set(s.scalars(select(m.Incident.id).where(m.Incident.status == "active"))))
            # In the audit log: incidents changed without a new report (and readers watching the log see it).
            s.add(m.ReviewAction(action="remerge", who=who, at=merging.now(), why=why, incident_ids=[],
                                 params={"claims": len(rows), "links": links // 2}, before={}, after={}))  # fmt: skip
        return {"claims": len(rows), "links": links // 2, **self.stats()}

    # ---- review ---------------------------------------------------------------------------------

    def merge_incidents(self, ids: list[int], who: str, why: str | None = None) -> int:
        with self.session() as s:
            return review.merge(s, ids, who, why)

    def split_incident(self, incident_id: int, claim_ids: list[int], who: str, why: str | None = None) -> int:
        with self.session() as s:
            return review.split(s, incident_id, claim_ids, who, why)

    def edit_incident(self, incident_id: int, changes: dict[str, Any], who: str, why: str | None = None) -> None:
        with self.session() as s:
            review.edit(s, incident_id, changes, who, why)

    def reject_incident(self, incident_id: int, who: str, why: str | None = None) -> None:
        with self.session() as s:
            review.reject(s, incident_id, who, why)

    def undo(self, action_id: int, who: str, why: str | None = None) -> int:
        with self.session() as s:
            return review.undo(s, action_id, who, why)

    def audit_log(self, incident_id: int | None = None) -> list[dict[str, Any]]:
        with self.session(write=False) as s:
            if incident_id is None:
                return [action_dict(a) for a in s.scalars(select(m.ReviewAction).order_by(m.ReviewAction.id))]
            return [action_dict(a) for a in review.actions_for(s, incident_id)]


def _roles(c: Claim, doc: m.Document) -> list[tuple[str, str]]:
    """Who said a claim: the sources the report attributes it to, then the report's publisher."""
    roles = [("attributed", name) for name in c.sources]
    if doc.publisher:
        roles.append(("publisher", doc.publisher))
    return roles


def _place_key(loc) -> str:
    return f"gn:{loc.geonameid}" if loc.geonameid else f"name:{loc.country_code or ''}:{name_key(loc.name or '')}"


def _place_fields(loc) -> dict[str, Any]:
    return {
        "geonameid": loc.geonameid,
        "name": loc.gazetteer_name or loc.name or "",  # the gazetteer's name; claims keep the report's
        "admin1": loc.admin1,
        "country": loc.country,
        "country_code": loc.country_code,
        "lat": loc.lat,
        "lon": loc.lon,
    }


def _within(loc) -> dict[str, Any] | None:
    """Location.within as stored: the region a place the gazetteer lacks was named with (None if none)."""
    w = getattr(loc, "within", None) if loc is not None else None
    if not w:
        return None
    return {k: w.get(k) for k in ("name", "lat", "lon", "geonameid", "geo_precision")}


def _rank(d: Document | m.Document) -> tuple[int, str, str]:
    """Which of several copies of one text stands: the earliest dated, then the smallest id."""
    published = d.published
    ext_id = d.ext_id if isinstance(d, m.Document) else d.id
    return (0 if published else 1, published or "", ext_id)
