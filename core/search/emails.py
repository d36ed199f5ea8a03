"""The quick search's e-mail group: the text of e-mail actions.

Mails captured in Bcc and e-mail actions typed by hand are actions of type
``email`` (or of origin ``mail``); their subject and body are indexed like
names, in ``search_action``, most recent first. With "Portefeuille", only
the e-mails to a contact of the user's portfolio are shown.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from core.actions.models import Action, action_contact
from core.actions.queries import visible_actions
from core.directory.access import contact_owned_by
from core.directory.models import Contact
from core.search.index import matching_ids
from core.search.models import SearchAction
from core.search.quick import BOUND, Hit, options
from core.search.text import patterns


def search_emails(request, text: str, limit: int):
    found = patterns(text)
    if not found or request.identity is None:
        return [], 0
    session = request.dbsession
    dialect = session.get_bind().dialect.name
    matches = matching_ids(dialect, SearchAction, found).subquery("matches")
    visible = visible_actions(request.access).whereclause
    query = (
        select(SearchAction.action_id, SearchAction.sort_key)
        .select_from(matches)
        .join(SearchAction, SearchAction.action_id == matches.c.id)
        .join(Action, Action.id == matches.c.id)
    )
    if visible is not None:
        query = query.where(visible)
    if options(request)["portfolio"]:
        query = query.where(Action.id.in_(_with_my_contacts(request.identity.id)))
    bounded = query.limit(BOUND + 1).subquery()
    rows = session.execute(
        select(bounded.c.action_id, func.count().over())
        .order_by(bounded.c.sort_key, bounded.c.action_id)
        .limit(limit)
    ).all()
    if not rows:
        return [], 0
    ids = [row[0] for row in rows]
    actions = session.scalars(
        select(Action).where(Action.id.in_(ids)).options(selectinload(Action.contacts))
    ).all()
    by_id = {action.id: action for action in actions}
    hits = [_hit(request, by_id[i]) for i in ids if i in by_id]
    return hits, rows[0][1]


def _with_my_contacts(user_id: int):
    """E-mails to a contact of the user's portfolio (or of its companies)."""
    return (
        select(action_contact.c.action_id)
        .join(Contact, Contact.id == action_contact.c.contact_id)
        .where(contact_owned_by([user_id]))
    )


def _hit(request, action: Action) -> Hit:
    from core.web.layout import PageHelpers

    names = ", ".join(contact.display_name for contact in action.contacts[:3])
    day = PageHelpers(request).date(action.starts_at)
    detail = " · ".join(part for part in (day, names) if part)
    return Hit(action.subject, detail, request.route_url("action", id=action.id))
