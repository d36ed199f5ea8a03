"""The action lists on contact and company sheets, with "mine only"."""

from __future__ import annotations

from pyramid.renderers import get_renderer

from core.actions import attachments, queries, services
from core.i18n import _

TEMPLATE = "core:templates/actions/sheet_actions.pt"


def row_macros():
    """The macros drawing an action's icons, shared by every list."""
    return get_renderer("core:templates/actions/rows.pt").implementation()


def _values(request, actions, new_query: dict) -> dict:
    registry, user = request.registry, request.identity
    return {
        "actions": actions,
        "states": {a.id: services.follow_up_state(a, registry, user) for a in actions},
        "mine": request.params.get("actions_mine") == "1",
        "new_query": new_query,
        "rows": row_macros(),
        "docs": attachments.document_counts(request.dbsession, request.access, actions),
        "opps": attachments.opportunity_counts(
            request.dbsession, request.access, actions
        ),
    }


def contact_actions(contact, request) -> dict:
    mine = request.params.get("actions_mine") == "1"
    actions = queries.sheet_actions(
        request.dbsession, request.access, contact_id=contact.id, mine=mine
    )
    return _values(request, actions, {"contact_id": contact.id})


def company_actions(company, request) -> dict:
    mine = request.params.get("actions_mine") == "1"
    actions = queries.sheet_actions(
        request.dbsession, request.access, company_id=company.id, mine=mine
    )
    return _values(request, actions, {"company_id": company.id})


def includeme(config):
    config.add_panel(
        "contact", "actions", _("Actions"), TEMPLATE, view=contact_actions, order=10
    )
    config.add_panel(
        "company",
        "actions",
        _("Actions"),
        TEMPLATE,
        view=company_actions,
        order=10,
        kind="tab",
    )
