"""What every action page needs: loading an action, who may change it, and
times shown in the user's zone."""

from __future__ import annotations

import datetime as dt

from pyramid.httpexceptions import HTTPForbidden

from core.access import require_view
from core.actions.models import Action
from core.actions.timezones import user_zone

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


def get_action(request) -> Action:
    """The action of the URL; 404 when it is missing or hidden from the user."""
    action = request.dbsession.get(Action, int(request.matchdict["id"]))
    return require_view(request, action)


def may_edit(request, action: Action) -> bool:
    """By default the author and visitors change an action, managers their
    team's, administrators all (the access page decides)."""
    if not request.has_permission("actions.edit"):
        return False
    return request.access.can_edit(action)


def check_may_edit(request, action: Action) -> None:
    if not may_edit(request, action):
        raise HTTPForbidden()


def local_input(request, instant: dt.datetime | None) -> str:
    """An instant as a ``datetime-local`` value in the user's zone."""
    if instant is None:
        return ""
    zone = user_zone(request.identity, request.registry)
    return instant.astimezone(zone).strftime(LOCAL_INPUT)
