"""Action pages: routes, menu entries, and the panels on contact and company
sheets."""

from __future__ import annotations

from core.i18n import _

# The sheets whose record a new action started from them is about.
SHEET_PARAMS = {"company": "company_id", "contact": "contact_id"}


def sheet_query(request) -> dict:
    """On a company or contact sheet, the record the new action is for."""
    route = request.matched_route
    param = SHEET_PARAMS.get(route.name) if route is not None else None
    if param is None:
        return {}
    return {param: request.matchdict["id"]}


def includeme(config):
    config.add_route("action_new", "/actions/new")
    config.add_route("action_contact_picker", "/actions/contacts/picker")
    config.add_route("action_budget_options", "/actions/budgets/options")
    config.add_route("action", r"/actions/{id:\d+}")
    config.add_route("action_edit", r"/actions/{id:\d+}/edit")
    config.add_route("action_next", r"/actions/{id:\d+}/next")
    config.add_route("action_follow_up", r"/actions/{id:\d+}/follow-up")
    config.add_route("action_cancel", r"/actions/{id:\d+}/cancel")

    config.add_menu_entry(
        "creation",
        "action_new",
        _("New action"),
        "action_new",
        permission="actions.edit",
        order=30,
        query=sheet_query,
    )
    config.scan(".sheet")
    config.scan(".form")
    config.scan(".follow_up")
    config.scan(".steps")
    config.include(".panels")
    config.include(".todo")
    config.include(".agenda")
    config.include(".reports")
