"""Reading actions: per contact, per company, per user or team, per period.

Every list of actions goes through :func:`visible_actions`, the one place
where who may see which action is decided.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import selectinload

from core.actions.models import Action, action_contact, action_visitor
from core.auth.models import User
from core.directory.models import Contact

LOADED = (
    selectinload(Action.type),
    selectinload(Action.contacts).selectinload(Contact.company),
    selectinload(Action.visitors),
    selectinload(Action.author),
)


def visible_actions(user: User) -> Select:
    """The actions ``user`` may see, as a query to narrow further.

    Every user sees the actions recorded in the base: a salesperson needs
    the history of a company before calling it, whoever wrote it.
    """
    return select(Action).options(*LOADED)


def involving(user_ids) -> object:
    """Actions where one of ``user_ids`` is a visitor or the author."""
    ids = list(user_ids)
    return or_(
        Action.author_id.in_(ids),
        exists().where(
            action_visitor.c.action_id == Action.id,
            action_visitor.c.user_id.in_(ids),
        ),
    )


def with_contact(contact_id: int):
    return exists().where(
        action_contact.c.action_id == Action.id,
        action_contact.c.contact_id == contact_id,
    )


def with_company(company_id: int):
    return exists().where(
        action_contact.c.action_id == Action.id,
        action_contact.c.contact_id == Contact.id,
        Contact.company_id == company_id,
    )


def sheet_actions(
    session, user: User, *, contact_id=None, company_id=None, mine=False, limit=100
) -> list[Action]:
    """The actions of a contact or a company sheet, newest first."""
    query = visible_actions(user)
    if contact_id is not None:
        query = query.where(with_contact(contact_id))
    if company_id is not None:
        query = query.where(with_company(company_id))
    if mine:
        query = query.where(involving([user.id]))
    query = query.order_by(Action.starts_at.desc(), Action.id.desc()).limit(limit)
    return list(session.scalars(query))


def in_period(query: Select, start: dt.datetime | None, end: dt.datetime | None):
    if start is not None:
        query = query.where(Action.starts_at >= start)
    if end is not None:
        query = query.where(Action.starts_at < end)
    return query
