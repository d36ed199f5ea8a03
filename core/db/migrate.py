"""Alembic, driven from the application: one core history, a branch per plugin.

The ``relais migrate`` command upgrades the core branch, then the branch of
each enabled plugin; disabled plugins' revisions are not even on the path.
"""

from __future__ import annotations

import logging
import os

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from pyramid.path import AssetResolver

from core.plugins import MigrationBranch, collect

log = logging.getLogger(__name__)

CORE_BRANCH = "core"


def resolve_location(location: str) -> str:
    """Turn ``package:folder`` into a path; plain paths pass through."""
    if ":" in location and not os.path.isabs(location):
        return AssetResolver().resolve(location).abspath()
    return location


def alembic_config(branches: list[MigrationBranch], connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", resolve_location("core:migrations"))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option(
        "version_locations",
        os.pathsep.join(resolve_location(b.location) for b in branches),
    )
    cfg.attributes["connection"] = connection
    return cfg


def enabled_branches(registry) -> list[MigrationBranch]:
    return collect(registry.relais_plugins, "relais_register_migrations")


def branch_head(branch: MigrationBranch) -> str | None:
    """The newest revision of one branch, read from its folder alone."""
    script = ScriptDirectory.from_config(alembic_config([branch]))
    heads = script.get_heads()
    return heads[0] if heads else None


def upgrade(registry, connection) -> list[str]:
    """Upgrade the core and every enabled plugin's branch to its head."""
    branches = enabled_branches(registry)
    cfg = alembic_config(branches, connection)
    labels = [b.label for b in branches]
    # The core first: plugin branches depend on its tables.
    labels.sort(key=lambda label: label != CORE_BRANCH)
    for label in labels:
        command.upgrade(cfg, f"{label}@head")
        log.info("db.migrate.upgraded branch=%s", label)
    return labels


def current_heads(registry, connection) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    return set(MigrationContext.configure(connection).get_current_heads())
