"""Portfolios: the salespeople who own a company or a contact.

The star on a sheet puts the record in (or takes it out of) my portfolio;
the pencil makes a chosen set of salespeople its owners. Companies and
contacts have a portfolio table each and share these rules.
"""

from __future__ import annotations

import logging

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.auth.models import User
from core.directory.models import Company, CompanyPortfolio, Contact, ContactPortfolio

log = logging.getLogger(__name__)

TABLES = {
    Company: (CompanyPortfolio, CompanyPortfolio.company_id),
    Contact: (ContactPortfolio, ContactPortfolio.contact_id),
}


def _table(record):
    return TABLES[type(record)]


def _kind(record) -> str:
    return "company" if isinstance(record, Company) else "contact"


def in_portfolio(session: Session, user: User, record: Company | Contact) -> bool:
    model, column = _table(record)
    row = session.scalar(
        select(model.id).where(model.user_id == user.id, column == record.id)
    )
    return row is not None


def toggle_portfolio(session: Session, user: User, record: Company | Contact) -> bool:
    """Add the record to the user's portfolio or take it out; return "in"."""
    model, column = _table(record)
    added = not in_portfolio(session, user, record)
    if added:
        session.add(model(user_id=user.id, **{column.key: record.id}))
        session.flush()
    else:
        session.execute(
            delete(model).where(model.user_id == user.id, column == record.id)
        )
    session.expire(record, ["owners"])
    return added


def assign_owners(
    session: Session, user: User, record: Company | Contact, owner_ids: list[int]
) -> None:
    """Make exactly ``owner_ids`` (active users) the record's owners."""
    model, column = _table(record)
    wanted = {
        u.id
        for u in session.scalars(
            select(User).where(User.id.in_(owner_ids), User.active.is_(True))
        )
    }
    current = {u.id for u in record.owners}
    session.execute(
        delete(model).where(column == record.id, model.user_id.in_(current - wanted))
    )
    for owner_id in sorted(wanted - current):
        session.add(model(user_id=owner_id, **{column.key: record.id}))
    session.flush()
    session.expire(record, ["owners"])
    log.info(
        "directory.portfolio.assigned kind=%s record_id=%s user_id=%s owners=%s",
        _kind(record),
        record.id,
        user.id,
        len(wanted),
    )
