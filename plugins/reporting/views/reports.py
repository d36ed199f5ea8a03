"""Report pages: filters (typed, saved, relative), the table, its exports."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import select

from core.forms import parse_id
from core.i18n import _
from plugins.reporting import filters as filter_values
from plugins.reporting.delivery import filename
from plugins.reporting.models import SavedFilter
from plugins.reporting.outputs import FORMATS, render
from plugins.reporting.services import FilterErrors, build, user_zone
from plugins.reporting.views import cell_helpers, definition_of, filter_fields, flash

PAGE = "plugins.reporting:templates/report.pt"


@view_config(
    route_name="reporting",
    renderer="plugins.reporting:templates/reports.pt",
    permission="reporting.view",
    request_method="GET",
)
def catalogue(request):
    reports = [
        report
        for report in request.registry.relais_reports.values()
        if request.has_permission(report.permission)
    ]
    return {"title": _("Reports"), "reports": reports}


def saved_filters(request, definition) -> list[SavedFilter]:
    query = (
        select(SavedFilter)
        .where(
            SavedFilter.user_id == request.identity.id,
            SavedFilter.report == definition.name,
        )
        .order_by(SavedFilter.name)
    )
    return list(request.dbsession.scalars(query))


def given_values(request, definition) -> dict:
    """The filter texts of the request, or of the saved filter it names."""
    saved_id = parse_id(request.params.get("saved", ""))
    if saved_id is not None:
        saved = request.dbsession.get(SavedFilter, saved_id)
        if saved and saved.user_id == request.identity.id:
            return filter_values.raw_values(definition, saved.values)
    return filter_values.from_params(definition, request.params)


def page_values(request, definition, raw, errors=None, table=None, **extra):
    values = {
        "title": definition.title,
        "definition": definition,
        "raw": raw,
        "errors": errors or {},
        "table": table,
        "choices": filter_values.choices_for(definition, request.dbsession),
        "saved": saved_filters(request, definition),
        "formats": FORMATS,
        "fields": filter_fields(),
        **cell_helpers(request, user_zone(request.identity, request.registry)),
    }
    values.update(extra)
    return values


def run(request, definition, raw):
    return build(
        definition,
        request.dbsession,
        raw,
        request.identity,
        user_zone(request.identity, request.registry),
        translate=request.localizer.translate,
        registry=request.registry,
    )


@view_config(
    route_name="reporting_report",
    renderer=PAGE,
    permission="reporting.view",
    request_method="GET",
)
def report_page(request):
    definition = definition_of(request)
    raw = given_values(request, definition)
    try:
        table = run(request, definition, raw)
    except FilterErrors as exc:
        request.response.status = 400
        return page_values(request, definition, raw, exc.errors)
    return page_values(request, definition, raw, table=table)


@view_config(
    route_name="reporting_export", permission="reporting.view", request_method="GET"
)
def export(request):
    definition = definition_of(request)
    output = FORMATS.get(request.params.get("output", ""))
    if output is None:
        raise HTTPNotFound()
    raw = given_values(request, definition)
    try:
        table = run(request, definition, raw)
    except FilterErrors as exc:
        response = render_to_response(
            PAGE, page_values(request, definition, raw, exc.errors), request
        )
        response.status = 400
        return response
    data = render(table, output, request)
    name = filename(
        request.localizer.translate(definition.title),
        table.generated_at,
        output.extension,
    )
    return Response(
        body=data,
        content_type=output.content_type,
        content_disposition=f'attachment; filename="{name}"',
    )


@view_config(
    route_name="reporting_filters",
    renderer=PAGE,
    permission="reporting.view",
    request_method="POST",
)
def save_filter(request):
    definition = definition_of(request)
    raw = filter_values.from_params(definition, request.POST)
    name = request.POST.get("filter_name", "").strip()
    errors = {}
    if not name:
        errors["filter_name"] = _("Name the filter to save it.")
    elif len(name) > 120:
        errors["filter_name"] = _("This text is too long.")
    try:
        table = run(request, definition, raw)
    except FilterErrors as exc:
        table = None
        errors.update(exc.errors)
    if errors:
        request.response.status = 400
        return page_values(request, definition, raw, errors, table, filter_name=name)

    existing = request.dbsession.scalar(
        select(SavedFilter).where(
            SavedFilter.user_id == request.identity.id,
            SavedFilter.report == definition.name,
            SavedFilter.name == name,
        )
    )
    saved = existing or SavedFilter(
        user_id=request.identity.id, report=definition.name, name=name
    )
    saved.values = raw
    request.dbsession.add(saved)
    request.dbsession.flush()
    flash(request, _("The filter is saved."))
    url = request.route_url(
        "reporting_report", name=definition.name, _query={"saved": saved.id}
    )
    return HTTPSeeOther(url)


@view_config(
    route_name="reporting_filter_delete",
    permission="reporting.view",
    request_method="POST",
)
def delete_filter(request):
    definition = definition_of(request)
    saved = request.dbsession.get(SavedFilter, int(request.matchdict["id"]))
    if saved is None or saved.user_id != request.identity.id:
        raise HTTPNotFound()
    request.dbsession.delete(saved)
    flash(request, _("The filter is deleted."))
    return HTTPSeeOther(request.route_url("reporting_report", name=definition.name))
