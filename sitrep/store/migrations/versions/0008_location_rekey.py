"""location key again: incidents' search keys computed with the place key that keeps short names apart by
their vowels ("Douma" no longer shares a key with "Dama", nor "Quetta" with "Quito").  A change to
sitrep.geo.place_key needs a revision like this one.

Revision ID: 0008_location_rekey
Revises: 0007_gazetteer_name
Create Date: 2026-12-02 13:30:00
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

from sitrep.geo.names import place_key, skeleton

revision = "0008_location_rekey"
down_revision = "0007_gazetteer_name"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _rekey(place_key)


def downgrade() -> None:
    _rekey(lambda name: skeleton(name) or None)  # the key of the revisions before: the skeleton


def _rekey(key: Callable[[str], str | None]) -> None:
    """location_key = key(location_name) for every incident, one UPDATE per distinct name."""
    incidents = sa.table("incidents", sa.column("location_name", sa.String), sa.column("location_key", sa.String))
    conn = op.get_bind()
    names = conn.execute(sa.select(incidents.c.location_name).distinct()
                         .where(incidents.c.location_name.is_not(None))).scalars().all()
    for name in names:
        conn.execute(incidents.update().where(incidents.c.location_name == name)
                     .values(location_key=key(name)))
