"""The todo page, its home panel, and the browser reminders it feeds."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select

from core.actions import todo
from core.actions.models import ActionPreference
from core.actions.timezones import user_zone
from core.actions.views.panels import row_macros
from core.auth.models import Team, User, utcnow
from core.directory.views.companies import flash
from core.forms import get_by_id, read_day
from core.i18n import _

PAGE = "core:templates/actions/todo.pt"
PANEL = "core:templates/actions/todo_panel.pt"
HOME_ITEMS = 12


def whose(request) -> tuple[list[int], dict]:
    """The users whose todo is shown: oneself, or (managers) a user or a team."""
    me = request.identity
    params = request.params
    chosen = {"user": str(me.id), "team": ""}
    if not request.has_permission("actions.team"):
        return [me.id], chosen
    session = request.dbsession
    team_id = params.get("team", "")
    if get_by_id(session, Team, team_id) is not None:
        members = session.scalars(
            select(User.id).where(User.team_id == int(team_id), User.active.is_(True))
        )
        return list(members) or [-1], {"user": "", "team": team_id}
    user_id = params.get("user", "")
    if get_by_id(session, User, user_id) is not None:
        return [int(user_id)], {"user": user_id, "team": ""}
    return [me.id], chosen


def people(request) -> tuple[list[Team], list[User]]:
    """The teams and active users a manager may pick from."""
    session = request.dbsession
    teams = list(session.scalars(select(Team).order_by(Team.name)))
    query = select(User).where(User.active.is_(True))
    users = list(session.scalars(query.order_by(User.last_name, User.first_name)))
    return teams, users


def read_filter(request) -> tuple[todo.TodoFilter, dict, dict]:
    params = request.params
    errors: dict = {}
    user_ids, chosen = whose(request)
    kinds = tuple(k for k in params.getall("kind") if k in todo.KINDS)
    if "filtered" not in params:
        kinds = todo.KINDS
    wanted = todo.TodoFilter(
        user_ids=user_ids,
        start=read_day(params, "start", errors),
        end=read_day(params, "end", errors),
        text=params.get("q", "")[:200],
        kinds=kinds,
        reverse=params.get("order") == "desc",
        without_report=params.get("cr") == "1",
    )
    shown = {
        "start": params.get("start", ""),
        "end": params.get("end", ""),
        "q": wanted.text,
        "kinds": kinds,
        "order": "desc" if wanted.reverse else "asc",
        "cr": wanted.without_report,
        **chosen,
    }
    return wanted, shown, errors


def preference(session, user) -> ActionPreference:
    found = session.get(ActionPreference, user.id)
    return found or ActionPreference(
        user_id=user.id, browser_reminders=True, mail_reminders=False
    )


@view_config(route_name="todo", renderer=PAGE)
def todo_page(request):
    session, registry, me = request.dbsession, request.registry, request.identity
    wanted, shown, errors = read_filter(request)
    team_view = request.has_permission("actions.team")
    teams, users = people(request) if team_view else ([], [])
    return {
        "title": _("Todo"),
        "items": todo.todo_items(session, registry, request.access, wanted),
        "counters": todo.counters(session, registry, request.access, wanted.user_ids),
        "shown": shown,
        "errors": errors,
        "team_view": team_view,
        "teams": teams,
        "users": users,
        "preference": preference(session, me),
        "rows": row_macros(),
        "now": utcnow(),
        "back": request.path_qs,
    }


def home_panel(_context, request) -> dict:
    session, registry, me = request.dbsession, request.registry, request.identity
    wanted = todo.TodoFilter(user_ids=[me.id], limit=HOME_ITEMS)
    return {
        "items": todo.todo_items(session, registry, request.access, wanted),
        "counters": todo.counters(session, registry, request.access, [me.id]),
        "rows": row_macros(),
        "now": utcnow(),
        "back": request.path_qs,
    }


@view_config(route_name="todo_preferences", request_method="POST")
def todo_preferences(request):
    session, me = request.dbsession, request.identity
    found = session.get(ActionPreference, me.id)
    if found is None:
        found = ActionPreference(user_id=me.id)
        session.add(found)
    found.browser_reminders = "browser_reminders" in request.POST
    found.mail_reminders = "mail_reminders" in request.POST
    flash(request, _("Your reminder preferences are saved."))
    return HTTPSeeOther(request.route_url("todo"))


@view_config(route_name="todo_reminders", renderer="json", request_method="GET")
def todo_reminders(request):
    """The follow-ups the open browser should ring for now."""
    session, me = request.dbsession, request.identity
    if not preference(session, me).browser_reminders:
        return {"enabled": False, "reminders": []}
    zone = user_zone(me, request.registry)
    reminders = [
        {
            "id": action.id,
            "key": f"{action.id}-{int(action.follow_up_at.timestamp())}",
            "subject": action.subject,
            "at": action.follow_up_at.astimezone(zone).strftime("%H:%M"),
            "url": request.route_url("action_next", id=action.id),
        }
        for action in todo.due_reminders(session, request.access)
    ]
    return {"enabled": True, "reminders": reminders}


def includeme(config):
    config.add_route("todo", "/todo")
    config.add_route("todo_preferences", "/todo/preferences")
    config.add_route("todo_reminders", "/todo/reminders")
    config.add_menu_entry("activity", "todo", _("Todo"), "todo", order=5)
    config.add_panel("home", "todo", _("Todo"), PANEL, view=home_panel, order=10)
    config.scan(__name__)
