"""Opportunity pages: routes, menu entries, permissions."""

from __future__ import annotations

from core.auth.permissions import EVERYONE
from core.i18n import _


def includeme(config):
    config.declare_permission(
        "opportunities.edit", _("Create and edit opportunities"), EVERYONE
    )

    config.add_route("opportunities", "/opportunities")
    config.add_route("opportunities_months", "/opportunities/months")
    config.add_route("opportunities_statuses", "/opportunities/statuses")
    config.add_route("opportunities_export", "/opportunities/export.xlsx")
    config.add_route("opportunity_new", "/opportunities/new")
    config.add_route("opportunity_contacts", "/opportunities/contacts")
    config.add_route("opportunity", r"/opportunities/{id:\d+}")
    config.add_route("opportunity_edit", r"/opportunities/{id:\d+}/edit")
    config.add_route("opportunity_status", r"/opportunities/{id:\d+}/status")
    config.add_route("opportunity_close", r"/opportunities/{id:\d+}/close")
    config.add_route("opportunity_reopen", r"/opportunities/{id:\d+}/reopen")
    config.add_route("opportunity_lines", r"/opportunities/{id:\d+}/lines")
    config.add_route(
        "opportunity_line_edit", r"/opportunities/{id:\d+}/lines/{line:\d+}/edit"
    )
    config.add_route(
        "opportunity_line_archive",
        r"/opportunities/{id:\d+}/lines/{line:\d+}/archive",
    )
    config.add_route(
        "opportunity_line_restore",
        r"/opportunities/{id:\d+}/lines/{line:\d+}/restore",
    )
    config.add_route(
        "opportunity_line_duplicate",
        r"/opportunities/{id:\d+}/lines/{line:\d+}/duplicate",
    )

    config.add_menu_entry(
        "creation",
        "opportunity_new",
        _("New opportunity"),
        "opportunity_new",
        permission="opportunities.edit",
        order=40,
    )
    config.add_menu_entry(
        "activity", "opportunities", _("Opportunities"), "opportunities", order=30
    )
    from core.opportunities.views.panels import (
        ActionTab,
        action_tab,
        company_opportunities,
        contact_opportunities,
    )

    config.add_panel(
        "action",
        "opportunities",
        _("Opportunity"),
        "core:templates/opportunities/action_tab.pt",
        view=action_tab,
        kind="tab",
        order=30,
        form=ActionTab(),
    )
    for target, view in (
        ("company", company_opportunities),
        ("contact", contact_opportunities),
    ):
        config.add_panel(
            target,
            "opportunities",
            _("Opportunities"),
            "core:templates/opportunities/sheet_tab.pt",
            view=view,
            kind="tab",
            order=20,
        )
    config.scan(".records")
    config.scan(".pipe")
