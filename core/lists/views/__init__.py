"""List pages: routes, menu entries, permissions."""

from __future__ import annotations

from core.auth.permissions import EVERYONE
from core.i18n import _


def includeme(config):
    config.declare_permission("lists.use", _("Make and work lists"), EVERYONE)
    config.declare_permission(
        "lists.emailing",
        _("Send e-mailings to the contacts of a list"),
        ("admin", "manager", "salesperson"),
    )

    config.add_route("lists", "/lists")
    config.add_route("list_new", "/lists/new")
    config.add_route("lists_for_search", "/lists/for-search")
    config.add_route("lists_from_search", "/lists/from-search")
    config.add_route("list", r"/lists/{id:\d+}")
    config.add_route("list_edit", r"/lists/{id:\d+}/edit")
    config.add_route("list_delete", r"/lists/{id:\d+}/delete")
    config.add_route("list_duplicate", r"/lists/{id:\d+}/duplicate")
    config.add_route("list_add", r"/lists/{id:\d+}/add")
    config.add_route("list_regenerate", r"/lists/{id:\d+}/regenerate")
    config.add_route("list_bulk", r"/lists/{id:\d+}/bulk")
    config.add_route("list_export", r"/lists/{id:\d+}/export")
    config.add_route("export_file", r"/lists/exports/{job:\d+}")
    config.add_route("export_job", r"/lists/exports/{job:\d+}/status")
    config.add_route("list_operation", r"/lists/{id:\d+}/operations/{op:\d+}")
    config.add_route("unsubscribe", "/unsubscribe/{token}")
    config.add_route("list_row_work", r"/lists/{id:\d+}/rows/{row:\d+}/work")
    config.add_route("list_row", r"/lists/{id:\d+}/rows/{row:\d+}/{what}")

    config.add_menu_entry(
        "lists", "lists", _("My lists"), "lists", permission="lists.use", order=10
    )
    config.add_menu_entry(
        "lists",
        "list_new",
        _("New list"),
        "list_new",
        permission="lists.use",
        order=20,
    )
    config.include(".panels")
    config.scan(".pages")
    config.scan(".rows")
    config.scan(".work")
    config.scan(".bulk")
    config.scan(".export")
    config.scan(".search")
