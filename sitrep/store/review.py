"""Reviewer actions: merge, split, edit, reject, undo.  Each writes one audit-log row holding the state
of the incidents it touched before and after, which is what undo restores.

Every action locks the incidents it touches: automatic re-merging keeps their claims where the reviewer
put them and never merges two locked incidents (see sitrep.merge.cluster).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sitrep.errors import Conflict, NotFound
from sitrep.store import merging
from sitrep.store import models as m
from sitrep.store.query import storable_id

EDITABLE = {
    "event_type", "sub_event_type", "date", "date_precision", "location_name", "admin1", "country",
    "country_code", "lat", "lon", "geo_precision", "actor1", "actor2", "killed_low", "killed_best",
    "killed_high", "injured_low", "injured_best", "injured_high", "grade",
}  # fmt: skip


def _incident(s: Session, incident_id: int) -> m.Incident:
    inc = s.get(m.Incident, incident_id) if storable_id(incident_id) else None
    if inc is None:
        raise NotFound(f"no incident {incident_id}")
    return inc


def _state(s: Session, incident_id: int) -> dict[str, Any] | None:
    inc = s.get(m.Incident, incident_id)
    if inc is None:
        return None
    claims = s.scalars(select(m.Claim.id).where(m.Claim.incident_id == incident_id, m.Claim.active)).all()
    return {
        "status": inc.status,
        "locked": inc.locked,
        "merged_into": inc.merged_into_id,
        "overrides": dict(inc.overrides or {}),
        "claims": sorted(claims),
    }


def _log(s: Session, action: str, ids: list[int], who: str, why: str | None, before: dict, params: dict) -> m.ReviewAction:
    s.flush()
    after = {str(i): _state(s, i) for i in ids}
    row = m.ReviewAction(
        action=action,
        who=who,
        at=merging.now(),
        why=why,
        incident_ids=ids,
        params=params,
        before=before,
        after=after,
    )
    s.add(row)
    s.flush()
    return row


def merge(s: Session, ids: list[int], who: str, why: str | None) -> int:
    ids = sorted(set(ids))
    if len(ids) < 2:
        raise Conflict("merge needs two or more incidents")
    incs = [_incident(s, i) for i in ids]
    for inc in incs:
        if inc.status != "active":
            raise Conflict(f"incident {inc.id} is {inc.status}")
    before = {str(i): _state(s, i) for i in ids}
    target = incs[0]
    for inc in incs[1:]:
        for c in s.scalars(select(m.Claim).where(m.Claim.incident_id == inc.id)):
            c.incident_id = target.id
        inc.status, inc.merged_into_id, inc.locked = "merged", target.id, True
        inc.n_claims = 0
    target.locked = True
    s.flush()
    merging.refresh(s, target.id)
    _log(s, "merge", ids, who, why, before, {"into": target.id})
    return target.id


def split(s: Session, incident_id: int, claim_ids: list[int], who: str, why: str | None) -> int:
    inc = _incident(s, incident_id)
    ok = [c for c in claim_ids if storable_id(c)]
    claims = s.scalars(select(m.Claim).where(m.Claim.id.in_(ok))).all() if ok else []
    if not claims or len(claims) != len(set(claim_ids)):
        raise NotFound("unknown claim ids")
    if any(c.incident_id != incident_id for c in claims):
        raise Conflict(f"every claim to split off must belong to incident {incident_id}")
    remaining = s.scalars(
        select(m.Claim.id).where(m.Claim.incident_id == incident_id, m.Claim.active, m.Claim.id.not_in(claim_ids))
    ).all()
    if not remaining:
        raise Conflict("a split must leave at least one claim in the incident")
    before = {str(incident_id): _state(s, incident_id)}
    new = m.Incident(created_at=merging.now(), updated_at=merging.now(), overrides={}, locked=True)
    s.add(new)
    s.flush()
    before[str(new.id)] = None
    for c in claims:
        c.incident_id = new.id
    inc.locked = True
    s.flush()
    merging.refresh(s, incident_id)
    merging.refresh(s, new.id)
    _log(s, "split", [incident_id, new.id], who, why, before, {"claims": sorted(claim_ids), "new": new.id})
    return new.id


def edit(s: Session, incident_id: int, changes: dict[str, Any], who: str, why: str | None) -> None:
    inc = _incident(s, incident_id)
    bad = set(changes) - EDITABLE
    if bad:
        raise Conflict(f"cannot edit {', '.join(sorted(bad))}; editable: {', '.join(sorted(EDITABLE))}")
    before = {str(incident_id): _state(s, incident_id)}
    overrides = dict(inc.overrides or {})
    for k, v in changes.items():
        if v is None:
            overrides.pop(k, None)  # editing a field to nothing gives it back to the computed value
        else:
            overrides[k] = v
    inc.overrides, inc.locked = overrides, True
    s.flush()
    merging.refresh(s, incident_id)
    _log(s, "edit", [incident_id], who, why, before, {"changes": changes})


def reject(s: Session, incident_id: int, who: str, why: str | None) -> None:
    inc = _incident(s, incident_id)
    if inc.status != "active":
        raise Conflict(f"incident {incident_id} is {inc.status}")
    before = {str(incident_id): _state(s, incident_id)}
    inc.status, inc.locked = "rejected", True
    _log(s, "reject", [incident_id], who, why, before, {})


def undo(s: Session, action_id: int, who: str, why: str | None) -> int:
    """Restore the incidents an action touched to their state before it, if nothing changed them since
    (except claims that automatic merging added later, which are re-merged)."""
    action = s.get(m.ReviewAction, action_id) if storable_id(action_id) else None
    if action is None:
        raise NotFound(f"no review action {action_id}")
    if action.undone_by_id is not None:
        raise Conflict(f"action {action_id} was already undone by action {action.undone_by_id}")
    if action.action == "undo":
        raise Conflict("an undo is not undone; redo the original action instead")
    if action.action == "remerge":
        raise Conflict("a re-merge is not undone; it keeps every reviewer decision")
    ids = [int(i) for i in action.before]
    for i in ids:
        now_state, after = _state(s, i), (action.after or {}).get(str(i))
        if (now_state is None) != (after is None) or (
            now_state
            and after
            and (
                {k: now_state[k] for k in ("status", "locked", "merged_into", "overrides")}
                != {k: after[k] for k in ("status", "locked", "merged_into", "overrides")}
                or not set(after["claims"]) <= set(now_state["claims"])
            )
        ):
            raise Conflict(f"incident {i} changed after action {action_id}; undo the later actions first")
    before_all = {str(i): _state(s, i) for i in ids}
    strays: set[int] = set()
    placed = {c for st in action.before.values() if st for c in st["claims"]}
    for i in ids:
        for c in s.scalars(select(m.Claim).where(m.Claim.incident_id == i)):
            if c.id not in placed:
                c.incident_id = None
                strays.add(c.id)
    s.flush()
    for i in ids:
        st = action.before[str(i)]
        if st is None:
            continue
        inc = _incident(s, i)
        inc.status, inc.locked, inc.merged_into_id = st["status"], st["locked"], st["merged_into"]
        inc.overrides = dict(st["overrides"])
        for c in s.scalars(select(m.Claim).where(m.Claim.id.in_(st["claims"]))):
            c.incident_id = i
    s.flush()
    for i in ids:
        if action.before[str(i)] is None:  # created by the action (a split): its claims went home above
            s.delete(_incident(s, i))
    s.flush()
    for i in ids:
        if action.before[str(i)] is not None:
            merging.refresh(s, i)
    if strays:
        merging.recluster(s, strays)
    row = _log(s, "undo", ids, who, why, before_all, {"undoes": action_id})
    action.undone_by_id = row.id
    return row.id


def actions_for(s: Session, incident_id: int) -> list[m.ReviewAction]:
    rows = s.scalars(select(m.ReviewAction).order_by(m.ReviewAction.id)).all()
    return [a for a in rows if incident_id in (a.incident_ids or [])]
