"""The Alembic migrations build exactly the models' schema, and go down and up again."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from sitrep.store.db import MIGRATIONS, make_engine, migrate
from sitrep.store.models import Base


def test_migrations_match_models(db_url):
    engine = make_engine(db_url)
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # Not in the models: the full-text table/index (created by hand in 0001).
    diff = [d for d in diff if "fts" not in str(d)]
    assert diff == [], diff
    engine.dispose()


def test_downgrade_and_upgrade(db_url):
    migrate(make_engine(db_url))
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(db_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    engine = make_engine(db_url)
    migrate(engine)
    assert {"documents", "claims", "incidents", "review_actions", "failures"} <= set(inspect(engine).get_table_names())
    engine.dispose()
