"""lists: the last action recorded from a list row; rows read a page at a time

Revision ID: core_0018_lists
Revises: core_0017_search
Create Date: 2026-12-04 19:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0018_lists"
down_revision = "core_0017_search"
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


def downgrade() -> None:
    op.drop_index("ix_record_list_row_list_id_id", table_name="record_list_row")
    with op.batch_alter_table("record_list_row") as batch:
        batch.drop_constraint(
            op.f("fk_record_list_row_last_action_id_action"), type_="foreignkey"
        )
        batch.drop_column("last_action_id")
