"""The pipe views: table, months, statuses (kanban) and their export."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config

from core.forms import check_plausible, parse_id, validate
from core.i18n import _
from core.opportunities import export
from core.opportunities.formatting import Formatter
from core.opportunities.services import FormErrors, pipe
from core.opportunities.services import opportunities as service
from core.opportunities.views.records import get_editable
from core.opportunities.visibility import editable_ids

# name: (route, page title, tab title)
VIEWS = {
    "table": ("opportunities", _("Opportunities"), _("Table")),
    "months": ("opportunities_months", _("Opportunities by month"), _("By month")),
    "statuses": (
        "opportunities_statuses",
        _("Opportunities by status"),
        _("By status"),
    ),
}
LIST_PARAMS = ("product_ids", "status_ids", "owner_ids")


def today_for(request) -> dt.date:
    """Today in the user's zone: a decision "passed" is a local notion."""
    user = request.identity
    default = request.registry.relais_settings["relais.default_timezone"]
    zone = zoneinfo.ZoneInfo((user.timezone if user else None) or default)
    return dt.datetime.now(zone).date()


def read_filters(request) -> tuple[pipe.PipeFilters, dict]:
    """The filters of the query string; the defaults when the form was not sent."""
    params = request.params
    data: dict = {}
    for key in ("period", "start", "end", "closed", "q", "portfolio"):
        value = params.get(key, "").strip()
        if value:
            data[key] = value
    for key in LIST_PARAMS:
        data[key] = [value for value in params.getall(key) if value.strip()]
    filters, errors = validate(pipe.PipeFilters, data)
    if errors:
        filters = pipe.PipeFilters()
    if "filtered" not in params:
        filters.owner_ids = pipe.default_owners(request.dbsession, request.identity)
    return filters, errors


def page_values(request, view: str, filters, errors, found) -> dict:
    session = request.dbsession
    _route, title, _tab = VIEWS[view]
    query = [(key, value) for key, value in request.params.items()]
    return {
        "title": title,
        "view": view,
        "views": VIEWS,
        "filters": filters,
        "errors": errors,
        "totals": pipe.sum_rows(found),
        "rows": found,
        "statuses": service.statuses(session),
        "products": service.products(session),
        "owners": service.salespeople(session),
        "fmt": Formatter(request),
        # The kanban's cards this user may drag (None: no dragging here).
        "movable": None,
        "query": query,
        "export_url": request.route_url(
            "opportunities_export", _query=[*query, ("view", view)]
        ),
        "view_url": lambda name: request.route_url(VIEWS[name][0], _query=query),
    }


def found_rows(request, filters) -> list[pipe.Row]:
    opportunities = pipe.load(request.dbsession, request.access, filters)
    return pipe.rows(opportunities, today_for(request))


@view_config(
    route_name="opportunities", renderer="core:templates/opportunities/table.pt"
)
def table(request):
    filters, errors = read_filters(request)
    return page_values(request, "table", filters, errors, found_rows(request, filters))


def first_month(request, today: dt.date) -> dt.date:
    text = request.params.get("month", "")
    try:
        return check_plausible(dt.date.fromisoformat(text + "-01"))
    except ValueError:  # FieldError included: a year nobody means
        return today.replace(day=1)


@view_config(
    route_name="opportunities_months",
    renderer="core:templates/opportunities/months.pt",
)
def months(request):
    filters, errors = read_filters(request)
    found = found_rows(request, filters)
    today = today_for(request)
    board = pipe.by_month(found, first_month(request, today), today)
    values = page_values(request, "months", filters, errors, found)
    shown = [row for column in board.columns for row in column.rows]
    first = board.columns[0].month
    query = [(k, v) for k, v in values["query"] if k != "month"]

    def starting(month: dt.date) -> str:
        month_query = [*query, ("month", month.isoformat()[:7])]
        return request.route_url("opportunities_months", _query=month_query)

    values.update(
        board=board,
        totals=pipe.sum_rows(shown),
        previous_url=starting((first - dt.timedelta(days=1)).replace(day=1)),
        next_url=starting(pipe.next_month(first)),
    )
    return values


@view_config(
    route_name="opportunities_statuses",
    renderer="core:templates/opportunities/statuses.pt",
)
def statuses(request):
    filters, errors = read_filters(request)
    found = found_rows(request, filters)
    values = page_values(request, "statuses", filters, errors, found)
    values["columns"] = pipe.by_status(request.dbsession, found)
    values["movable"] = (
        editable_ids(
            request.dbsession,
            request.access,
            [row.opportunity.id for row in found],
        )
        if request.has_permission("opportunities.edit")
        else set()
    )
    return values


@view_config(
    route_name="opportunity_status",
    request_method="POST",
    permission="opportunities.edit",
    renderer="json",
)
def change_status(request):
    """The kanban's drop: move the card, answer the new figures of the card."""
    opportunity = get_editable(request)
    raw = request.POST.get("status_id", "")
    try:
        service.set_status(
            request.dbsession,
            request.identity,
            opportunity,
            parse_id(raw) or 0,
        )
    except FormErrors as exc:
        request.response.status = 422
        translate = request.localizer.translate
        return {"errors": {k: translate(v) for k, v in exc.errors.items()}}
    from core.opportunities import amounts

    numbers = amounts.figures(opportunity)
    return {
        "id": opportunity.id,
        "status_id": opportunity.status_id,
        "total": str(numbers.total),
        "weighted": str(numbers.weighted),
    }


@view_config(route_name="opportunities_export")
def export_view(request):
    view = request.params.get("view", "table")
    if view not in VIEWS:
        raise HTTPNotFound()
    filters, _errors = read_filters(request)
    found = found_rows(request, filters)
    groups = []
    fmt = Formatter(request)
    if view == "months":
        today = today_for(request)
        board = pipe.by_month(found, first_month(request, today), today)
        found = [row for column in board.columns for row in column.rows]
        no_date = request.localizer.translate(_("No date"))
        groups = [
            (fmt.month(column.month) if column.month else no_date, column.rows)
            for column in board.columns
        ]
    elif view == "statuses":
        columns = pipe.by_status(request.dbsession, found)
        groups = [
            (f"{column.title} ({fmt.percent(column.status.rate)})", column.rows)
            for column in columns
        ]
    body = export.workbook(request, found, view, groups)
    filename = f"opportunities-{today_for(request).isoformat()}.xlsx"
    return Response(
        body=body,
        content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
        content_disposition=f'attachment; filename="{filename}"',
    )
