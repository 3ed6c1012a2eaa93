"""Reports that could not be processed: recorded with their reason and, when known, the document to
retry.  A mixin of `Store`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sitrep.store import merging
from sitrep.store import models as m
from sitrep.types import Document


class Failures:
    session: Any  # Store.session

    def record_failure(
        self, report_id: str, reason: str, origin: str | None = None, document: Document | None = None
    ) -> int:
        """Keep a report that could not be processed, with its reason and, when known, the document to
        retry.  A report failing again bumps its attempts instead of adding a row."""
        payload = None
        if document is not None:
            payload = {**document.to_dict(), "text": document.text, "origin": document.origin}
        with self.session() as s:
            row = s.scalar(
                select(m.Failure).where(m.Failure.report_id == report_id, m.Failure.resolved_at.is_(None))
            )
            if row is None:
                row = m.Failure(report_id=report_id, origin=origin, reason=reason, payload=payload, attempts=1, created_at=merging.now())
                s.add(row)
            else:
                row.reason, row.attempts = reason, row.attempts + 1
                row.payload = payload or row.payload
                row.origin = origin or row.origin
            s.flush()
            return row.id

    def failures(self, include_resolved: bool = False) -> list[dict[str, Any]]:
        with self.session(write=False) as s:
            q = select(m.Failure).order_by(m.Failure.id)
            if not include_resolved:
                q = q.where(m.Failure.resolved_at.is_(None))
            return [
                {
                    "id": f.id,
                    "report_id": f.report_id,
                    "origin": f.origin,
                    "reason": f.reason,
                    "attempts": f.attempts,
                    "created_at": f.created_at.isoformat() if f.created_at else None,
                    "resolved_at": f.resolved_at.isoformat() if f.resolved_at else None,
                    "retryable": f.payload is not None,
                }
                for f in s.scalars(q)
            ]

    def failed_documents(self) -> list[tuple[int, Document]]:
        """The open failures that can be retried, as documents."""
        out = []
        with self.session(write=False) as s:
            q = select(m.Failure).where(m.Failure.resolved_at.is_(None), m.Failure.payload.is_not(None))
            for f in s.scalars(q.order_by(m.Failure.id)):
                p = dict(f.payload or {})
                out.append(
                    (
                        f.id,
                        Document(
                            id=p.get("id") or f.report_id,
                            text=p.get("text") or "",
                            title=p.get("title"),
                            publisher=p.get("publisher"),
                            published=p.get("published"),
                            url=p.get("url"),
                            language=p.get("language"),
                            origin=p.get("origin") or f.origin,
                        ),
                    )
                )
        return out

    def resolve_failure(self, report_id: str) -> None:
        """Mark a report's open failures resolved (it went in after all)."""
        with self.session() as s:
            self._resolve_failures(s, [report_id])

    @staticmethod
    def _resolve_failures(s: Session, report_ids: list[str]) -> None:
        q = select(m.Failure).where(m.Failure.report_id.in_(set(report_ids)), m.Failure.resolved_at.is_(None))
        for f in s.scalars(q):
            f.resolved_at = merging.now()
