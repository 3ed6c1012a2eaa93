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


def test_gazetteer_name_filled_for_stored_rows(db_url):
    """0007 gives the claims and incidents stored before it the gazetteer's name of their place (none
    for a place the gazetteer lacks) and recomputes the search key."""
    from sqlalchemy import text

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(db_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006_claims_span_index")
        command.downgrade(cfg, "0006_claims_span_index")  # (a PostgreSQL test database starts at head)
        conn.execute(text("INSERT INTO places (id, key, geonameid, name) VALUES (1, 'gn:170592', 170592, 'Dūmā'), "
                          "(2, 'name:SY:nowhere farm', NULL, 'Nowhere Farm')"))
        conn.execute(text("INSERT INTO documents (id, ext_id, content_hash, identity, text, status, ingested_at) "
                          "VALUES (1, 'r1', 'h1', 'id:r1', 'a report', 'active', CURRENT_TIMESTAMP)"))
        for iid, place, name in ((1, 1, "Dūmā"), (2, 2, "Nowhere Farm")):
            conn.execute(text("INSERT INTO incidents (id, status, locked, place_id, location_name, location_key, "
                              "n_claims, n_sources, overrides, created_at, updated_at) VALUES (:i, 'active', false, "
                              ":p, :n, 'stale', 1, 1, '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                         {"i": iid, "p": place, "n": name})
            conn.execute(text("INSERT INTO claims (id, key, document_id, ordinal, active, incident_id, event_type, "
                              "sub_event_type, place_id, location_name, sources, evidence, field_evidence) VALUES (:i, :k, 1, :i, "
                              "true, :i, 'Battles', 'Armed clash', :p, :n, '[]', '[]', '{}')"), {"i": iid, "k": f"h1:{iid}", "p": place, "n": name})
        command.upgrade(cfg, "head")
        incidents = conn.execute(text("SELECT gazetteer_name, location_key FROM incidents ORDER BY id")).all()
        gazetteer_keys = conn.execute(text("SELECT gazetteer_key FROM incidents ORDER BY id")).scalars().all()
        claims = conn.execute(text("SELECT gazetteer_name FROM claims ORDER BY id")).scalars().all()
    from sitrep.geo import place_key

    assert [tuple(r) for r in incidents] == [("Dūmā", place_key("Duma")), (None, place_key("Nowhere Farm"))]
    assert place_key("Duma").startswith("=")  # the short-name key of 0008, not the skeleton of 0004
    assert claims == ["Dūmā", None]
    assert gazetteer_keys == [place_key("Douma"), None]
    engine.dispose()
