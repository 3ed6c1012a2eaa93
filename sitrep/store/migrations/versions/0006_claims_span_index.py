"""claims: an index on (active, date_precision, date_lo), so the merge's candidate search reads only
the claims of nearby days, each precision through its own range; claims: (incident_id, active), which SQLite otherwise passes
over for (active, ...) and reads every active claim to find an incident's; incidents: an index on
merged_into_id, which deleting an incident checks (a scan of all incidents without it)

Revision ID: 0006_claims_span_index
Revises: 0005_alerts
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0006_claims_span_index"
down_revision = "0005_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index("ix_claims_span", ["active", "date_precision", "date_lo"], unique=False)
        batch_op.create_index("ix_claims_incident_active", ["incident_id", "active"], unique=False)
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidents_merged_into_id"), ["merged_into_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_merged_into_id"))
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_incident_active")
        batch_op.drop_index("ix_claims_span")
