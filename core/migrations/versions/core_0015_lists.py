"""lists: the last action recorded from a list row; address look-up indexes

Revision ID: core_0015_lists
Revises: core_0014_opportunities
Create Date: 2026-12-04 19:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0015_lists"
down_revision = "core_0014_opportunities"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("record_list_row") as batch:
        batch.add_column(sa.Column("last_action_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_record_list_row_last_action_id_action"),
            "action",
            ["last_action_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_index(
        "ix_record_list_row_list_id_id", "record_list_row", ["list_id", "id"]
    )
    # Sheets and exports read the addresses of given companies and contacts.
    op.create_index(op.f("ix_address_company_id"), "address", ["company_id"])
    op.create_index(op.f("ix_address_contact_id"), "address", ["contact_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_address_contact_id"), table_name="address")
    op.drop_index(op.f("ix_address_company_id"), table_name="address")
    op.drop_index("ix_record_list_row_list_id_id", table_name="record_list_row")
    with op.batch_alter_table("record_list_row") as batch:
        batch.drop_constraint(
            op.f("fk_record_list_row_last_action_id_action"), type_="foreignkey"
        )
        batch.drop_column("last_action_id")
