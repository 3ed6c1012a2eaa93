"""Store queries: incidents (through the query layer, sitrep.store.query), one incident with everything behind it, the
audit log, counts.  A mixin of `Store` (uses its `session` and `engine`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from sitrep.store import models as m
from sitrep.store import query, review
from sitrep.store.query import Filters
from sitrep.store.rows import (
    action_dict,
    claim_dict,
    document_dict,
    incident_dict,
    merge_view,
    readable_sources,
)


class Reading:
    engine: Engine
    session: Any  # Store.session

    def list_incidents(
        self,
        f: Filters | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        sort: str = "-date",
        with_claims: bool = False,
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """Incidents matching `f` (or `Filters(**filters)`), newest first; see sitrep.store.query."""
        f = f if f is not None else Filters(**filters)
        with self.engine.connect() as conn, conn.begin():
            items = query.list_incidents(conn, f, limit, offset, sort, total=False)["items"]
            if with_claims:
                by_id = {d["id"]: d for d in items}
                for d in items:
                    d["claims"] = []
                for incident_id, claim in query.claims_of(conn, list(by_id)):
                    by_id[incident_id]["claims"].append(claim)
        return items

    def get_incident(self, incident_id: int) -> dict[str, Any] | None:
        """One incident with its claims (and their reports and evidence), sources, figures by source,
        and its audit log."""
        with self.session(write=False) as s:
            found = self._detail(s, incident_id)
        return found[0] if found else None

    def explain(self, incident_id: int) -> dict[str, Any] | None:
        """Why these claims are one incident: every pair's decision with its reasons, the figure
        rule's inputs, the grade's reason, and reviewer decisions."""
        from sitrep.merge import same_event

        with self.session(write=False) as s:
            found = self._detail(s, incident_id)
            if found is None:
                return None
            detail, rows = found
            views = [(c.id, merge_view(c, d)) for c, d in rows]
            pairs = []
            for i, (ida, a) in enumerate(views):
                for idb, b in views[i + 1 :]:
                    pairs.append({"claims": [ida, idb], **same_event(a, b).to_dict()})
            detail["pairs"] = pairs
            detail["near_misses"] = self._near_misses(s, views, incident_id)
        return detail

    @staticmethod
    def _detail(s: Session, incident_id: int) -> tuple[dict[str, Any], list] | None:
        """get_incident's answer, with the (claim, document) rows it was built from."""
        from sitrep.merge.figures import figures, independent_sources

        inc = s.get(m.Incident, incident_id) if query.storable_id(incident_id) else None
        if inc is None:
            return None
        out = incident_dict(inc)
        rows = list(
            s.execute(
                select(m.Claim, m.Document)
                .join(m.Document)
                .where(m.Claim.incident_id == incident_id, m.Claim.active)
                .order_by(m.Claim.id)
            )
        )
        out["claims"] = [claim_dict(c, d) for c, d in rows]
        views = [merge_view(c, d) for c, d in rows]
        named = readable_sources(rows)
        out["sources"] = sorted({named.get(n, n) for n in independent_sources(views).values()})
        out["figures_by_source"] = {
            what: [{**v, "source": named.get(v["source"], v["source"])} for v in figures(views, what).by_source.values()]
            for what in ("killed", "injured")
        }
        out["audit"] = [action_dict(a) for a in review.actions_for(s, incident_id)]
        return out, rows

    @staticmethod
    def _near_misses(s, views, incident_id: int, floor: float = 0.5, limit: int = 5) -> list[dict[str, Any]]:
        """Claims outside the incident that came closest to joining it, and what kept them out (the
        "why not" beside the "why"): a veto against one of its claims, or an average score with its
        claims below the threshold (the clustering rule)."""
        from sitrep.merge import THRESHOLD, same_event
        from sitrep.store.merging import candidates

        seen: dict[int, tuple[m.Claim, m.Document]] = {}
        for cid, mc in views:
            for other, odoc in candidates(s, mc, cid):
                if other.incident_id != incident_id:
                    seen.setdefault(other.id, (other, odoc))
        groups: dict[int | None, list] = {}
        out = []
        for oid, (other, odoc) in seen.items():
            ov = merge_view(other, odoc)
            decisions = [(cid, same_event(mc, ov)) for cid, mc in views]
            best_cid, best = max(decisions, key=lambda x: x[1].score)
            if best.score < floor:
                continue
            # The clustering rule compares whole groups: this incident against the other claim's incident.
            if other.incident_id not in groups:
                rows = s.execute(
                    select(m.Claim, m.Document).join(m.Document).where(m.Claim.incident_id == other.incident_id, m.Claim.active)
                )
                groups[other.incident_id] = [merge_view(c, d) for c, d in rows] or [ov]
            cross = [same_event(mc, x) for _, mc in views for x in groups[other.incident_id]]
            vetoes = [d.veto for d in cross if d.veto]
            mean = sum(d.score for d in cross) / len(cross)
            n_other = len(groups[other.incident_id])
            locked = s.scalar(select(m.Incident.locked).where(m.Incident.id.in_([incident_id, other.incident_id])).where(m.Incident.locked).limit(1))
            if vetoes:
                why = f"a veto between the two incidents' claims: {vetoes[0]}"
            elif mean < THRESHOLD:
                why = f"average over the {len(views)}x{n_other} claim pairs of the two incidents {mean:.2f} < {THRESHOLD:.2f}"
            elif locked:
                why = "a reviewer decided on one of the incidents (locked)"
            else:
                why = f"average {mean:.2f} reaches the threshold now: the store predates the current rules (sitrep incident remerge)"
            out.append({"claim": oid, "incident_id": other.incident_id, "publisher": odoc.publisher,
                        "closest": best_cid, "score": round(best.score, 3), "mean": round(mean, 3),
                        "why_not": why, "reasons": best.reasons})  # fmt: skip
        return sorted(out, key=lambda x: (-x["mean"], x["claim"]))[:limit]

    def get_claim(self, claim_id: int) -> dict[str, Any] | None:
        with self.session(write=False) as s:
            c = s.get(m.Claim, claim_id) if query.storable_id(claim_id) else None
            return claim_dict(c, c.document) if c else None

    def documents(self, include_superseded: bool = True) -> list[dict[str, Any]]:
        with self.session(write=False) as s:
            q = select(m.Document).order_by(m.Document.id)
            if not include_superseded:
                q = q.where(m.Document.status == "active")
            return [document_dict(d) for d in s.scalars(q)]

    def stats(self) -> dict[str, int]:
        with self.session(write=False) as s:
            count = lambda q: s.scalar(select(func.count()).select_from(q)) or 0  # noqa: E731
            return {
                "documents": count(select(m.Document.id).subquery()),
                "claims": count(select(m.Claim.id).where(m.Claim.active).subquery()),
                "incidents": count(select(m.Incident.id).where(m.Incident.status == "active").subquery()),
                "failures": count(select(m.Failure.id).where(m.Failure.resolved_at.is_(None)).subquery()),
            }

    def count_incidents(self) -> int:
        return self.stats()["incidents"]

    def grouping(self) -> set[frozenset[str]]:
        """The incidents as sets of claim keys: equal across stores holding the same claims iff
        merging grouped them the same way (ids may differ)."""
        with self.session(write=False) as s:
            groups: dict[int, set[str]] = {}
            for key, inc in s.execute(select(m.Claim.key, m.Claim.incident_id).where(m.Claim.active)):
                groups.setdefault(inc, set()).add(key)
            return {frozenset(g) for g in groups.values()}
