"""actions: the budget an action is about

Revision ID: core_0016_actions
Revises: core_0015_directory
Create Date: 2026-12-04 19:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0016_actions"
down_revision = "core_0015_directory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.add_column(sa.Column("budget_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_action_budget_id_budget"),
            "budget",
            ["budget_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_action_budget_id", ["budget_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index("ix_action_budget_id")
        batch_op.drop_constraint(
            batch_op.f("fk_action_budget_id_budget"), type_="foreignkey"
        )
        batch_op.drop_column("budget_id")
