"""What the opportunities add to other pages: the action's opportunity tab."""

from __future__ import annotations

from sqlalchemy import select

from core.opportunities import amounts
from core.opportunities.formatting import Formatter
from core.opportunities.models import Opportunity
from core.opportunities.visibility import visible_clause


def action_tab(action, request) -> dict:
    """The opportunities proposed in ``action`` that the user may see.

    The action form shows the tabs too, before the action exists (``None``).
    """
    if action is None:
        return {"action": None, "items": [], "new_url": None}
    query = (
        select(Opportunity)
        .where(Opportunity.action_id == action.id, visible_clause(request.access))
        .order_by(Opportunity.id)
    )
    found = list(request.dbsession.scalars(query))
    return {
        "action": action,
        "items": [(record, amounts.figures(record)) for record in found],
        "fmt": Formatter(request),
        "new_url": request.route_url(
            "opportunity_new", _query={"action_id": action.id}
        ),
    }
