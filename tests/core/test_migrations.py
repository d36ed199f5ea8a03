"""Migrations build the models' schema from empty, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

import core.models  # noqa: F401  (every core model on the metadata)
from core.app import make_registry
from core.db import Base
from core.db.migrate import (
    CORE_LOCATION,
    branch_head,
    comparison_options,
    enabled_branches,
)
from core.testing import SHIPPED_PLUGINS, base_settings, migrate_database


@pytest.fixture
def shipped_registry(database_url, mail_sink):
    settings = base_settings(
        database_url, mail_sink, **{"relais.plugins": SHIPPED_PLUGINS}
    )
    _config, registry = make_registry(settings)
    yield registry
    registry.relais_engine.dispose()


def differences(registry) -> list:
    with registry.relais_engine.connect() as connection:
        options = comparison_options(registry, connection.dialect.name)
        context = MigrationContext.configure(connection, opts=options)
        return compare_metadata(context, Base.metadata)


def test_migrating_from_empty_creates_every_core_table(backend, databases, mail_sink):
    url = databases.new(backend, "empty")
    settings = base_settings(url, mail_sink, **{"relais.plugins": SHIPPED_PLUGINS})
    migrate_database(settings)

    _config, registry = make_registry(settings)
    tables = set(inspect(registry.relais_engine).get_table_names())
    with registry.relais_engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    registry.relais_engine.dispose()
    assert {"user_account", "company", "contact", "alembic_version"} <= tables
    expected = {branch_head(branch) for branch in enabled_branches(registry)}
    assert branch_head(CORE_LOCATION) in expected
    assert set(heads) == expected - {None}


def test_models_and_migrations_agree(shipped_registry):
    assert differences(shipped_registry) == []


def test_migrating_twice_changes_nothing(backend, databases, mail_sink):
    url = databases.new(backend, "twice")
    settings = base_settings(url, mail_sink)
    migrate_database(settings)
    migrate_database(settings)
    _config, registry = make_registry(settings)
    assert differences(registry) == []
    registry.relais_engine.dispose()
