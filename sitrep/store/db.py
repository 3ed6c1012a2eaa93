"""Engine creation and migrations: SQLite gets WAL, a busy timeout and foreign keys."""

from __future__ import annotations

import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:
            # We issue BEGIN ourselves (below): the driver's implicit BEGIN comes only before DML, too late
            # for a write transaction to take the lock up front, and leaves DDL outside transactions.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            # WAL: readers (the API) do not block the ingest writer, and a killed writer leaves the last
            # committed state intact.  synchronous=NORMAL is durable across process crashes in WAL mode.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:
            # Writers start with BEGIN IMMEDIATE: they wait (busy_timeout) for the write lock instead of
            # failing with SQLITE_BUSY when another writer committed after they read (the API reviewing
            # while an ingest runs).  Readers stay deferred and never block anyone in WAL mode.
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    return create_engine(url, pool_pre_ping=True)


WRITE = {"sqlite_begin": "IMMEDIATE"}


def migrate(engine: Engine, attempts: int = 3) -> None:
    """Bring the schema to the newest revision (a no-op when it is there already).

    Two processes opening a new database at once (the API server and an ingest) may both try to create
    it; the loser fails on "already exists" once the winner commits, and simply tries again.
    """
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    for attempt in range(attempts):
        try:
            with engine.connect() as conn:
                conn = conn.execution_options(**WRITE)
                conn.begin()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                conn.commit()
            return
        except (OperationalError, ProgrammingError, IntegrityError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
