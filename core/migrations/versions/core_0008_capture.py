"""capture: mailbox positions, captured mail, attachments, filings, unsent mail

Revision ID: core_0008_capture
Revises: core_0007_directory_records
Create Date: 2026-12-04 16:23:32.799215
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0008_capture"
down_revision = "core_0007_directory_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "capture_position",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mailbox", sa.String(length=300), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("last_uid", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capture_position")),
        sa.UniqueConstraint(
            "mailbox", "uidvalidity", name=op.f("uq_capture_position_mailbox")
        ),
    )
    op.create_table(
        "unsent_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("subject", sa.String(length=1000), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unsent_mail")),
        sa.UniqueConstraint("key", name=op.f("uq_unsent_mail_key")),
    )
    op.create_table(
        "captured_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mailbox", sa.String(length=300), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("uid", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.String(length=500), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("forwarded", sa.Boolean(), nullable=False),
        sa.Column("sender_email", sa.String(length=320), nullable=True),
        sa.Column("sender_name", sa.String(length=300), nullable=True),
        sa.Column("subject", sa.String(length=1000), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("correspondents", sa.JSON(), nullable=False),
        sa.Column("unmatched", sa.JSON(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_captured_mail_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_captured_mail")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_captured_mail_content_hash")),
    )
    with op.batch_alter_table("captured_mail", schema=None) as batch_op:
        batch_op.create_index(
            "ix_captured_mail_message_id", ["message_id"], unique=False
        )
        batch_op.create_index("ix_captured_mail_status", ["status"], unique=False)

    op.create_table(
        "captured_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mail_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("refused", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_captured_attachment_document_id_document"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["mail_id"],
            ["captured_mail.id"],
            name=op.f("fk_captured_attachment_mail_id_captured_mail"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_captured_attachment")),
    )
    with op.batch_alter_table("captured_attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_captured_attachment_mail_id"), ["mail_id"], unique=False
        )

    op.create_table(
        "mail_filing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mail_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_mail_filing_action_id_action"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_mail_filing_company_id_company"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_mail_filing_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mail_id"],
            ["captured_mail.id"],
            name=op.f("fk_mail_filing_mail_id_captured_mail"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_mail_filing_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_filing")),
        sa.UniqueConstraint(
            "mail_id", "contact_id", name=op.f("uq_mail_filing_mail_id")
        ),
    )
    with op.batch_alter_table("mail_filing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mail_filing_action_id"), ["action_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mail_filing_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mail_filing_contact_id"), ["contact_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("mail_filing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_filing_action_id"))
        batch_op.drop_index(batch_op.f("ix_mail_filing_contact_id"))
        batch_op.drop_index(batch_op.f("ix_mail_filing_company_id"))

    op.drop_table("mail_filing")
    with op.batch_alter_table("captured_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_captured_attachment_mail_id"))

    op.drop_table("captured_attachment")
    with op.batch_alter_table("captured_mail", schema=None) as batch_op:
        batch_op.drop_index("ix_captured_mail_status")
        batch_op.drop_index("ix_captured_mail_message_id")

    op.drop_table("captured_mail")
    op.drop_table("unsent_mail")
    op.drop_table("capture_position")
