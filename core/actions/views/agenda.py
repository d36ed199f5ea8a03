"""The agenda page, its events, drag and drop, and the private feed."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.response import Response
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config

from core.actions import agenda, queries, services
from core.actions.models import Action
from core.actions.schemas import parse_wall_clock
from core.actions.services import ActionErrors
from core.actions.timezones import localise, user_zone
from core.actions.views.common import may_edit
from core.actions.views.form import action_types
from core.actions.views.todo import people, whose
from core.directory.views.companies import flash
from core.forms import FieldError, parse_id, parse_ids
from core.i18n import _

PAGE = "core:templates/actions/agenda.pt"


def _instant(request, value: str):
    """A time the calendar sent: a wall-clock time of the user's zone."""
    text = (value or "").strip().removesuffix("Z")
    if "+" in text[10:]:
        text = text[: 10 + text[10:].index("+")]
    naive = parse_wall_clock(text[:19])
    return localise(naive, user_zone(request.identity, request.registry))


def _type_ids(request) -> list[int]:
    raw = request.params.get("types", "")
    return parse_ids(raw.split(","))


@view_config(route_name="agenda", renderer=PAGE)
def agenda_page(request):
    return page_values(request)


def page_values(request, feed_url: str | None = None) -> dict:
    """The agenda page; ``feed_url`` is a new feed address, shown once."""
    session, me = request.dbsession, request.identity
    _ids, chosen = whose(request)
    team_view = request.has_permission("actions.team")
    teams, users = people(request) if team_view else ([], [])
    return {
        "title": _("Agenda"),
        "types": action_types(session),
        "chosen": chosen,
        "team_view": team_view,
        "teams": teams,
        "users": users,
        "feed": agenda.active_feed(session, me),
        "feed_url": feed_url,
        "labels": json.dumps(
            {
                name: request.localizer.translate(label)
                for name, label in (
                    ("today", _("Today")),
                    ("month", _("Month")),
                    ("week", _("Week")),
                    ("day", _("Day")),
                    ("moved", _("The action is moved.")),
                    ("refused", _("The move was refused.")),
                )
            }
        ),
    }


@view_config(route_name="agenda_events", renderer="json", request_method="GET")
def agenda_events(request):
    session, me = request.dbsession, request.identity
    try:
        start = _instant(request, request.params.get("start", ""))
        end = _instant(request, request.params.get("end", ""))
    except FieldError as exc:
        request.response.status = 400
        return {"error": request.localizer.translate(exc.message)}
    user_ids, _chosen = whose(request)
    types = _type_ids(request)
    zone = user_zone(me, request.registry)
    access = request.access
    actions = agenda.agenda_actions(session, access, user_ids, start, end, types)
    follow_ups = []
    if request.params.get("follow_ups", "1") == "1":
        follow_ups = agenda.agenda_follow_ups(
            session, access, user_ids, start, end, types
        )
    editable = set()
    if request.has_permission("actions.edit"):
        editable = queries.editable_ids(session, access, actions + follow_ups)
    events = []
    for action in actions:
        url = request.route_url("action", id=action.id)
        mine = action.id in editable
        events.append(agenda.action_event(action, zone, url, mine))
    for action in follow_ups:
        url = request.route_url("action_next", id=action.id)
        mine = action.id in editable
        events.append(agenda.follow_up_event(action, zone, url, mine))
    return events


def _error(request, status: int, message) -> Response:
    request.response.status = status
    return {"error": request.localizer.translate(message)}


@view_config(route_name="agenda_move", request_method="POST", renderer="json")
def agenda_move(request):
    """Drag and drop: an action moves (its invitation follows), or a follow-up."""
    post = request.POST
    action_id = post.get("action", "")
    ident = parse_id(action_id)
    action = request.dbsession.get(Action, ident) if ident else None
    visible = action is not None and request.access.can_view(action)
    if not visible or action.cancelled_at is not None:
        return _error(request, 404, _("This action no longer exists."))
    if not may_edit(request, action):
        return _error(request, 403, _("You may not change this action."))
    try:
        start = _instant(request, post.get("start", ""))
        end = _instant(request, post["end"]) if post.get("end") else None
    except FieldError as exc:
        return _error(request, 422, exc.message)

    if post.get("kind") == "follow_up":
        services.postpone_follow_up(action, start, request.identity)
        return {"ok": True}
    try:
        services.move_action(
            request.dbsession,
            request.registry,
            action,
            actor=request.identity,
            start=start,
            end=end,
            tasks=request.tasks,
        )
    except ActionErrors as exc:
        message = next(iter(exc.errors.values()))
        return _error(request, 422, message)
    return {"ok": True, "invited": action.invited}


@view_config(route_name="agenda_feed_new", request_method="POST", renderer=PAGE)
def agenda_feed_new(request):
    """Show the new address in the answer to the POST itself.

    Only its hash is kept, so this is the one time it can be shown; it must
    not travel through the session, whose cookie the user and any proxy
    logging cookies can read.
    """
    token = agenda.new_feed_token(request.dbsession, request.identity)
    flash(request, _("Your calendar address is ready: copy it now."))
    # The page holds the secret: no cache keeps a copy.
    request.response.cache_control = "no-store"
    return page_values(request, request.route_url("agenda_feed", token=token))


@view_config(route_name="agenda_feed_revoke", request_method="POST")
def agenda_feed_revoke(request):
    agenda.revoke_feed(request.dbsession, request.identity)
    flash(request, _("Your calendar address no longer works."))
    return HTTPSeeOther(request.route_url("agenda", _anchor="feed"))


@view_config(
    route_name="agenda_feed", permission=NO_PERMISSION_REQUIRED, request_method="GET"
)
def agenda_feed(request):
    """The private feed calendar applications subscribe to (no session)."""
    user = agenda.feed_owner(request.dbsession, request.matchdict["token"])
    if user is None:
        raise HTTPNotFound()
    domain = urlsplit(request.application_url).hostname or "relais"
    body = agenda.feed_calendar(
        request.dbsession,
        request.registry,
        user,
        lambda action: request.route_url("action", id=action.id),
        domain,
    )
    response = Response(body=body, content_type="text/calendar", charset="utf-8")
    response.cache_control = "private, max-age=300"
    return response


def includeme(config):
    config.add_route("agenda", "/agenda")
    config.add_route("agenda_events", "/agenda/events")
    config.add_route("agenda_move", "/agenda/move")
    config.add_route("agenda_feed_new", "/agenda/feed/new")
    config.add_route("agenda_feed_revoke", "/agenda/feed/revoke")
    config.add_route("agenda_feed", "/agenda/feed/{token}.ics")
    config.add_menu_entry("activity", "agenda", _("Agenda"), "agenda", order=10)
    config.scan(__name__)
