"""search: indexes for the advanced search's company criteria

Revision ID: core_0025_search_indexes
Revises: core_0024_search_text
Create Date: 2026-12-04 22:50:00.000000

"Companies of these sectors" now reads the sector index alone (it holds the
company id), and the situation and type criteria check a company against an
index of (situation, active) or (type, active) rather than its row: a page
of the advanced search over a few thousand matches reads far fewer pages.
"""

from alembic import op

revision = "core_0025_search_indexes"
down_revision = "core_0024_search_text"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_company_sector_sector_id_company_id",
        "company_sector",
        ["sector_id", "company_id"],
    )
    op.drop_index("ix_company_sector_sector_id", table_name="company_sector")
    op.create_index(
        "ix_company_situation_id_active", "company", ["situation_id", "active"]
    )
    op.create_index("ix_company_type_id_active", "company", ["type_id", "active"])


def downgrade() -> None:
    op.drop_index("ix_company_type_id_active", table_name="company")
    op.drop_index("ix_company_situation_id_active", table_name="company")
    op.create_index("ix_company_sector_sector_id", "company_sector", ["sector_id"])
    op.drop_index("ix_company_sector_sector_id_company_id", table_name="company_sector")
