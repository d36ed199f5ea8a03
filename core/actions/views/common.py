"""What every action page needs: loading an action, who may change it, and
times shown in the user's zone."""

from __future__ import annotations

import datetime as dt

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound

from core.actions.models import Action
from core.actions.timezones import user_zone

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


def get_action(request) -> Action:
    action = request.dbsession.get(Action, int(request.matchdict["id"]))
    if action is None:
        raise HTTPNotFound()
    return action


def may_edit(request, action: Action) -> bool:
    """The author, the visitors and the team's managers change an action."""
    user = request.identity
    if not request.has_permission("actions.edit"):
        return False
    if user.id == action.author_id or user in action.visitors:
        return True
    return bool(request.has_permission("actions.team"))


def check_may_edit(request, action: Action) -> None:
    if not may_edit(request, action):
        raise HTTPForbidden()


def local_input(request, instant: dt.datetime | None) -> str:
    """An instant as a ``datetime-local`` value in the user's zone."""
    if instant is None:
        return ""
    zone = user_zone(request.identity, request.registry)
    return instant.astimezone(zone).strftime(LOCAL_INPUT)
