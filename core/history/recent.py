"""The companies, contacts and budgets each user opened last.

Sheets call :func:`note_opened`; the quick search box shows
:func:`recent_hits` when it is empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.auth.models import User, utcnow
from core.history.models import RecentRecord

KEEP = 10
ENTITIES = ("budget", "company", "contact")


@dataclass(frozen=True)
class RecentHit:
    """One recently opened record, shaped like a quick-search hit."""

    entity: str
    entity_id: int
    title: str
    detail: str
    url: str


def note_opened(session: Session, user: User, entity: str, entity_id: int) -> None:
    """Put the record at the top of the user's recent ones; keep the last ten."""
    row = session.scalar(
        select(RecentRecord).where(
            RecentRecord.user_id == user.id,
            RecentRecord.entity == entity,
            RecentRecord.entity_id == entity_id,
        )
    )
    if row is None:
        session.add(RecentRecord(user_id=user.id, entity=entity, entity_id=entity_id))
    else:
        row.opened_at = utcnow()
    session.flush()
    stale = (
        select(RecentRecord.id)
        .where(RecentRecord.user_id == user.id, RecentRecord.entity == entity)
        .order_by(RecentRecord.opened_at.desc(), RecentRecord.id.desc())
        .offset(KEEP)
    )
    stale_ids = list(session.scalars(stale))
    if stale_ids:
        session.execute(delete(RecentRecord).where(RecentRecord.id.in_(stale_ids)))


def recently_opened(
    session: Session, user: User, entity: str, limit: int = KEEP
) -> list[int]:
    """Ids of the ``entity`` records ``user`` opened, most recent first."""
    query = (
        select(RecentRecord.entity_id)
        .where(RecentRecord.user_id == user.id, RecentRecord.entity == entity)
        .order_by(RecentRecord.opened_at.desc(), RecentRecord.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def _describe(session: Session, entity: str, ident: int):
    """``(title, detail, route)`` of an active record, or ``None``."""
    from core.directory.models import Company, Contact

    if entity == "company":
        company = session.get(Company, ident)
        if company is None or not company.active:
            return None
        return company.name, company.type.label, "company"
    if entity == "contact":
        contact = session.get(Contact, ident)
        if contact is None or not contact.active:
            return None
        detail = contact.company.name if contact.company else ""
        return contact.display_name, detail, "contact"
    from core.budgets.models import Budget

    budget = session.get(Budget, ident)
    if budget is None or not budget.active or not budget.company.active:
        return None
    return budget.name, budget.company.name, "budget"


def recent_hits(request, entity: str, limit: int = KEEP) -> list[RecentHit]:
    """The signed-in user's recently opened ``entity`` records, still active.

    ``entity`` is ``"company"``, ``"contact"`` or ``"budget"``. Deactivated
    records are left out. Added in 0.1.
    """
    if entity not in ENTITIES:
        raise ValueError(f"unknown entity {entity!r}")
    session = request.dbsession
    hits = []
    for ident in recently_opened(session, request.identity, entity, limit):
        described = _describe(session, entity, ident)
        if described is None:
            continue
        title, detail, route = described
        url = request.route_url(route, id=ident)
        hits.append(RecentHit(entity, ident, title, detail, url))
    return hits
