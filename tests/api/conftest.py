"""API fixtures: one hand-built SQLite store per session, copied for each test (tests may write)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api import data
from sitrep.api import create_app
from sitrep.config import Settings


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    """(path of a built store, token secrets by role)."""
    path = tmp_path_factory.mktemp("api-template") / "template.db"
    secrets = data.build(path)
    return path, secrets


@pytest.fixture
def secrets(template):
    return template[1]


@pytest.fixture
def db_path(template, tmp_path):
    return data.copy(template[0], tmp_path / "sitrep.db")


def _client(db_path, **settings) -> TestClient:
    app = create_app(Settings(db=str(db_path), **settings))
    return TestClient(app)


@pytest.fixture
def client(db_path):
    with _client(db_path) as c:
        yield c
    c.app.state.store.close()


@pytest.fixture
def fresh_client(db_path):
    """A client on a fresh copy of the store, for tests that write."""
    with _client(db_path) as c:
        yield c
    c.app.state.store.close()


@pytest.fixture
def closed_client(db_path):
    with _client(db_path, read_open=False) as c:
        yield c
    c.app.state.store.close()


@pytest.fixture
def auth(secrets):
    """Authorization headers by role."""
    return {role: {"Authorization": f"Bearer {s}"} for role, s in secrets.items()}
