"""One error tree for the whole package.  Library code raises these (never SystemExit); the CLI prints
`sitrep: <message>` on one line and the API answers with an RFC 9457 problem of the error's status.

    SitrepError            500  anything sitrep refuses or cannot do, with a one-line message
    ├── InvalidInput       422  a value given by the caller is malformed or out of range
    ├── Unauthorized       401  no valid token
    ├── Forbidden          403  a valid token without the needed role, or a refused origin
    ├── NotFound           404  no such incident, claim, action, document, token or database
    ├── Conflict           409  a review action that the incident's state refuses
    ├── ReportError        422  one report that cannot be processed (its id and the reason)
    ├── StoreError         503  the database failed (the message is its first line, not an SQL dump)
    └── SetupError         500  the installation lacks something (the spaCy model, ...)

Imports nothing from sitrep, so every module may use it.
"""

from __future__ import annotations


class SitrepError(Exception):
    """Base: `status` is the HTTP status the API answers with; `title` its short human name."""

    status = 500
    title = "Internal error"

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.title


class InvalidInput(SitrepError, ValueError):
    status = 422
    title = "Invalid input"


class Unauthorized(SitrepError):
    status = 401
    title = "Unauthorized"


class Forbidden(SitrepError):
    status = 403
    title = "Forbidden"


class NotFound(SitrepError, LookupError):
    status = 404
    title = "Not found"


class Conflict(SitrepError):
    status = 409
    title = "Conflict"


class StoreError(SitrepError):
    status = 503
    title = "Store unavailable"


class SetupError(SitrepError):
    status = 500
    title = "Installation incomplete"


class ReportError(SitrepError):
    """A report that cannot be processed; the message is shown to the user as one line."""

    status = 422
    title = "Report refused"

    def __init__(self, report_id: str, reason: str):
        super().__init__(f"{report_id}: {reason}")
        self.report_id = report_id
        self.reason = reason

    def __reduce__(self):  # picklable, so worker processes can hand errors back
        return (type(self), (self.report_id, self.reason))


def one_line(exc: BaseException, limit: int = 300) -> str:
    """An exception as one line: a database error's first line without the SQL and parameters that
    SQLAlchemy appends (e.g. "(sqlite3.OperationalError) database is locked")."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    if orig is not None:
        first = f"{type(orig).__name__}: {first}"
    return first if len(first) <= limit else first[: limit - 1] + "…"
