"""Alembic, driven from the application: one core history, a branch per plugin.

The ``relais migrate`` command upgrades the core branch, then the branch of
each enabled plugin. The revisions of installed but disabled plugins are
known to Alembic (a database that ran them once still makes sense to it) but
never upgraded, so their tables appear only when the plugin is enabled.

Plugin tables are named ``<plugin>_<thing>``. The models of a disabled
plugin can still be imported in a process (the plugins admin page reads
every installed plugin), so autogenerate and the schema checks leave out the
tables of disabled plugins by that prefix.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from pyramid.path import AssetResolver

from core.plugins import MigrationBranch, collect, probe

log = logging.getLogger(__name__)

CORE_BRANCH = "core"


def resolve_location(location: str) -> str:
    """Turn ``package:folder`` into a path; plain paths pass through."""
    if ":" in location and not os.path.isabs(location):
        return AssetResolver().resolve(location).abspath()
    return location


def alembic_config(
    branches: list[MigrationBranch], connection=None, registry=None
) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", resolve_location("core:migrations"))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option(
        "version_locations",
        os.pathsep.join(resolve_location(b.location) for b in branches),
    )
    cfg.attributes["connection"] = connection
    cfg.attributes["registry"] = registry
    return cfg


def enabled_branches(registry) -> list[MigrationBranch]:
    return collect(registry.relais_plugins, "relais_register_migrations")


def dormant_branches(registry) -> list[MigrationBranch]:
    """The branches of installed plugins that this configuration leaves off."""
    enabled = set(registry.relais_enabled_plugins)
    branches = []
    for plugin in registry.relais_installed_plugins.values():
        if plugin.name not in enabled:
            branches.extend(collect(probe(plugin), "relais_register_migrations"))
    return branches


CORE_LOCATION = MigrationBranch(CORE_BRANCH, "core:migrations/versions")


def branch_revisions(branch: MigrationBranch) -> set[str]:
    """The ids of the revisions kept in one branch's own folder."""
    folder = os.path.realpath(resolve_location(branch.location))
    script = ScriptDirectory.from_config(alembic_config([CORE_LOCATION, branch]))
    return {
        revision.revision
        for revision in script.walk_revisions()
        if os.path.dirname(os.path.realpath(revision.path)) == folder
    }


def dormant_branches_run(registry, connection) -> list[MigrationBranch]:
    """The dormant branches this database once ran (enabled, then disabled).

    Writing a revision compares the database with every head Alembic knows:
    a dormant branch the database never ran would make it look out of date,
    and one it did run must be known for its revision id to make sense.
    """
    ran = current_heads(connection)
    return [b for b in dormant_branches(registry) if branch_revisions(b) & ran]


def branch_head(branch: MigrationBranch) -> str | None:
    """The newest revision of one branch, or ``None`` before its first one.

    The core's folder is read too, since a plugin's first revision depends on
    a core revision.
    """
    from alembic.util import CommandError

    folders = [branch] if branch.label == CORE_BRANCH else [CORE_LOCATION, branch]
    script = ScriptDirectory.from_config(alembic_config(folders))
    try:
        heads = script.get_revisions(f"{branch.label}@head")
    except CommandError:
        return None
    return heads[0].revision if heads else None


# Full-text objects that migrations create in each engine's own SQL (SQLite
# FTS5 tables and their shadow tables, PostgreSQL trigram indexes): no model
# declares them, and autogenerate must not offer to drop them.
ENGINE_SEARCH_OBJECTS = re.compile(
    r".+(_fts(_data|_idx|_docsize|_config|_content)?|_trgm)$"
)


def schema_filter(registry) -> Callable[..., bool]:
    """An Alembic ``include_object`` leaving out disabled plugins' tables."""
    enabled = set(registry.relais_enabled_plugins)
    prefixes = tuple(
        f"{name}_" for name in registry.relais_installed_plugins if name not in enabled
    )

    def include_object(obj, name, type_, reflected, compare_to) -> bool:
        if reflected and compare_to is None and ENGINE_SEARCH_OBJECTS.match(name or ""):
            return False
        table = obj if type_ == "table" else getattr(obj, "table", None)
        table_name = table.name if table is not None else name
        if _search_engine_object(type_, name, table_name, reflected):
            return False
        return not (prefixes and table_name and table_name.startswith(prefixes))

    return include_object


def _search_engine_object(type_, name, table_name, reflected) -> bool:
    """The search's engine-specific indexes, which no model describes.

    SQLite's FTS5 mirrors (``search_*_fts`` and their shadow tables) and
    PostgreSQL's trigram indexes are created by ``core.search``'s migrations.
    """
    if not reflected:
        return False
    if table_name and table_name.startswith("search_") and "_fts" in table_name:
        return True
    return type_ == "index" and bool(name) and name.endswith("_text_trgm")


def comparison_options(registry, dialect_name: str) -> dict:
    """The options autogenerate runs with; ``env.py`` and the tests share them."""
    from sqlalchemy.types import TypeDecorator

    def render_item(kind, obj, autogen_context):
        # A migration must keep working when the Python type that wrote it
        # changes, so revisions spell our column types as their SQL type.
        if kind == "type" and isinstance(obj, TypeDecorator):
            return f"sa.{obj.impl!r}"
        return False

    return {
        "render_as_batch": dialect_name == "sqlite",
        "compare_type": True,
        "render_item": render_item,
        "include_object": schema_filter(registry),
    }


class BrokenReferences(RuntimeError):
    """Migrations left rows pointing at rows that do not exist."""


@contextmanager
def migration_connection(engine) -> Iterator:
    """A connection in a transaction, fit to run migrations on.

    SQLite changes a table by copying it and dropping the old one; with
    foreign keys enforced, that drop deletes every row referring to the
    table (``ON DELETE CASCADE``) or unlinks it (``SET NULL``): adding a
    column to ``opportunity`` would empty ``opportunity_line``. Foreign keys
    are off while migrations run (SQLite switches them only outside a
    transaction), and the references are checked before the commit.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        driver = connection.connection.driver_connection if sqlite else None
        if sqlite:
            driver.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    check = connection.exec_driver_sql("PRAGMA foreign_key_check")
                    broken = check.all()
                    if broken:
                        raise BrokenReferences(
                            f"rows pointing nowhere (table, rowid, parent): "
                            f"{[tuple(row[:3]) for row in broken[:5]]}"
                        )
        finally:
            if sqlite:
                driver.execute("PRAGMA foreign_keys=ON")


def upgrade_database(registry) -> list[str]:
    """Upgrade the registry's database (see :func:`upgrade`) in one transaction."""
    with migration_connection(registry.relais_engine) as connection:
        return upgrade(registry, connection)


def upgrade(registry, connection) -> list[str]:
    """Upgrade the core and every enabled plugin's branch to its head."""
    branches = enabled_branches(registry)
    cfg = alembic_config(branches + dormant_branches(registry), connection, registry)
    # A plugin may not have written its first revision yet.
    labels = [b.label for b in branches if branch_head(b) is not None]
    # The core first: plugin branches depend on its tables.
    labels.sort(key=lambda label: label != CORE_BRANCH)
    for label in labels:
        command.upgrade(cfg, f"{label}@head")
        log.info("db.migrate.upgraded branch=%s", label)
    return labels


def branches_behind(registry, connection) -> list[str]:
    """The enabled branches whose newest revision this database has not run."""
    ran = tuple(current_heads(connection))
    branches = enabled_branches(registry)
    applied: set[str] = set()
    if ran:
        known = branches + dormant_branches(registry)
        script = ScriptDirectory.from_config(alembic_config(known))
        applied = {rev.revision for rev in script.iterate_revisions(ran, "base")}
    return [
        branch.label
        for branch in branches
        if (head := branch_head(branch)) is not None and head not in applied
    ]


def current_heads(connection) -> set[str]:
    """The revisions the database is at, one per branch it ever ran."""
    from alembic.runtime.migration import MigrationContext

    return set(MigrationContext.configure(connection).get_current_heads())
