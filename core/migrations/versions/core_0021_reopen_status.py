"""opportunities: the status before closing, given back on reopening

Revision ID: core_0021_reopen_status
Revises: core_0020_fold
Create Date: 2026-12-04 21:25:00.000000

Closing an opportunity now moves it to the confirmée (won) or perdu (lost)
status; the status it had is kept so reopening puts it back as it was.
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0021_reopen_status"
down_revision = "core_0020_fold"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("opportunity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("open_status_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_opportunity_open_status_id_opportunity_status"),
            "opportunity_status",
            ["open_status_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("opportunity", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_opportunity_open_status_id_opportunity_status"),
            type_="foreignkey",
        )
        batch_op.drop_column("open_status_id")
