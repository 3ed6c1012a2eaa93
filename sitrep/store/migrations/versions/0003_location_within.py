"""location within: the region a place the gazetteer lacks was named with (claims), and the approximate
point it gives an incident (incidents)

Revision ID: 0003_location_within
Revises: 0002_api_tokens
Create Date: 2026-11-26 14:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_location_within"
down_revision = "0002_api_tokens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("within", sa.JSON(none_as_null=True), nullable=True))
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("within", sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("within")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("within")
