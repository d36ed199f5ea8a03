"""Who may see and change an opportunity, through :mod:`core.access`.

Opportunities are an access kind: everyone reads the public ones, the owner
changes them (their team's manager and administrators too, by default), and a
private opportunity is seen only by its owner and the managers above (case
S-02). Every view, total, export, dashboard figure and API call of this
package asks these functions, so a private opportunity cannot leak through
one path the others close, and a plugin's access rule (S-03) applies
everywhere at once.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, case

from core.access import AUTHORED, PRIVATE, PUBLIC
from core.i18n import _
from core.opportunities.models import Opportunity

KIND = "opportunity"


def owned_by(users):
    """An opportunity belongs to its owner (the salesperson following it)."""
    return Opportunity.owner_id.in_(users)


def visible_clause(access) -> ColumnElement[bool]:
    """A WHERE clause keeping the opportunities ``access`` may see."""
    return access.filter(KIND)


def can_see(access, opportunity: Opportunity) -> bool:
    return access.can_view(opportunity)


def can_change(access, opportunity: Opportunity) -> bool:
    return access.can_edit(opportunity)


def editable_ids(session, access, ids) -> set[int]:
    """Which of the opportunities ``ids`` ``access`` may change (one query)."""
    from sqlalchemy import select

    query = select(Opportunity.id).where(
        Opportunity.id.in_(list(ids)), access.editable(KIND)
    )
    return set(session.scalars(query))


def includeme(config):
    config.add_access_kind(
        KIND,
        _("Opportunities"),
        Opportunity,
        owned_by,
        defaults=AUTHORED,
        visibility=case((Opportunity.private.is_(True), PRIVATE), else_=PUBLIC),
        owner=Opportunity.owner_id,
    )
