"""The history tab of the company, contact and budget sheets."""

from __future__ import annotations

from core.history import services
from core.history.display import shown_value
from core.history.recorder import tracked_entities
from core.i18n import _
from core.web.layout import PageHelpers

TEMPLATE = "core:templates/history/events.pt"

KIND_TITLES = {
    "created": _("Creation"),
    "updated": _("Change"),
    "deactivated": _("Deactivated"),
    "reactivated": _("Reactivated"),
    "deleted": _("Deletion"),
    "merged": _("Merged in"),
    "merged_into": _("Merged into another record"),
    "merge_undone": _("Merge undone"),
    "email_structure": _("E-mail structure changed"),
}


def history_values(request, entity: str, entity_id: int) -> dict:
    """What ``events.pt`` needs to show the events of one record."""
    from core.directory.services.merge import latest_merge

    spec = tracked_entities(request.registry).get(entity)
    helpers = PageHelpers(request)
    events = services.events_of(request.dbsession, entity, entity_id)
    open_merges = set()
    for event in events:
        if event.kind == "merged" and event.detail:
            journal = latest_merge(
                request.dbsession, entity, event.detail.get("source_id", 0)
            )
            if journal is not None and journal.id == event.detail.get("merge_id"):
                open_merges.add(journal.id)
    return {
        "events": events,
        "field_titles": spec.field_titles if spec else {},
        "kind_titles": KIND_TITLES,
        "open_merges": open_merges,
        "route": spec.route if spec else None,
        "value": lambda text: shown_value(request, helpers, text),
    }


def company_history(company, request) -> dict:
    return history_values(request, "company", company.id)


def contact_history(contact, request) -> dict:
    return history_values(request, "contact", contact.id)


def includeme(config):
    config.add_panel(
        "company",
        "history",
        _("History"),
        TEMPLATE,
        view=company_history,
        kind="tab",
        order=900,
    )
    config.add_panel(
        "contact",
        "history",
        _("History"),
        TEMPLATE,
        view=contact_history,
        kind="tab",
        order=900,
    )
