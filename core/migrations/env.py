"""Alembic environment: the connection comes from ``core.db.migrate``."""

from alembic import context
from sqlalchemy.types import TypeDecorator

import core.models  # noqa: F401  (every core model on the metadata)
from core.db import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `relais migrate`, not bare alembic")


def render_item(kind, obj, autogen_context):
    """Write our column types as their plain SQL type.

    A migration must keep working when the Python type that wrote it changes,
    so revisions never import application code.
    """
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
