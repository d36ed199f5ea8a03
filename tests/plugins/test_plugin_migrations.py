"""A plugin's tables come with its own branch, and only when it is enabled."""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from core.app import make_registry
from core.testing import base_settings, migrate_database
from tests.core.test_migrations import differences

SAMPLE_TABLES = {"sample_note", "sample_preference", "sample_tier"}


def state(settings) -> tuple[set[str], set[str]]:
    _config, registry = make_registry(settings)
    engine = registry.relais_engine
    tables = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        heads = set(MigrationContext.configure(connection).get_current_heads())
    engine.dispose()
    return tables, heads


def test_enabled_later_the_plugin_gets_only_its_tables(
    sample_plugin, backend, databases, mail_sink
):
    url = databases.new(backend, "later")
    core_only = base_settings(url, mail_sink)
    with_sample = base_settings(url, mail_sink, **{"relais.plugins": "sample"})

    migrate_database(core_only)
    before, _heads = state(core_only)
    assert not before & SAMPLE_TABLES

    migrate_database(with_sample)
    after, heads = state(with_sample)
    assert after - before == SAMPLE_TABLES
    # Alembic records sample_0001 alone: it depends on the core head.
    assert "sample_0001" in heads

    # Switched off again, the plugin's revision is still understood.
    migrate_database(core_only)
    assert state(core_only) == (after, heads)


def test_plugin_models_and_migrations_agree(sample_site):
    assert differences(sample_site.registry()) == []


def test_disabled_plugin_tables_are_not_expected(sample_site):
    # The sample models are imported in this process, and its tables exist,
    # but with the plugin off neither side of the comparison holds them.
    assert differences(sample_site.registry("")) == []
