"""directory: sources of a company, each with its reference id there

Revision ID: core_0019_sources
Revises: core_0018_lists
Create Date: 2026-12-04 20:25:00
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0019_sources"
down_revision = "core_0018_lists"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "company_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_company_source_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_source")),
    )
    op.create_index(
        op.f("ix_company_source_company_id"), "company_source", ["company_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_company_source_company_id"), table_name="company_source")
    op.drop_table("company_source")
