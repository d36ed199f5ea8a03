"""lists: a deleted list's id is never given to a new one on SQLite

Revision ID: core_0023_list_ids
Revises: core_0022_export_jobs
Create Date: 2026-12-04 23:20:00.000000

SQLite gives a new row the highest id plus one, so deleting the newest list
handed its id, and every bookmark to it, to the next list created. The
table is rebuilt with AUTOINCREMENT, keeping every list and its rows.
PostgreSQL's sequences never give an id twice: nothing to do there.

The migration runs in a transaction with foreign keys enforced, where
dropping the old table would delete the lists' rows, infos and criteria
(ON DELETE CASCADE) and unlink their operations and exports (SET NULL):
those are kept aside in temporary tables and put back.
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0023_list_ids"
down_revision = "core_0022_export_jobs"
branch_labels = None
depends_on = None

TABLE = "record_list"
# Deleted with the list: put back whole, parents before children.
CASCADED = ("record_list_criteria", "record_list_info", "record_list_row")
# Unlinked from the list: their list_id is put back.
UNLINKED = ("record_list_operation", "export_job")
KEEP = "CREATE TEMP TABLE keep_{name} AS SELECT * FROM {name}"
EMPTY = "DELETE FROM {name}"
PUT_BACK = "INSERT INTO {name} SELECT * FROM keep_{name}"
RELINK = (
    "UPDATE {name} SET list_id = "
    "(SELECT keep.list_id FROM keep_{name} AS keep WHERE keep.id = {name}.id)"
)
FORGET = "DROP TABLE keep_{name}"


def _rebuild(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for name in CASCADED + UNLINKED:
        op.execute(KEEP.format(name=name))
    with op.batch_alter_table(
        TABLE,
        recreate="always",
        table_kwargs={"sqlite_autoincrement": autoincrement},
    ):
        pass
    for name in CASCADED:
        op.execute(EMPTY.format(name=name))
        op.execute(PUT_BACK.format(name=name))
    for name in UNLINKED:
        op.execute(RELINK.format(name=name))
    for name in CASCADED + UNLINKED:
        op.execute(FORGET.format(name=name))
    if autoincrement:
        # The highest id ever given is the highest one left: start above it.
        op.execute(
            sa.text("DELETE FROM sqlite_sequence WHERE name = :t").bindparams(t=TABLE)
        )
        op.execute(
            sa.text(
                "INSERT INTO sqlite_sequence (name, seq) "
                "SELECT :t, COALESCE(MAX(id), 0) FROM record_list"
            ).bindparams(t=TABLE)
        )


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)
