"""Finding, enabling and describing plugins, and the directives they use.

Plugins are Python modules published in the ``relais.plugins`` entry-point
group. A deployment enables some of them by name (``relais.plugins``); only
those are imported into the running configuration, so a disabled plugin
leaves no route, menu entry, task or table behind.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pluggy

from core import PROJECT, hookspecs
from core.settings import SettingError

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "relais.plugins"


@dataclass(frozen=True)
class MigrationBranch:
    """An Alembic branch: its label and the folder holding its revisions."""

    label: str
    location: str


@dataclass(frozen=True)
class ReferenceEntry:
    """One row a plugin needs in a reference list (see ``core.reference``)."""

    kind: str
    code: str
    label: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchSource:
    """One group of results in the quick search box."""

    name: str
    title: str
    search: Callable[..., tuple[list[Any], int]]
    order: int = 100


@dataclass(frozen=True)
class InstalledPlugin:
    """What the entry points say is installed, enabled or not."""

    name: str
    module_name: str
    distribution: str
    version: str

    def load(self) -> ModuleType:
        return importlib.import_module(self.module_name)


def installed_plugins() -> dict[str, InstalledPlugin]:
    """Read the ``relais.plugins`` entry points, without importing anything."""
    found: dict[str, InstalledPlugin] = {}
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist
        found[ep.name] = InstalledPlugin(
            name=ep.name,
            module_name=ep.value.split(":")[0],
            distribution=dist.name if dist else "?",
            version=dist.version if dist else "?",
        )
    return dict(sorted(found.items()))


def make_plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    return pm


def load_plugins(config, names: tuple[str, ...]) -> None:
    """Register and include each enabled plugin, refusing unknown names."""
    installed = installed_plugins()
    unknown = [name for name in names if name not in installed]
    if unknown:
        raise SettingError(
            "relais.plugins",
            f"no installed plugin named {', '.join(unknown)} "
            f"(installed: {', '.join(installed) or 'none'})",
        )
    pm: pluggy.PluginManager = config.registry.relais_plugins
    for name in names:
        module = installed[name].load()
        pm.register(module, name=name)
        if hasattr(module, "includeme"):
            config.include(module)
        log.info("plugins.enabled name=%s version=%s", name, installed[name].version)
    # A misspelled hook name would otherwise be silently never called.
    pm.check_pending()
    config.registry.relais_enabled_plugins = tuple(names)


def describe_plugin(plugin: InstalledPlugin, enabled: bool) -> dict[str, Any]:
    """Describe a plugin for the admin page: version, hooks, migration head."""
    from core.db.migrate import branch_head

    module = plugin.load()
    probe = make_plugin_manager()
    probe.register(module, name=plugin.name)
    hooks = sorted(caller.name for caller in probe.get_hookcallers(module) or [])
    heads = [
        branch_head(branch) for branch in collect(probe, "relais_register_migrations")
    ]
    summary = inspect.getdoc(module) or ""
    return {
        "name": plugin.name,
        "title": summary.splitlines()[0] if summary else plugin.name,
        "distribution": plugin.distribution,
        "version": plugin.version,
        "enabled": enabled,
        "hooks": hooks,
        "migration_heads": heads,
    }


def collect(pm: pluggy.PluginManager, hook_name: str) -> list[Any]:
    """Flatten the lists returned by a ``relais_register_*`` hook."""
    results = getattr(pm.hook, hook_name)()
    return [item for result in results for item in (result or [])]
