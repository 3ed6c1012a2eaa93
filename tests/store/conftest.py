"""Store fixtures: every store test runs on SQLite and, when SITREP_TEST_PG_URL is set (.ci/services.sh
starts a throwaway server), on PostgreSQL, each test in a fresh database."""

from __future__ import annotations

import os
import uuid

import pytest

from sitrep.store import Store

PG_URL = os.environ.get("SITREP_TEST_PG_URL")


_TEMPLATE: list[str] = []


def _pg_database():
    """A fresh database, copied from a template migrated once per session (migrating per test is slow)."""
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    base = PG_URL.rsplit("/", 1)[0]
    if not _TEMPLATE:
        tmpl = f"sitrep_tmpl_{uuid.uuid4().hex[:12]}"
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{tmpl}"'))
        Store.open(f"{base}/{tmpl}").close()
        _TEMPLATE.append(tmpl)
    name = f"sitrep_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_TEMPLATE[0]}"'))

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return f"{base}/{name}", drop


@pytest.fixture(scope="session", autouse=True)
def _drop_template():
    yield
    if _TEMPLATE and PG_URL:
        from sqlalchemy import create_engine, text

        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{_TEMPLATE[0]}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A URL to an empty database; call it twice (db_url_factory) for several."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sitrep.db'}"
        return
    if not PG_URL:
        pytest.skip("SITREP_TEST_PG_URL is not set (run .ci/services.sh)")
    url, drop = _pg_database()
    yield url
    drop()


@pytest.fixture
def store(db_url):
    s = Store.open(db_url)
    yield s
    s.close()


@pytest.fixture
def new_store(request, tmp_path):
    """A factory of fresh stores of the same backend as `store` (for comparing ingest orders)."""
    backend = "postgres" if "postgres" in request.node.callspec.id else "sqlite"
    made, drops = [], []

    def make() -> Store:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path / f'{uuid.uuid4().hex}.db'}"
        else:
            url, drop = _pg_database()
            drops.append(drop)
        s = Store.open(url)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()
    for d in drops:
        d()
