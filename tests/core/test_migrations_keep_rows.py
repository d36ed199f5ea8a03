"""A migration that rebuilds a table keeps the rows that refer to it.

SQLite changes a table by copying it and dropping the old one. With
foreign keys enforced, the drop deletes or unlinks every referring row:
adding the reopening status to ``opportunity`` emptied
``opportunity_line``. Migrations run with foreign keys off, checked after.
"""

from __future__ import annotations

from sqlalchemy import text

from core.opportunities.testing import opportunity
from core.testing import base_settings, rows_kept_down_and_up
from core.testing.factories import Factories

SNAPSHOT = {
    "opportunities": "SELECT id, title, company_id FROM opportunity",
    "lines": "SELECT opportunity_id, product_id, amount FROM opportunity_line",
}


def _fill(session, registry):
    factories = Factories(session, registry)
    owner = factories.user()
    company = factories.company("Radio Sud")
    opportunity(
        session,
        owner,
        company,
        lines=[("print", "1200.50", None), ("print", "300", None)],
    )


def _snapshot(connection) -> dict:
    return {
        name: sorted(tuple(row) for row in connection.execute(text(query)))
        for name, query in SNAPSHOT.items()
    }


def test_opportunity_lines_survive_the_reopen_status_migration(
    backend, databases, mail_sink
):
    settings = base_settings(databases.new(backend, "keep_rows"), mail_sink)
    before = rows_kept_down_and_up(settings, _fill, _snapshot, "core_0020_fold")
    assert len(before["lines"]) == 2
