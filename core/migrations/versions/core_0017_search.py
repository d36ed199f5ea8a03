"""search: indexes the advanced search's criteria read

Revision ID: core_0017_search
Revises: core_0016_actions
Create Date: 2026-12-04 19:55:00.000000

Sectors, postal codes and functions are looked up by value ("companies of
this sector", "addresses in these postal codes"), and addresses by their
company or contact (every sheet and result page); without these indexes
each of those read every row of its table.
"""

from alembic import op

revision = "core_0017_search"
down_revision = "core_0016_actions"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_company_sector_sector_id", "company_sector", ["sector_id"]),
    ("ix_address_postcode", "address", ["postcode"]),
    ("ix_address_company_id", "address", ["company_id"]),
    ("ix_address_contact_id", "address", ["contact_id"]),
    ("ix_contact_function_id", "contact", ["function_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
