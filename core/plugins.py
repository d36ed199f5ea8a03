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
from pyramid.exceptions import ConfigurationError

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


class PluginError(ConfigurationError):
    """A plugin cannot be loaded as it is written; start-up stops."""

    def __init__(self, name: str, message: str):
        super().__init__(f"plugin {name}: {message}")
        self.name = name


@dataclass(frozen=True)
class InstalledPlugin:
    """What the entry points say is installed, enabled or not."""

    name: str
    module_name: str
    distribution: str
    version: str
    entry_point: importlib.metadata.EntryPoint | None = None

    def load(self) -> ModuleType:
        """Import the plugin: the module (or object) its entry point names."""
        try:
            if self.entry_point is not None:
                return self.entry_point.load()
            return importlib.import_module(self.module_name)
        except ImportError as exc:
            raise PluginError(self.name, f"cannot be imported: {exc}") from exc


def installed_plugins() -> dict[str, InstalledPlugin]:
    """Read the ``relais.plugins`` entry points, without importing anything."""
    found: dict[str, InstalledPlugin] = {}
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in found:
            # The same distribution seen twice on sys.path: the first wins, as
            # it does for imports.
            continue
        dist = ep.dist
        found[ep.name] = InstalledPlugin(
            name=ep.name,
            module_name=ep.module,
            distribution=dist.name if dist else "?",
            version=dist.version if dist else "?",
            entry_point=ep,
        )
    return dict(sorted(found.items()))


def make_plugin_manager() -> pluggy.PluginManager:
    """A manager knowing every hook of :mod:`core.hookspecs`, with no plugin."""
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    return pm


def register_plugin(pm: pluggy.PluginManager, module: Any, name: str) -> None:
    """Register ``module``'s hooks, turning pluggy's complaints into ours."""
    try:
        pm.register(module, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginError(name, str(exc)) from exc


def check_hooks(pm: pluggy.PluginManager) -> None:
    """Refuse an implementation of a hook that no specification declares.

    A misspelled hook name would otherwise be silently never called.
    """
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or "?"
        raise PluginError(name, str(exc)) from exc


def check_names(names: tuple[str, ...], installed: dict[str, InstalledPlugin]):
    unknown = [name for name in names if name not in installed]
    if unknown:
        raise SettingError(
            "relais.plugins",
            f"no installed plugin named {', '.join(unknown)} "
            f"(installed: {', '.join(installed) or 'none'})",
        )


def load_plugins(config, names: tuple[str, ...]) -> None:
    """Register and include each enabled plugin, refusing unknown names."""
    installed = installed_plugins()
    check_names(names, installed)
    pm: pluggy.PluginManager = config.registry.relais_plugins
    for name in names:
        module = installed[name].load()
        register_plugin(pm, module, name)
        if hasattr(module, "includeme"):
            config.include(module)
        log.info("plugins.enabled name=%s version=%s", name, installed[name].version)
    check_hooks(pm)
    config.registry.relais_enabled_plugins = tuple(names)
    config.registry.relais_installed_plugins = installed


def probe(plugin: InstalledPlugin) -> pluggy.PluginManager:
    """A manager holding ``plugin`` alone, to read what it declares.

    The plugin is imported but not included: none of its routes, settings or
    tasks exist in the running configuration.
    """
    pm = make_plugin_manager()
    register_plugin(pm, plugin.load(), plugin.name)
    return pm


def describe_plugin(plugin: InstalledPlugin, enabled: bool) -> dict[str, Any]:
    """Describe a plugin for the admin page: version, hooks, migration head."""
    from core.db.migrate import branch_head

    module = plugin.load()
    pm = probe(plugin)
    hooks = sorted(caller.name for caller in pm.get_hookcallers(module) or [])
    heads = [
        branch_head(branch) for branch in collect(pm, "relais_register_migrations")
    ]
    summary = inspect.getdoc(module) or ""
    title = summary.splitlines()[0] if summary else plugin.name
    return {
        "name": plugin.name,
        # A plugin's translatable TITLE, else the first line of its docstring.
        "title": getattr(module, "TITLE", title),
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
