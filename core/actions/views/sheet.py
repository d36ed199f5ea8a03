"""The action sheet: the action, its follow-up and its chain's history."""

from __future__ import annotations

import datetime as dt

from pyramid.view import view_config

from core.actions import services
from core.actions.models import Action
from core.actions.views.common import get_action, local_input, may_edit

SHEET = "core:templates/actions/action.pt"


def format_duration(value: dt.timedelta) -> str:
    """Hours and minutes, as salespeople count their time ("2 h 05")."""
    minutes = int(value.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60:02d}"


def sheet_values(request, action: Action) -> dict:
    history = services.chain_history(action, request.access)
    registry, user = request.registry, request.identity
    spent = services.chain_time(history)
    return {
        "title": action.subject,
        "action": action,
        "state": services.follow_up_state(action, registry, user),
        "history": history,
        "chain_time": spent,
        "duration": format_duration(spent),
        "editable": may_edit(request, action),
        "follow_up_input": local_input(request, action.follow_up_at),
        "states": {
            item.id: services.follow_up_state(item, registry, user) for item in history
        },
    }


@view_config(route_name="action", renderer=SHEET)
def action_sheet(request):

    return sheet_values(request, get_action(request))
