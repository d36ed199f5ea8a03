"""The weekly and period reports of actions, with their PDF and XLSX."""

from __future__ import annotations

import datetime as dt

from pyramid.renderers import get_renderer, render
from pyramid.response import Response
from pyramid.view import view_config

from core.actions import attachments, exports, reports
from core.actions.timezones import user_zone
from core.actions.views.form import action_types
from core.actions.views.panels import row_macros
from core.actions.views.todo import people
from core.auth.models import Team, User
from core.forms import get_by_id, parse_ids, read_day
from core.i18n import _

WEEKLY = "core:templates/actions/weekly.pt"
WEEKLY_PDF = "core:templates/actions/weekly_pdf.pt"
PERIOD = "core:templates/actions/period.pt"
FILTERS = "core:templates/actions/report_filters.pt"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _today(request) -> dt.date:
    return dt.datetime.now(user_zone(request.identity, request.registry)).date()


def report_users(request) -> tuple[list[User], dict]:
    """Whose actions the report shows: oneself, or (managers) a team or all."""
    me, session = request.identity, request.dbsession
    if not request.has_permission("actions.team"):
        return [me], {"team": "", "user": str(me.id)}
    params = request.params
    user_id = params.get("user", "")
    user = get_by_id(session, User, user_id)
    if user is not None:
        return [user], {"team": "", "user": user_id}
    team_id = params.get("team", "")
    if get_by_id(session, Team, team_id) is not None:
        return reports.team_users(session, int(team_id)), {"team": team_id, "user": ""}
    return reports.all_teams_users(session), {"team": "", "user": ""}


def chosen_types(request) -> list[int]:
    return parse_ids(request.params.getall("type"))


def _filters(request, extra: dict) -> dict:
    team_view = request.has_permission("actions.team")
    teams, users = people(request) if team_view else ([], [])
    return {
        "team_view": team_view,
        "teams": teams,
        "users": users,
        "types": action_types(request.dbsession),
        "chosen_types": chosen_types(request),
        "filters": get_renderer(FILTERS).implementation(),
        **extra,
    }


@view_config(route_name="report_weekly", renderer=WEEKLY)
def weekly_report(request):
    errors: dict = {}
    day = read_day(request.params, "week", errors, _today(request))
    users, chosen = report_users(request)
    weeks, blocks = reports.weekly_grid(
        request.dbsession,
        request.registry,
        request.access,
        users,
        day,
        chosen_types(request),
    )
    return _filters(
        request,
        {
            "title": _("Weekly report"),
            "errors": errors,
            "day": day,
            "weeks": weeks,
            "current": reports.monday(day),
            "blocks": blocks,
            "chosen": chosen,
            "pdf_query": request.params.mixed() | {"week": day.isoformat()},
        },
    )


@view_config(route_name="report_weekly_pdf")
def weekly_pdf(request):
    """The week's meetings (by default the meeting and lunch types) as a PDF."""
    errors: dict = {}
    day = read_day(request.params, "week", errors, _today(request))
    users, _chosen = report_users(request)
    types = chosen_types(request) or [
        kind.id
        for kind in action_types(request.dbsession)
        if kind.code in reports.MEETING_TYPES
    ]
    groups = reports.week_meetings(
        request.dbsession, request.registry, request.access, users, day, types
    )
    html = render(
        WEEKLY_PDF,
        {"groups": groups, "monday": reports.monday(day), "title": _("Weekly report")},
        request=request,
    )
    body = exports.pdf_from_html(html, request.application_url)
    response = Response(body=body, content_type="application/pdf")
    name = f"meetings-{reports.monday(day).isoformat()}.pdf"
    response.content_disposition = f'attachment; filename="{name}"'
    return response


def _period(request):
    errors: dict = {}
    today = _today(request)
    params = request.params
    start = read_day(params, "start", errors, today.replace(day=1))
    end = read_day(params, "end", errors, today)
    if end < start:
        errors["end"] = _("The end comes before the start.")
        end = start
    users, chosen = report_users(request)
    follow_ups = params.get("mode") == "follow_ups"
    actions = reports.period_actions(
        request.dbsession,
        request.registry,
        request.access,
        [user.id for user in users],
        start,
        end,
        follow_ups=follow_ups,
        text=params.get("q", "")[:200],
        type_ids=chosen_types(request),
    )
    shown = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "mode": "follow_ups" if follow_ups else "actions",
        "q": params.get("q", "")[:200],
        **chosen,
    }
    return actions, shown, errors


@view_config(route_name="report_period", renderer=PERIOD)
def period_report(request):
    actions, shown, errors = _period(request)
    return _filters(
        request,
        {
            "title": _("Period report"),
            "actions": actions,
            "shown": shown,
            "chosen": shown,
            "errors": errors,
            "rows": row_macros(),
            "states": {},
            "docs": attachments.document_counts(
                request.dbsession, request.access, actions
            ),
            "comments": attachments.comments_by_action(
                request.dbsession, request.access, actions
            ),
            "xlsx_query": request.params.mixed(),
        },
    )


@view_config(route_name="report_period_xlsx")
def period_xlsx(request):
    actions, shown, _errors = _period(request)
    translate = request.localizer.translate
    headers = [
        translate(label)
        for label in (
            _("Date"),
            _("Type"),
            _("Subject"),
            _("Companies"),
            _("Contacts"),
            _("Visitors"),
            _("Follow-up"),
            _("Report"),
            _("Budget"),
        )
    ]
    zone = user_zone(request.identity, request.registry)

    def local(instant):
        return instant.astimezone(zone).strftime("%d/%m/%Y %H:%M") if instant else ""

    body = exports.period_workbook(headers, exports.period_rows(actions, local))
    response = Response(body=body, content_type=XLSX)
    name = f"actions-{shown['start']}-{shown['end']}.xlsx"
    response.content_disposition = f'attachment; filename="{name}"'
    return response


def includeme(config):
    config.add_route("report_weekly", "/actions/weekly")
    config.add_route("report_weekly_pdf", "/actions/weekly.pdf")
    config.add_route("report_period", "/actions/period")
    config.add_route("report_period_xlsx", "/actions/period.xlsx")
    config.add_menu_entry(
        "activity", "actions", _("Commercial actions"), "report_period", order=20
    )
    # Salespeople read their own actions through the Activity menu; the
    # reports by team are the managers'.
    config.add_menu_entry(
        "reporting",
        "actions_weekly",
        _("Weekly action report"),
        "report_weekly",
        permission="actions.team",
    )
    config.add_menu_entry(
        "reporting",
        "actions_period",
        _("Period action report"),
        "report_period",
        permission="actions.team",
    )
    config.scan(__name__)
