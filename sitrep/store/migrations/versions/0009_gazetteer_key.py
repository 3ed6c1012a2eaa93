"""gazetteer key: incidents' gazetteer names as search compares them (place_key), so a search by the
gazetteer's name finds a place the reports spell otherwise ("Cuíto" finds "Kuito"); filled for the
incidents already stored

Revision ID: 0009_gazetteer_key
Revises: 0008_location_rekey
Create Date: 2026-12-02 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sitrep.geo.names import place_key

revision = "0009_gazetteer_key"
down_revision = "0008_location_rekey"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gazetteer_key", sa.String(length=300), nullable=True))
        batch_op.create_index(batch_op.f("ix_incidents_gazetteer_key"), ["gazetteer_key"], unique=False)
    incidents = sa.table("incidents", sa.column("gazetteer_name", sa.String), sa.column("gazetteer_key", sa.String))
    conn = op.get_bind()
    names = conn.execute(sa.select(incidents.c.gazetteer_name).distinct()
                         .where(incidents.c.gazetteer_name.is_not(None))).scalars().all()
    for name in names:  # one UPDATE per distinct name
        conn.execute(incidents.update().where(incidents.c.gazetteer_name == name)
                     .values(gazetteer_key=place_key(name)))


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_gazetteer_key"))
        batch_op.drop_column("gazetteer_key")
