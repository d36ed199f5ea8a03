"""Company and contact pages: routes, menu entries, permissions."""

from __future__ import annotations

from core.auth.permissions import EVERYONE
from core.i18n import _


def includeme(config):
    config.declare_permission(
        "directory.edit", _("Create and edit companies and contacts"), EVERYONE
    )
    config.declare_permission(
        "directory.assign",
        _("Assign companies to other salespeople's portfolios"),
        ("admin", "manager", "salesperson"),
    )
    config.declare_permission(
        "directory.deactivate",
        _("Deactivate and reactivate companies and contacts"),
        ("admin", "manager", "salesperson"),
    )

    config.add_route("company_new", "/companies/new")
    config.add_route("company_picker", "/companies/picker")
    config.add_route("company", r"/companies/{id:\d+}")
    config.add_route("company_edit", r"/companies/{id:\d+}/edit")
    config.add_route("company_print", r"/companies/{id:\d+}/print")
    config.add_route("company_portfolio", r"/companies/{id:\d+}/portfolio")
    config.add_route("company_owners", r"/companies/{id:\d+}/owners")
    config.add_route("company_follow", r"/companies/{id:\d+}/follow")
    config.add_route("company_deactivate", r"/companies/{id:\d+}/deactivate")
    config.add_route("company_reactivate", r"/companies/{id:\d+}/reactivate")
    config.add_route("contact_new", "/contacts/new")
    config.add_route("contact", r"/contacts/{id:\d+}")
    config.add_route("contact_edit", r"/contacts/{id:\d+}/edit")
    config.add_route("contact_follow", r"/contacts/{id:\d+}/follow")
    config.add_route("contact_portfolio", r"/contacts/{id:\d+}/portfolio")
    config.add_route("contact_owners", r"/contacts/{id:\d+}/owners")
    config.add_route("contact_move", r"/contacts/{id:\d+}/move")
    config.add_route("contact_departure", r"/contacts/{id:\d+}/departure")

    config.add_menu_entry(
        "creation",
        "company_new",
        _("New company"),
        "company_new",
        permission="directory.edit",
        order=10,
    )
    config.add_menu_entry(
        "creation",
        "contact_new",
        _("New contact"),
        "contact_new",
        permission="directory.edit",
        order=20,
    )
    config.include(".images")
    config.include(".multi")
    config.scan(".companies")
    config.scan(".contacts")
    config.include(".merge")
