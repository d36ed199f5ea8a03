"""sample tables

Revision ID: sample_0001
Revises:
Create Date: 2026-12-04 10:33:44.211153
"""

import sqlalchemy as sa
from alembic import op

revision = "sample_0001"
down_revision = None
branch_labels = ("sample",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "sample_tier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=160), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sample_tier")),
        sa.UniqueConstraint("code", name=op.f("uq_sample_tier_code")),
    )
    op.create_table(
        "sample_preference",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tier_code", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_sample_preference_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_sample_preference")),
    )
    op.create_table(
        "sample_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("acknowledged", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_sample_note_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_sample_note_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sample_note")),
    )
    with op.batch_alter_table("sample_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sample_note_company_id"), ["company_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("sample_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sample_note_company_id"))

    op.drop_table("sample_note")
    op.drop_table("sample_preference")
    op.drop_table("sample_tier")
