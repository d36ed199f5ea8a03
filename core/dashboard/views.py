"""The dashboard's JSON endpoints and the values of its home panels."""

from __future__ import annotations

import datetime as dt

from pyramid.view import view_config

from core.actions.timezones import user_zone
from core.dashboard import figures
from core.dashboard.labels import COVERAGE, DATASETS
from core.dashboard.scope import scope_for
from core.i18n import _
from core.opportunities.formatting import Formatter
from core.opportunities.views.pipe import today_for

COVERAGE_SETTING = "relais.dashboard.coverage_days"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def month_series(request):
    fmt = Formatter(request)
    scope = scope_for(request)
    return figures.pipe_by_month(
        request.dbsession,
        request.access,
        scope.user_ids,
        today_for(request),
        fmt.month,
        request.localizer.translate(_("No date")),
    )


def status_series(request):
    scope = scope_for(request)
    return figures.pipe_by_status(
        request.dbsession, request.access, scope.user_ids, today_for(request)
    )


def week_series(request):
    scope = scope_for(request)
    zone = user_zone(request.identity, request.registry)
    return figures.actions_per_week(request.dbsession, scope.user_ids, _now(), zone)


def coverage_figures(request):
    scope = scope_for(request)
    days = request.registry.relais_settings[COVERAGE_SETTING]
    return figures.coverage(request.dbsession, scope.user_ids, _now(), days)


def _json(series, request) -> dict:
    data = series.as_json()
    translate = request.localizer.translate
    for dataset in data["datasets"]:
        dataset["label"] = translate(DATASETS[dataset["key"]])
    return data


@view_config(route_name="dashboard_pipe_months", renderer="json")
def pipe_months_json(request):
    return _json(month_series(request), request)


@view_config(route_name="dashboard_pipe_statuses", renderer="json")
def pipe_statuses_json(request):
    return _json(status_series(request), request)


@view_config(route_name="dashboard_actions_weeks", renderer="json")
def actions_weeks_json(request):
    return _json(week_series(request), request)


@view_config(route_name="dashboard_coverage", renderer="json")
def coverage_json(request):
    data = _json(coverage_figures(request), request)
    translate = request.localizer.translate
    data["labels"] = [translate(COVERAGE[key]) for key in data["labels"]]
    return data


def _chart_url(request, route: str) -> str:
    return request.route_url(route, _query=scope_for(request).query)


# Panel views: ``view(context, request)`` as core.web.panels calls them.


def dashboard_scope(_context, request):
    return {"scope": scope_for(request)}


def actions_per_week(_context, request):
    return {
        "series": week_series(request),
        "src": _chart_url(request, "dashboard_actions_weeks"),
    }


def portfolio_coverage(_context, request):
    return {
        "coverage": coverage_figures(request),
        "src": _chart_url(request, "dashboard_coverage"),
    }


def pipe_by_month(_context, request):
    return {
        "series": month_series(request),
        "src": _chart_url(request, "dashboard_pipe_months"),
        "fmt": Formatter(request),
    }


def pipe_by_status(_context, request):
    return {
        "series": status_series(request),
        "src": _chart_url(request, "dashboard_pipe_statuses"),
        "fmt": Formatter(request),
    }


def includeme(config):
    config.add_route("dashboard_pipe_months", "/dashboard/pipe-months.json")
    config.add_route("dashboard_pipe_statuses", "/dashboard/pipe-statuses.json")
    config.add_route("dashboard_actions_weeks", "/dashboard/actions-weeks.json")
    config.add_route("dashboard_coverage", "/dashboard/coverage.json")
    config.scan(__name__)
