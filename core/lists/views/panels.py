"""What the lists add to the company and contact sheets: a "Lists" tab."""

from __future__ import annotations

from core.i18n import _
from core.lists import services
from core.lists.models import COMPANY, CONTACT

TEMPLATE = "core:templates/lists/sheet_tab.pt"


def _tab(kind: str):
    def values(record, request) -> dict:
        found = services.lists_of_record(
            request.dbsession, kind, record.id, request.access
        )
        return {"found": found}

    return values


def includeme(config):
    for kind in (COMPANY, CONTACT):
        config.add_panel(
            kind,
            "lists",
            _("Lists"),
            TEMPLATE,
            view=_tab(kind),
            permission="lists.use",
            kind="tab",
            order=60,
        )
