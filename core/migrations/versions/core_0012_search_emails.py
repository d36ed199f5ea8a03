"""search: the index of e-mail actions (subject and body)

Revision ID: core_0012_search_emails
Revises: core_0011_budgets
Create Date: 2026-12-04 17:15:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "core_0012_search_emails"
down_revision = "core_0011_budgets"
branch_labels = None
depends_on = None

SORT_KEY = sa.String(length=200).with_variant(
    postgresql.VARCHAR(length=200, collation="C"), "postgresql"
)
TEXT = sa.Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")
TRIGGERS = (
    "CREATE TRIGGER search_action_ai AFTER INSERT ON search_action BEGIN "
    "INSERT INTO search_action_fts(rowid, text) VALUES (new.action_id, new.text); END",
    "CREATE TRIGGER search_action_ad AFTER DELETE ON search_action BEGIN "
    "INSERT INTO search_action_fts(search_action_fts, rowid, text) "
    "VALUES ('delete', old.action_id, old.text); END",
    "CREATE TRIGGER search_action_au AFTER UPDATE ON search_action BEGIN "
    "INSERT INTO search_action_fts(search_action_fts, rowid, text) "
    "VALUES ('delete', old.action_id, old.text); "
    "INSERT INTO search_action_fts(rowid, text) VALUES (new.action_id, new.text); END",
)


def upgrade() -> None:
    op.create_table(
        "search_action",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("sort_key", SORT_KEY, nullable=False),
        sa.Column("text", TEXT, nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_search_action_action_id_action"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("action_id", name=op.f("pk_search_action")),
    )
    op.create_index("ix_search_action_sort_key", "search_action", ["sort_key"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_search_action_text_trgm ON search_action "
            "USING gin (text gin_trgm_ops)"
        )
    else:
        op.execute(
            "CREATE VIRTUAL TABLE search_action_fts USING fts5(text, "
            "content='search_action', content_rowid='action_id', tokenize='trigram')"
        )
        for statement in TRIGGERS:
            op.execute(statement)
    _fill()


def _fill() -> None:
    from sqlalchemy.orm import Session

    from core.search.index import _rebuild_emails

    session = Session(bind=op.get_bind())
    _rebuild_emails(session, 1000)
    session.flush()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS search_action_{suffix}")
        op.execute("DROP TABLE IF EXISTS search_action_fts")
    op.drop_index("ix_search_action_sort_key", table_name="search_action")
    op.drop_table("search_action")
