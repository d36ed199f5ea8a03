"""search: index tables (trigram on PostgreSQL, FTS5 on SQLite), saved searches

Revision ID: core_0006_search
Revises: core_0005_documents
Create Date: 2026-12-04 16:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "core_0006_search"
down_revision = "core_0005_documents"
branch_labels = None
depends_on = None

INDEXED = (("search_company", "company_id"), ("search_contact", "contact_id"))
SORT_KEY = sa.String(length=200).with_variant(
    postgresql.VARCHAR(length=200, collation="C"), "postgresql"
)
TEXT = sa.Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "search_company",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("sort_key", SORT_KEY, nullable=False),
        sa.Column("text", TEXT, nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_search_company_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("company_id", name=op.f("pk_search_company")),
    )
    op.create_table(
        "search_contact",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("sort_key", SORT_KEY, nullable=False),
        sa.Column("text", TEXT, nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_search_contact_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_search_contact")),
    )
    op.create_table(
        "saved_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_saved_search_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_search")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_saved_search_user_id")),
    )
    with op.batch_alter_table("saved_search", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_saved_search_user_id"), ["user_id"], unique=False
        )

    if op.get_bind().dialect.name == "postgresql":
        _postgresql_indexes()
    else:
        _sqlite_mirrors()
    for table, _key in INDEXED:
        op.create_index(f"ix_{table}_sort_key", table, ["sort_key"])
    _fill()


TRIGGERS = (
    "CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN "
    "INSERT INTO {table}_fts(rowid, text) VALUES (new.{key}, new.text); END",
    "CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN "
    "INSERT INTO {table}_fts({table}_fts, rowid, text) "
    "VALUES ('delete', old.{key}, old.text); END",
    "CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN "
    "INSERT INTO {table}_fts({table}_fts, rowid, text) "
    "VALUES ('delete', old.{key}, old.text); "
    "INSERT INTO {table}_fts(rowid, text) VALUES (new.{key}, new.text); END",
)


def _postgresql_indexes() -> None:
    # unaccent() is only STABLE; an index or a generated column needs an
    # IMMUTABLE wrapper naming its dictionary explicitly.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute(
        "CREATE OR REPLACE FUNCTION relais_fold(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        "$$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$"
    )
    for table, _key in INDEXED:
        op.execute(
            f"CREATE INDEX ix_{table}_text_trgm ON {table} "
            "USING gin (text gin_trgm_ops)"
        )


def _sqlite_mirrors() -> None:
    for table, key in INDEXED:
        op.execute(
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5(text, content='{table}', "
            f"content_rowid='{key}', tokenize='trigram')"
        )
        # Table names are constants of this file, never input.
        for statement in TRIGGERS:
            op.execute(statement.format(table=table, key=key))


def _fill() -> None:
    from sqlalchemy.orm import Session

    from core.directory.models import Company, Contact
    from core.search.index import rebuild

    session = Session(bind=op.get_bind())
    rebuild(session, models=(Company, Contact))
    session.flush()


def downgrade() -> None:
    bind = op.get_bind()
    for table, _key in INDEXED:
        if bind.dialect.name == "sqlite":
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS relais_fold(text)")
    op.drop_table("saved_search")
    op.drop_table("search_contact")
    op.drop_table("search_company")
