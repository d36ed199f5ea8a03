"""reporting pipe states: what each opportunity weighed in the pipe over time

Revision ID: reporting_0002
Revises: reporting_0001
Create Date: 2026-12-04 19:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "reporting_0002"
down_revision = "reporting_0001"
branch_labels = None
# The core branch is always upgraded first (core.db.migrate.upgrade).
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reporting_pipe_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opportunity_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("status_id", sa.Integer(), nullable=True),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("weighted", sa.BigInteger(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunity.id"],
            name=op.f("fk_reporting_pipe_state_opportunity_id_opportunity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_reporting_pipe_state_owner_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["status_id"],
            ["opportunity_status.id"],
            name=op.f("fk_reporting_pipe_state_status_id_opportunity_status"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_pipe_state")),
    )
    with op.batch_alter_table("reporting_pipe_state", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reporting_pipe_state_opportunity_at",
            ["opportunity_id", "at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("reporting_pipe_state", schema=None) as batch_op:
        batch_op.drop_index("ix_reporting_pipe_state_opportunity_at")
    op.drop_table("reporting_pipe_state")
