"""gazetteer name: claims and incidents keep the gazetteer's name of their place ("Dūmā") beside the
report's spelling (location_name, "Douma"); filled from the places table for the rows already stored.
The incidents' search key (location_key) is computed again, with the key function of this version.

Rows stored before the report's spelling was kept have the gazetteer's name in location_name too: their
reports' own spelling comes back only by extracting them again.

Revision ID: 0007_gazetteer_name
Revises: 0006_claims_span_index
Create Date: 2026-12-02 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sitrep.geo.names import place_key

revision = "0007_gazetteer_name"
down_revision = "0006_claims_span_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("claims", "incidents"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("gazetteer_name", sa.String(length=300), nullable=True))
    places = sa.table("places", sa.column("id", sa.Integer), sa.column("geonameid", sa.Integer),
                      sa.column("name", sa.String))
    for table in ("claims", "incidents"):
        rows = sa.table(table, sa.column("place_id", sa.Integer), sa.column("gazetteer_name", sa.String))
        # the places row of a gazetteer place holds the gazetteer's name; one the gazetteer lacks has none
        name = (sa.select(places.c.name).where(places.c.id == rows.c.place_id, places.c.geonameid.is_not(None))
                .scalar_subquery())
        op.execute(rows.update().where(rows.c.place_id.is_not(None)).values(gazetteer_name=name))
    _rekey()


def _rekey() -> None:
    """location_key = place_key(location_name) for every incident, one UPDATE per distinct name."""
    incidents = sa.table("incidents", sa.column("location_name", sa.String), sa.column("location_key", sa.String))
    conn = op.get_bind()
    names = conn.execute(sa.select(incidents.c.location_name).distinct()
                         .where(incidents.c.location_name.is_not(None))).scalars().all()
    for name in names:
        conn.execute(incidents.update().where(incidents.c.location_name == name)
                     .values(location_key=place_key(name)))


def downgrade() -> None:
    for table in ("incidents", "claims"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("gazetteer_name")
