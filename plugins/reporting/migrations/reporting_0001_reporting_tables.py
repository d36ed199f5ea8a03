"""reporting tables

Revision ID: reporting_0001
Revises:
Create Date: 2026-12-04 16:13:35.123265
"""

import sqlalchemy as sa
from alembic import op

revision = "reporting_0001"
down_revision = None
branch_labels = ("reporting",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "reporting_saved_filter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("report", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_reporting_saved_filter_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_saved_filter")),
        sa.UniqueConstraint(
            "user_id", "report", "name", name=op.f("uq_reporting_saved_filter_user_id")
        ),
    )
    with op.batch_alter_table("reporting_saved_filter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reporting_saved_filter_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "reporting_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("report", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("include_table", sa.Boolean(), nullable=False),
        sa.Column("include_filters", sa.Boolean(), nullable=False),
        sa.Column("output", sa.String(length=20), nullable=False),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("monthday", sa.Integer(), nullable=True),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("addresses", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_reporting_subscription_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_subscription")),
    )
    with op.batch_alter_table("reporting_subscription", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reporting_subscription_due", ["active", "next_run_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reporting_subscription_owner_id"), ["owner_id"], unique=False
        )

    op.create_table(
        "reporting_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["reporting_subscription.id"],
            name=op.f("fk_reporting_delivery_subscription_id_reporting_subscription"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_delivery")),
        sa.UniqueConstraint(
            "subscription_id",
            "due_at",
            name=op.f("uq_reporting_delivery_subscription_id"),
        ),
    )
    with op.batch_alter_table("reporting_delivery", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reporting_delivery_pending", ["status", "next_attempt_at"], unique=False
        )

    op.create_table(
        "reporting_subscription_user",
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["reporting_subscription.id"],
            name=op.f(
                "fk_reporting_subscription_user_subscription_id_reporting_subscription"
            ),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_reporting_subscription_user_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "subscription_id", "user_id", name=op.f("pk_reporting_subscription_user")
        ),
    )
    with op.batch_alter_table("reporting_subscription_user", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reporting_subscription_user_user_id"),
            ["user_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("reporting_subscription_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reporting_subscription_user_user_id"))

    op.drop_table("reporting_subscription_user")
    with op.batch_alter_table("reporting_delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_reporting_delivery_pending")

    op.drop_table("reporting_delivery")
    with op.batch_alter_table("reporting_subscription", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reporting_subscription_owner_id"))
        batch_op.drop_index("ix_reporting_subscription_due")

    op.drop_table("reporting_subscription")
    with op.batch_alter_table("reporting_saved_filter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reporting_saved_filter_user_id"))

    op.drop_table("reporting_saved_filter")
