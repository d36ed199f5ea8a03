"""What the merge tests compare: every row of every table, before and after."""

from __future__ import annotations

from sqlalchemy import inspect, select

from core.db import Base

# The journal, the history and the pages opened are what looking at and
# merging records adds; they are not "the state" a merge must restore.
JOURNAL = {
    "history_event",
    "history_change",
    "history_merge",
    "history_merge_row",
    "recent_record",
}
# Columns every change touches by design (who and when, the edit version).
BOOKKEEPING = {"updated_at", "updated_by_id", "version"}


def tables(session):
    """The tables of this database (a plugin imported elsewhere has none here)."""
    present = set(inspect(session.connection()).get_table_names())
    return [
        table
        for table in Base.metadata.sorted_tables
        if table.name in present and table.name not in JOURNAL
    ]


def snapshot(session) -> dict[str, list[tuple]]:
    """Every row of every table (bookkeeping columns left out), sorted."""
    session.flush()
    state = {}
    for table in tables(session):
        columns = [c for c in table.columns if c.name not in BOOKKEEPING]
        rows = session.execute(select(*columns)).all()
        state[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return state


def pointing_at(session, referred: str, ident: int) -> dict[str, int]:
    """Rows of any table whose foreign key to ``referred`` holds ``ident``."""
    found = {}
    for table in tables(session):
        for fk in table.foreign_keys:
            if fk.column.table.name != referred:
                continue
            column = fk.parent
            # A row whose whole key is the record's id (a search index entry)
            # is about the record itself and stays with it.
            if list(table.primary_key.columns) == [column]:
                continue
            rows = session.execute(select(column).where(column == ident)).all()
            if rows:
                found[f"{table.name}.{column.name}"] = len(rows)
    return found
