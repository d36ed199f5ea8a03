"""The Reporting pages: catalogue, report pages and exports, subscriptions."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound
from pyramid.renderers import get_renderer

from plugins.reporting import formatting
from plugins.reporting.services import UnknownReport, report_named

FIELDS = "plugins.reporting:templates/filter_fields.pt"


def definition_of(request):
    """The report the URL names, if this user may run it."""
    try:
        definition = report_named(request.registry, request.matchdict["name"])
    except UnknownReport:
        raise HTTPNotFound() from None
    if not request.has_permission(definition.permission):
        raise HTTPForbidden()
    return definition


def filter_fields():
    """The macro of filter fields both the report page and the form show."""
    return get_renderer(FIELDS).implementation()


def cell_helpers(request, zone: str) -> dict:
    """``shown(row, column)`` and ``total(value, column)`` for the page."""
    translate = request.localizer.translate

    def shown(row, column):
        return formatting.cell(row.get(column.key), column.kind, zone, translate)

    def total(value, column):
        return formatting.cell(value, column.kind, zone, translate)

    return {"shown": shown, "total": total}


def flash(request, message) -> None:
    request.session.flash(request.localizer.translate(message))
