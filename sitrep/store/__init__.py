"""The incident store: SQLAlchemy models, Alembic migrations, and the `Store` repository.

    from sitrep.store import Store
    store = Store.open(settings.db_url)        # creates or migrates; SQLite in WAL mode
    store.add_extraction(extraction)           # -> incident id per claim
"""

from sitrep.store.store import Store

__all__ = ["Store"]
