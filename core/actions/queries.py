"""Reading actions: per contact, per company, per user or team, per period.

Every list of actions starts from :func:`visible_actions`, which applies the
access rules of :mod:`core.access` (kind ``action``): an action belongs to
its author and its visitors, and is seen only when one of its contacts is.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import selectinload

from core.actions.models import Action, action_contact, action_visitor
from core.directory.models import Contact
from core.directory.normalise import fold

LOADED = (
    selectinload(Action.type),
    selectinload(Action.contacts).selectinload(Contact.company),
    selectinload(Action.visitors),
    selectinload(Action.author),
    selectinload(Action.budget),
)


def visible_actions(access) -> Select:
    """The actions ``access`` may see, as a query to narrow further.

    ``access`` is ``request.access``, or ``core.access.access_for(session,
    registry, user)`` outside a request; ``None`` applies no rule, for
    callers acting for nobody in particular (commands, maintenance tasks).
    """
    query = select(Action).options(*LOADED)
    if access is None:
        return query
    return query.where(access.filter("action"))


def subject_contains(text: str):
    """Subjects holding ``text``, whatever the case and accents; ``%`` and
    ``_`` are plain characters (S-01)."""
    return func.relais_fold(Action.subject).contains(
        fold(text.strip()), autoescape=True
    )


def editable_ids(session, access, actions) -> set[int]:
    """Which of ``actions`` the user may change, in one query."""
    ids = [action.id for action in actions]
    if not ids:
        return set()
    query = select(Action.id).where(Action.id.in_(ids), access.editable("action"))
    return set(session.scalars(query))


def involving(user_ids) -> object:
    """Actions where one of ``user_ids`` (ids or a subquery of ids) is the
    author or a visitor: whose an action is, for the access rules too."""
    ids = list(user_ids) if isinstance(user_ids, list | tuple | set) else user_ids
    return or_(
        Action.author_id.in_(ids),
        exists().where(
            action_visitor.c.action_id == Action.id,
            action_visitor.c.user_id.in_(ids),
        ),
    )


def with_visible_contact(access):
    """The action has a contact ``access`` may see."""
    return exists().where(
        action_contact.c.action_id == Action.id,
        action_contact.c.contact_id.in_(
            select(Contact.id).where(access.filter("contact"))
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
    session, access, *, contact_id=None, company_id=None, mine=False, limit=100
) -> list[Action]:
    """The actions of a contact or a company sheet, newest first."""
    query = visible_actions(access)
    if contact_id is not None:
        query = query.where(with_contact(contact_id))
    if company_id is not None:
        query = query.where(with_company(company_id))
    if mine:
        query = query.where(involving([access.user.id]))
    query = query.order_by(Action.starts_at.desc(), Action.id.desc()).limit(limit)
    return list(session.scalars(query))


def in_period(query: Select, start: dt.datetime | None, end: dt.datetime | None):
    if start is not None:
        query = query.where(Action.starts_at >= start)
    if end is not None:
        query = query.where(Action.starts_at < end)
    return query


def includeme(config):
    from core.access import AUTHORED
    from core.i18n import _

    config.add_access_kind(
        "action",
        _("Commercial actions"),
        Action,
        involving,
        defaults=AUTHORED,
        within=with_visible_contact,
    )
