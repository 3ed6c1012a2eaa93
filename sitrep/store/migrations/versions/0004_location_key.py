"""location key: incidents' place names as search compares them (no diacritics, articles or vowel
spellings), filled for the incidents already stored

Revision ID: 0004_location_key
Revises: 0003_location_within
Create Date: 2026-12-02 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sitrep.geo.names import place_key

revision = "0004_location_key"
down_revision = "0003_location_within"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("location_key", sa.String(length=300), nullable=True))
        batch_op.create_index(batch_op.f("ix_incidents_location_key"), ["location_key"], unique=False)
    incidents = sa.table("incidents", sa.column("id", sa.Integer), sa.column("location_name", sa.String),
                         sa.column("location_key", sa.String))
    conn = op.get_bind()
    rows = conn.execute(sa.select(incidents.c.id, incidents.c.location_name)
                        .where(incidents.c.location_name.is_not(None))).all()
    for rid, name in rows:
        conn.execute(incidents.update().where(incidents.c.id == rid).values(location_key=place_key(name)))


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_location_key"))
        batch_op.drop_column("location_key")
