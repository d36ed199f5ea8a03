"""opportunities: opportunities and their product lines

Revision ID: core_0014_opportunities
Revises: core_0013_lists
Create Date: 2026-12-04 16:12:27.095917
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0014_opportunities"
down_revision = "core_0013_lists"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "opportunity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("decision_on", sa.Date(), nullable=True),
        sa.Column("campaign_on", sa.Date(), nullable=True),
        sa.Column("status_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "amount IS NULL OR amount >= 0", name=op.f("ck_opportunity_amount_positive")
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_opportunity_action_id_action"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["company.id"], name=op.f("fk_opportunity_client_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_opportunity_company_id_company"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_opportunity_contact_id_contact"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_opportunity_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_opportunity_owner_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["status_id"],
            ["opportunity_status.id"],
            name=op.f("fk_opportunity_status_id_opportunity_status"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_opportunity_updated_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opportunity")),
    )
    with op.batch_alter_table("opportunity", schema=None) as batch_op:
        batch_op.create_index("ix_opportunity_action_id", ["action_id"], unique=False)
        batch_op.create_index("ix_opportunity_company_id", ["company_id"], unique=False)
        batch_op.create_index(
            "ix_opportunity_decision_on", ["decision_on"], unique=False
        )
        batch_op.create_index("ix_opportunity_owner_id", ["owner_id"], unique=False)

    op.create_table(
        "opportunity_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opportunity_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("archived", sa.String(length=10), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "amount >= 0", name=op.f("ck_opportunity_line_amount_positive")
        ),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunity.id"],
            name=op.f("fk_opportunity_line_opportunity_id_opportunity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
            name=op.f("fk_opportunity_line_product_id_product"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opportunity_line")),
    )
    with op.batch_alter_table("opportunity_line", schema=None) as batch_op:
        batch_op.create_index(
            "ix_opportunity_line_opportunity_id", ["opportunity_id"], unique=False
        )
        batch_op.create_index(
            "ix_opportunity_line_published_on", ["published_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("opportunity_line", schema=None) as batch_op:
        batch_op.drop_index("ix_opportunity_line_published_on")
        batch_op.drop_index("ix_opportunity_line_opportunity_id")

    op.drop_table("opportunity_line")
    with op.batch_alter_table("opportunity", schema=None) as batch_op:
        batch_op.drop_index("ix_opportunity_owner_id")
        batch_op.drop_index("ix_opportunity_decision_on")
        batch_op.drop_index("ix_opportunity_company_id")
        batch_op.drop_index("ix_opportunity_action_id")

    op.drop_table("opportunity")
