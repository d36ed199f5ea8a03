"""Reading the history: a record's events, and the change-tracking filter.

``changed_ids`` is what the searches and "who works with whom" use for their
"suivi des modifications" criteria (created / updated / deleted between two
dates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from core.history.models import HistoryEvent
from core.history.recorder import FILTERS

PAGE = 100


def events_of(
    session: Session, entity: str, entity_id: int, limit: int = PAGE
) -> list[HistoryEvent]:
    """The record's events, newest first, each with its field changes."""
    query = (
        select(HistoryEvent)
        .where(HistoryEvent.entity == entity, HistoryEvent.entity_id == entity_id)
        .options(selectinload(HistoryEvent.changes), selectinload(HistoryEvent.actor))
        .order_by(HistoryEvent.at.desc(), HistoryEvent.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def kinds_for(filters: Iterable[str]) -> list[str]:
    """The event kinds behind the filter families ("created", "updated", "deleted")."""
    kinds: list[str] = []
    for name in filters:
        kinds.extend(FILTERS.get(name, ()))
    return kinds


def day_bounds(
    since: dt.date | None, until: dt.date | None, zone: dt.tzinfo = dt.UTC
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Whole days in the user's zone as UTC instants (``until`` included)."""
    start = dt.datetime.combine(since, dt.time(), tzinfo=zone) if since else None
    end = (
        dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        if until
        else None
    )
    return start, end


def changed_ids(
    entity: str,
    filters: Iterable[str],
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> Select:
    """Ids of the ``entity`` records with an event of ``filters`` in ``[since, until)``.

    ``filters`` are keys of :data:`core.history.recorder.FILTERS`; use the
    result in ``Model.id.in_(...)``. Added in 0.1.
    """
    query = select(HistoryEvent.entity_id).where(
        HistoryEvent.entity == entity, HistoryEvent.kind.in_(kinds_for(filters))
    )
    if since is not None:
        query = query.where(HistoryEvent.at >= since)
    if until is not None:
        query = query.where(HistoryEvent.at < until)
    return query.distinct()
