"""Review endpoints: merge, split, edit, reject, undo, and the audit log.  Each needs a reviewer token;
the store refuses what the incidents' state does not allow (NotFound 404, Conflict 409)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field, field_validator

from sitrep.api import models
from sitrep.api.access import WRITE_SECURITY, Reader, Reviewer, errors, read_route
from sitrep.merge.figures import GRADES
from sitrep.store.query import INT64
from sitrep.taxonomy import EVENT_TYPES, SUB_EVENT_TYPES

router = APIRouter(tags=["review"])
Id = Annotated[int, Path(ge=1, le=INT64)]
JSON_INT = 2**53 - 1  # ids in JSON bodies: the integers every JSON parser (JavaScript's too) holds exactly
WRITE_ERRORS = errors(400, 401, 403, 404, 409, 413, 422)


class Reason(BaseModel):
    reason: str | None = Field(None, max_length=2000, description="why (kept in the audit log)")


class MergeBody(Reason):
    ids: list[Annotated[int, Field(ge=1, le=JSON_INT)]] = Field(
        ..., min_length=2, max_length=1000, description="incidents to merge; the lowest id survives"
    )


class SplitBody(Reason):
    claim_ids: list[Annotated[int, Field(ge=1, le=JSON_INT)]] = Field(
        ..., min_length=1, max_length=10_000, description="claims to move into a new incident"
    )


class EditBody(Reason):
    changes: dict[str, Any] = Field(
        ..., min_length=1, max_length=50, description="field -> value; null gives a field back to the computed value"
    )

    @field_validator("changes")
    @classmethod
    def _valid_values(cls, changes: dict[str, Any]) -> dict[str, Any]:
        for k, v in changes.items():
            if v is not None and k in EDIT_CHECKS and not EDIT_CHECKS[k](v):
                raise ValueError(f"invalid value for {k}: {v!r}")
        return changes


def _is_date(v: Any) -> bool:
    try:
        date.fromisoformat(v)
        return isinstance(v, str) and len(v) == 10
    except (TypeError, ValueError):
        return False


def _count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 10**7


def _number(lo: float, hi: float):
    return lambda v: isinstance(v, int | float) and not isinstance(v, bool) and lo <= v <= hi


def _text(v: Any) -> bool:
    return isinstance(v, str) and 0 < len(v) <= 300


EDIT_CHECKS = {
    "event_type": lambda v: v in EVENT_TYPES,
    "sub_event_type": lambda v: v in SUB_EVENT_TYPES,
    "date": _is_date,
    "date_precision": lambda v: v in ("day", "week", "month", "year"),
    "lat": _number(-90, 90),
    "lon": _number(-180, 180),
    "geo_precision": lambda v: v in (1, 2, 3),
    "grade": lambda v: v in GRADES,
    "country_code": lambda v: isinstance(v, str) and len(v) == 2 and v.isalpha() and v.isupper(),
    **{f"{w}_{b}": _count for w in ("killed", "injured") for b in ("low", "best", "high")},
    **{f: _text for f in ("location_name", "admin1", "country", "actor1", "actor2")},
}


@router.post(
    "/incidents/merge", summary="merge incidents into the lowest id", response_model=models.Merged,
    responses=WRITE_ERRORS, openapi_extra=WRITE_SECURITY,
)  # fmt: skip
def merge(request: Request, who: Reviewer, body: MergeBody) -> dict[str, Any]:
    store = request.app.state.store
    into = store.merge_incidents(body.ids, who.name, body.reason)
    return {"incident": into, "action": _last_action(store, into)}


@router.post(
    "/incidents/{incident_id}/split", summary="move claims into a new incident", response_model=models.SplitDone,
    responses=WRITE_ERRORS, openapi_extra=WRITE_SECURITY,
)  # fmt: skip
def split(request: Request, who: Reviewer, incident_id: Id, body: SplitBody) -> dict[str, Any]:
    store = request.app.state.store
    new = store.split_incident(incident_id, body.claim_ids, who.name, body.reason)
    return {"incident": incident_id, "new_incident": new, "action": _last_action(store, new)}


@router.post(
    "/incidents/{incident_id}/edit", summary="override fields of an incident", response_model=models.Reviewed,
    responses=WRITE_ERRORS, openapi_extra=WRITE_SECURITY,
)  # fmt: skip
def edit(request: Request, who: Reviewer, incident_id: Id, body: EditBody) -> dict[str, Any]:
    store = request.app.state.store
    store.edit_incident(incident_id, body.changes, who.name, body.reason)
    return {"incident": incident_id, "action": _last_action(store, incident_id)}


@router.post(
    "/incidents/{incident_id}/reject", summary="reject an incident (not a real event)", response_model=models.Reviewed,
    responses=WRITE_ERRORS, openapi_extra=WRITE_SECURITY,
)  # fmt: skip
def reject(request: Request, who: Reviewer, incident_id: Id, body: Reason | None = None) -> dict[str, Any]:
    store = request.app.state.store
    store.reject_incident(incident_id, who.name, body.reason if body else None)
    return {"incident": incident_id, "action": _last_action(store, incident_id)}


@router.post(
    "/actions/{action_id}/undo", summary="undo a review action", response_model=models.Undone,
    responses=WRITE_ERRORS, openapi_extra=WRITE_SECURITY,
)  # fmt: skip
def undo(request: Request, who: Reviewer, action_id: Id, body: Reason | None = None) -> dict[str, Any]:
    new = request.app.state.store.undo(action_id, who.name, body.reason if body else None)
    return {"undone": action_id, "action": new}


@read_route(router, "/actions", "the audit log, all or of one incident", response_model=models.AuditLog)
def get_actions(request: Request, _: Reader, incident: Annotated[int | None, Query(ge=1, le=INT64)] = None) -> dict[str, Any]:
    return {"items": request.app.state.store.audit_log(incident)}


def _last_action(store, incident_id: int) -> int | None:
    log = store.audit_log(incident_id)
    return log[-1]["id"] if log else None
