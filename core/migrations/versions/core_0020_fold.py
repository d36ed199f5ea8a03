"""search: apostrophes, dots and dashes no longer tell spellings apart

Revision ID: core_0020_fold
Revises: core_0019_sources
Create Date: 2026-12-04 20:40:00.000000

The search index now stores its text folded like the duplicate keys
(``L’Oréal`` is ``loreal``, ``Saint-Gobain`` is ``saint gobain``): every row
is rewritten. ``relais_search_fold`` does the same folding in SQL for the
small columns matched without the index (budget names, opportunity titles);
SQLite gets it from the application on each connection.
"""

from alembic import op

revision = "core_0020_fold"
down_revision = "core_0019_sources"
branch_labels = None
depends_on = None

# core.search.text.fold_text, in SQL: apostrophes and dots dropped (before
# unaccent too, which may turn them into other signs), "&" read as "et",
# dashes and spaces squeezed into one space.
JOINERS = "'’‘`´ʼ."
SEARCH_FOLD = (
    "CREATE OR REPLACE FUNCTION relais_search_fold(text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT btrim("
    "regexp_replace(translate(relais_fold(translate(replace($1, '&', ' et '), "
    "'{j}', '')), '{j}', ''), '[[:space:][:cntrl:]\\-‐‑‒–—―−]+', ' ', 'g')) $$"
).format(j=JOINERS.replace("'", "''"))


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(SEARCH_FOLD)
    _rebuild()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS relais_search_fold(text)")


def _rebuild() -> None:
    from sqlalchemy.orm import Session

    from core.search.index import rebuild

    session = Session(bind=op.get_bind())
    rebuild(session)
    session.flush()
