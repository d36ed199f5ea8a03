"""Alembic environment: connection and options come from ``core.db.migrate``."""

from alembic import context

import core.models  # noqa: F401  (every core model on the metadata)
from core.db import Base
from core.db.migrate import comparison_options

config = context.config
connection = config.attributes.get("connection")
registry = config.attributes.get("registry")
if connection is None or registry is None:
    raise RuntimeError("run migrations with `relais migrate`, not bare alembic")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    **comparison_options(registry, connection.dialect.name),
)
with context.begin_transaction():
    context.run_migrations()
