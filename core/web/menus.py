"""Menu entries: the main menu of the manual, the user's menu, the admin menu.

Entries are declared with ``config.add_menu_entry`` so that two plugins
claiming the same entry is a configuration conflict, not a silent override.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pyramid.exceptions import ConfigurationError

MENUS = ("creation", "activity", "lists", "reporting", "user", "admin")


@dataclass(frozen=True)
class MenuEntry:
    menu: str
    name: str
    title: str
    route_name: str
    permission: str
    order: int
    icon: str | None
    # Builds the entry's query string from the page it is shown on, so that
    # "New action" on a company sheet opens the form for that company.
    query: Callable[[object], dict] | None = None


def add_menu_entry(
    config,
    menu: str,
    name: str,
    title: str,
    route_name: str,
    permission: str = "view",
    order: int = 100,
    icon: str | None = None,
    query: Callable[[object], dict] | None = None,
):
    """Add an entry to one of the menus in :data:`MENUS`.

    ``title`` should be a translation string; ``route_name`` a route the same
    configuration adds; the entry is shown only to users holding
    ``permission``. Entries sort by ``order``, then title. ``query(request)``,
    when given, returns the link's query string for the current page. Added in
    0.1.
    """
    if menu not in MENUS:
        raise ConfigurationError(f"unknown menu {menu!r}; menus are {MENUS}")
    entry = MenuEntry(menu, name, title, route_name, permission, order, icon, query)
    registry = config.registry

    def register():
        entries = registry.relais_menus.setdefault(menu, [])
        entries.append(entry)
        entries.sort(key=lambda e: (e.order, e.name))

    config.action(("relais-menu", menu, name), register)


def visible_entries(request, menu: str) -> list[MenuEntry]:
    """The entries of ``menu`` the current user may open."""
    return [
        entry
        for entry in request.registry.relais_menus.get(menu, [])
        if request.has_permission(entry.permission)
    ]


def includeme(config):
    config.registry.relais_menus = {}
    config.add_directive("add_menu_entry", add_menu_entry)
