"""access: each profile's reach over each kind of record

Revision ID: core_0004_access
Revises: core_0003_actions
Create Date: 2026-12-04 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0004_access"
down_revision = "core_0003_actions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_scope",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("view", sa.String(length=8), nullable=False),
        sa.Column("edit", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profile.id"],
            name=op.f("fk_access_scope_profile_id_profile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_scope")),
        sa.UniqueConstraint(
            "profile_id", "kind", name=op.f("uq_access_scope_profile_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("access_scope")
