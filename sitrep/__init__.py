"""sitrep: conflict reports in, a verified incident database out.

Stages, one sub-package each, in data-flow order:
ingest (Report -> Document), extract (Document -> Claim, using geo), merge (Claim -> Incident),
store (SQLite/PostgreSQL), api and web (serve), cli (the `sitrep` command).
"""

__version__ = "0.1.0"
