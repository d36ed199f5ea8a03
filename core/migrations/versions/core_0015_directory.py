"""directory: contacts' previous e-mail addresses and contact portfolios

Revision ID: core_0015_directory
Revises: core_0014_opportunities
Create Date: 2026-12-04 19:40:00
"""

import sqlalchemy as sa
from alembic import op

from core.db.types import UTCDateTime

revision = "core_0015_directory"
down_revision = "core_0014_opportunities"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_previous_email",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("replaced_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_contact_previous_email_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_previous_email")),
        sa.UniqueConstraint(
            "contact_id",
            "email",
            name=op.f("uq_contact_previous_email_contact_id"),
        ),
    )
    op.create_index(
        "ix_contact_previous_email_email", "contact_previous_email", ["email"]
    )
    op.create_index(
        op.f("ix_contact_previous_email_contact_id"),
        "contact_previous_email",
        ["contact_id"],
    )
    op.create_table(
        "contact_portfolio",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_contact_portfolio_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_contact_portfolio_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_portfolio")),
        sa.UniqueConstraint(
            "user_id", "contact_id", name=op.f("uq_contact_portfolio_user_id")
        ),
    )
    op.create_index(
        op.f("ix_contact_portfolio_contact_id"), "contact_portfolio", ["contact_id"]
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_contact_portfolio_contact_id"), table_name="contact_portfolio"
    )
    op.drop_table("contact_portfolio")
    op.drop_index(
        op.f("ix_contact_previous_email_contact_id"),
        table_name="contact_previous_email",
    )
    op.drop_index(
        "ix_contact_previous_email_email", table_name="contact_previous_email"
    )
    op.drop_table("contact_previous_email")
