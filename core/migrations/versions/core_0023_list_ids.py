"""lists: a deleted list's id is never given to a new one on SQLite

Revision ID: core_0023_list_ids
Revises: core_0022_export_jobs
Create Date: 2026-12-04 23:20:00.000000

SQLite gives a new row the highest id plus one, so deleting the newest list
handed its id, and every bookmark to it, to the next list created. The
table is rebuilt with AUTOINCREMENT, keeping every list and its rows.
PostgreSQL's sequences never give an id twice: nothing to do there.

Migrations run with SQLite's foreign keys off (see
``core.db.migrate.migration_connection``): dropping the old table leaves
the lists' rows, infos, criteria, operations and exports as they are.
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0023_list_ids"
down_revision = "core_0022_export_jobs"
branch_labels = None
depends_on = None

TABLE = "record_list"


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        TABLE,
        recreate="always",
        table_kwargs={"sqlite_autoincrement": autoincrement},
    ):
        pass
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
