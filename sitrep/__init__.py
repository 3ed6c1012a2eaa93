"""sitrep: conflict reports in, a verified incident database out.

Stages, one sub-package each, in data-flow order:
ingest (source -> Document), extract (Document -> Claim, using geo), merge (Claim -> Incident),
store (SQLite/PostgreSQL); run (the orchestration: ingest(), workers, Dask, watching feeds);
api and web (serve); cli (the `sitrep` command).  Plain types between stages: sitrep/types.py.
"""

__version__ = "0.1.0"
