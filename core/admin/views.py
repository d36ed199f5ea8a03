"""The admin index and the installed-plugins page."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPForbidden
from pyramid.view import view_config

from core.i18n import _
from core.plugins import describe_plugin, installed_plugins
from core.web.menus import visible_entries


@view_config(route_name="admin", renderer="core:templates/admin/index.pt")
def admin_index(request):
    # The index is a door to the other pages: no entry, no door.
    entries = visible_entries(request, "admin")
    if not entries:
        raise HTTPForbidden()
    return {"title": _("Administration"), "entries": entries}


@view_config(
    route_name="admin_plugins",
    renderer="core:templates/admin/plugins.pt",
    permission="admin.plugins",
)
def admin_plugins(request):
    enabled = set(request.registry.relais_enabled_plugins)
    plugins = [
        describe_plugin(plugin, plugin.name in enabled)
        for plugin in installed_plugins().values()
    ]
    return {"title": _("Plugins"), "plugins": plugins}


def includeme(config):
    config.add_route("admin", "/admin")
    config.add_route("admin_plugins", "/admin/plugins")
    config.add_menu_entry(
        "admin",
        "plugins",
        _("Plugins"),
        "admin_plugins",
        permission="admin.plugins",
        order=90,
    )
    config.scan(__name__)
