"""search: names run together, source references, ligatures spelled out

Revision ID: core_0024_search_text
Revises: core_0023_list_ids
Create Date: 2026-12-04 22:40:00.000000

A name of several words is now indexed a second time without its separators
(``Saint-Gobain`` is also ``saintgobain``), so a term typed that way finds
it, and a company's references in its sources are indexed too: every row of
the index is rewritten. The folding now spells out ``œ``, ``æ``, ``ø``,
``ł``... as PostgreSQL's ``unaccent`` does (``Cœur`` is ``coeur``): the
duplicate keys of the names holding one are computed again.
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0024_search_text"
down_revision = "core_0023_list_ids"
branch_labels = None
depends_on = None

KEYED = {
    "company": ("name", "trade_name"),
    "contact": ("last_name",),
}


def upgrade() -> None:
    from sqlalchemy.orm import Session

    from core.directory.models import Company, Contact
    from core.search.index import rebuild

    _rekey(op.get_bind())
    session = Session(bind=op.get_bind())
    rebuild(session, models={Company, Contact})
    session.flush()


def downgrade() -> None:
    """The older code reads the extra fields and keys as any other."""


def _rekey(connection) -> None:
    from core.directory.normalise import SPELLED_OUT, name_key, person_key

    letters = set(SPELLED_OUT) | {letter.upper() for letter in SPELLED_OUT}
    for table_name, columns in KEYED.items():
        table = sa.table(
            table_name,
            sa.column("id"),
            *(sa.column(name) for name in columns),
            *(sa.column(f"{name}_key") for name in columns),
        )
        holding = sa.or_(
            *(
                table.c[name].like(f"%{letter}%")
                for name in columns
                for letter in sorted(letters)
            )
        )
        query = sa.select(table.c.id, *(table.c[name] for name in columns))
        for row in connection.execute(query.where(holding)).all():
            values = {}
            for name in columns:
                value = getattr(row, name)
                if name == "last_name":
                    values["last_name_key"] = person_key(value)
                elif name == "name":
                    values["name_key"] = name_key(value)
                else:
                    values["trade_name_key"] = name_key(value) or None
            connection.execute(
                table.update().where(table.c.id == row.id).values(**values)
            )
