"""actions: actions, chains, contacts and visitors, preferences, feed tokens

Revision ID: core_0003_actions
Revises: core_0002_directory
Create Date: 2026-12-04 16:05:02.683317
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0003_actions"
down_revision = "core_0002_directory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_chain")),
    )
    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("follow_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("follow_up_done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("follow_up_reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("chain_id", sa.Integer(), nullable=False),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("report_html", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("invitation_uid", sa.String(length=120), nullable=True),
        sa.Column("invitation_sequence", sa.Integer(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_action_author_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["action_chain.id"],
            name=op.f("fk_action_chain_id_action_chain"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_action_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["previous_id"],
            ["action.id"],
            name=op.f("fk_action_previous_id_action"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["type_id"], ["action_type.id"], name=op.f("fk_action_type_id_action_type")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_action_updated_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index("ix_action_author_id", ["author_id"], unique=False)
        batch_op.create_index("ix_action_chain_id", ["chain_id"], unique=False)
        batch_op.create_index(
            "ix_action_follow_up_open",
            ["follow_up_done_at", "follow_up_at"],
            unique=False,
        )
        batch_op.create_index("ix_action_starts_at", ["starts_at"], unique=False)

    op.create_table(
        "action_preference",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("browser_reminders", sa.Boolean(), nullable=False),
        sa.Column("mail_reminders", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_action_preference_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_action_preference")),
    )
    op.create_table(
        "calendar_feed_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_calendar_feed_token_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feed_token")),
        sa.UniqueConstraint(
            "token_hash", name=op.f("uq_calendar_feed_token_token_hash")
        ),
    )
    with op.batch_alter_table("calendar_feed_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_calendar_feed_token_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "action_visitor",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_action_visitor_action_id_action"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_action_visitor_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("action_id", "user_id", name=op.f("pk_action_visitor")),
    )
    with op.batch_alter_table("action_visitor", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_visitor_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "action_contact",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_action_contact_action_id_action"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_action_contact_contact_id_contact"),
        ),
        sa.PrimaryKeyConstraint(
            "action_id", "contact_id", name=op.f("pk_action_contact")
        ),
    )
    with op.batch_alter_table("action_contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_contact_contact_id"), ["contact_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("action_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_contact_contact_id"))

    op.drop_table("action_contact")
    with op.batch_alter_table("action_visitor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_visitor_user_id"))

    op.drop_table("action_visitor")
    with op.batch_alter_table("calendar_feed_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_feed_token_user_id"))

    op.drop_table("calendar_feed_token")
    op.drop_table("action_preference")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index("ix_action_starts_at")
        batch_op.drop_index("ix_action_follow_up_open")
        batch_op.drop_index("ix_action_chain_id")
        batch_op.drop_index("ix_action_author_id")

    op.drop_table("action")
    op.drop_table("action_chain")
