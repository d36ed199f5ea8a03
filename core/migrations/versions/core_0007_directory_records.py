"""directory records: logos and photos, keywords and qualifications, multi links

Revision ID: core_0007_directory_records
Revises: core_0006_search
Create Date: 2026-12-04 16:49:13.999469
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0007_directory_records"
down_revision = "core_0006_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "keyword_family",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=160), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keyword_family")),
        sa.UniqueConstraint("code", name=op.f("uq_keyword_family_code")),
    )
    op.create_table(
        "qualification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=160), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qualification")),
        sa.UniqueConstraint("code", name=op.f("uq_qualification_code")),
    )
    op.create_table(
        "keyword",
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=160), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["keyword_family.id"],
            name=op.f("fk_keyword_family_id_keyword_family"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keyword")),
        sa.UniqueConstraint("code", name=op.f("uq_keyword_code")),
    )
    op.create_table(
        "record_qualification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("qualification_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["qualification_id"],
            ["qualification.id"],
            name=op.f("fk_record_qualification_qualification_id_qualification"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_qualification")),
        sa.UniqueConstraint(
            "target_kind",
            "target_id",
            "qualification_id",
            name=op.f("uq_record_qualification_target_kind"),
        ),
    )
    with op.batch_alter_table("record_qualification", schema=None) as batch_op:
        batch_op.create_index(
            "ix_record_qualification_qualification_id",
            ["qualification_id"],
            unique=False,
        )

    op.create_table(
        "record_image",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_record_image_updated_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_image")),
        sa.UniqueConstraint(
            "target_kind", "target_id", name=op.f("uq_record_image_target_kind")
        ),
    )
    op.create_table(
        "record_keyword",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("keyword_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["keyword_id"],
            ["keyword.id"],
            name=op.f("fk_record_keyword_keyword_id_keyword"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_keyword")),
        sa.UniqueConstraint(
            "target_kind",
            "target_id",
            "keyword_id",
            name=op.f("uq_record_keyword_target_kind"),
        ),
    )
    with op.batch_alter_table("record_keyword", schema=None) as batch_op:
        batch_op.create_index(
            "ix_record_keyword_keyword_id", ["keyword_id"], unique=False
        )

    op.create_table(
        "contact_link",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("reference_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_contact_link_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reference_id"],
            ["contact.id"],
            name=op.f("fk_contact_link_reference_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_contact_link")),
    )
    with op.batch_alter_table("contact_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_link_reference_id"), ["reference_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("contact_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_link_reference_id"))

    op.drop_table("contact_link")
    with op.batch_alter_table("record_keyword", schema=None) as batch_op:
        batch_op.drop_index("ix_record_keyword_keyword_id")

    op.drop_table("record_keyword")
    op.drop_table("record_image")
    with op.batch_alter_table("record_qualification", schema=None) as batch_op:
        batch_op.drop_index("ix_record_qualification_qualification_id")

    op.drop_table("record_qualification")
    op.drop_table("keyword")
    op.drop_table("qualification")
    op.drop_table("keyword_family")
