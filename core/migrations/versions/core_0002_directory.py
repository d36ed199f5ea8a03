"""directory: name keys, social links, follows, CV positions

Revision ID: core_0002_directory
Revises: core_0001
Create Date: 2026-12-04 10:30:01.033999
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0002_directory"
down_revision = "core_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "company_follow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_company_follow_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_company_follow_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_follow")),
        sa.UniqueConstraint(
            "user_id", "company_id", name=op.f("uq_company_follow_user_id")
        ),
    )
    with op.batch_alter_table("company_follow", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_company_follow_company_id"), ["company_id"], unique=False
        )

    op.create_table(
        "contact_follow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_contact_follow_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_contact_follow_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_follow")),
        sa.UniqueConstraint(
            "user_id", "contact_id", name=op.f("uq_contact_follow_user_id")
        ),
    )
    with op.batch_alter_table("contact_follow", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_follow_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "contact_position",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("function_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("former_contact_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_contact_position_company_id_company"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_contact_position_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["former_contact_id"],
            ["contact.id"],
            name=op.f("fk_contact_position_former_contact_id_contact"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["function_id"],
            ["function.id"],
            name=op.f("fk_contact_position_function_id_function"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_position")),
    )
    with op.batch_alter_table("contact_position", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_position_contact_id"), ["contact_id"], unique=False
        )

    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "name_key", sa.String(length=200), nullable=False, server_default=""
            )
        )
        batch_op.add_column(
            sa.Column("trade_name_key", sa.String(length=200), nullable=True)
        )
        batch_op.add_column(
            sa.Column("instagram_url", sa.String(length=300), nullable=True)
        )
        batch_op.add_column(
            sa.Column("facebook_url", sa.String(length=300), nullable=True)
        )
        batch_op.add_column(
            sa.Column("linkedin_url", sa.String(length=300), nullable=True)
        )
        batch_op.add_column(sa.Column("x_url", sa.String(length=300), nullable=True))
        batch_op.add_column(
            sa.Column("youtube_url", sa.String(length=300), nullable=True)
        )
        batch_op.create_index("ix_company_name_key", ["name_key"], unique=False)
        batch_op.create_index("ix_company_phone", ["phone"], unique=False)
        batch_op.create_index("ix_company_siret", ["siret"], unique=False)
        batch_op.create_index(
            "ix_company_trade_name_key", ["trade_name_key"], unique=False
        )

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "last_name_key",
                sa.String(length=120),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column("instagram_url", sa.String(length=300), nullable=True)
        )
        batch_op.add_column(
            sa.Column("facebook_url", sa.String(length=300), nullable=True)
        )
        batch_op.add_column(
            sa.Column("linkedin_url", sa.String(length=300), nullable=True)
        )
        batch_op.add_column(sa.Column("x_url", sa.String(length=300), nullable=True))
        batch_op.add_column(
            sa.Column("youtube_url", sa.String(length=300), nullable=True)
        )
        batch_op.create_index("ix_contact_email", ["email"], unique=False)
        batch_op.create_index(
            "ix_contact_last_name_key", ["last_name_key"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_last_name_key")
        batch_op.drop_index("ix_contact_email")
        batch_op.drop_column("youtube_url")
        batch_op.drop_column("x_url")
        batch_op.drop_column("linkedin_url")
        batch_op.drop_column("facebook_url")
        batch_op.drop_column("instagram_url")
        batch_op.drop_column("last_name_key")

    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.drop_index("ix_company_trade_name_key")
        batch_op.drop_index("ix_company_siret")
        batch_op.drop_index("ix_company_phone")
        batch_op.drop_index("ix_company_name_key")
        batch_op.drop_column("youtube_url")
        batch_op.drop_column("x_url")
        batch_op.drop_column("linkedin_url")
        batch_op.drop_column("facebook_url")
        batch_op.drop_column("instagram_url")
        batch_op.drop_column("trade_name_key")
        batch_op.drop_column("name_key")

    with op.batch_alter_table("contact_position", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_position_contact_id"))

    op.drop_table("contact_position")
    with op.batch_alter_table("contact_follow", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_follow_contact_id"))

    op.drop_table("contact_follow")
    with op.batch_alter_table("company_follow", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_follow_company_id"))

    op.drop_table("company_follow")
