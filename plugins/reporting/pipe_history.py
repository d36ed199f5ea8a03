"""The pipe as it stood on a given day, from the states recorded over time.

Every flush that creates or changes an opportunity, or one of its lines,
records the opportunity's owner, status, total, weighted amount and whether
it is still open in ``reporting_pipe_state`` when one of them differs from
the last row. The recording hangs on the session factory's flush event, so
forms, the kanban, the API and imports are all covered.

The pipe at an instant then takes, for each opportunity created by then,
its last state before that instant. An opportunity whose states all come
later (it existed before the plugin was enabled) counts with its first
recorded state; one never recorded counts as it is now, open until its
closing date.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import event, insert, or_, select
from sqlalchemy.orm import Session

from core.auth.models import utcnow
from core.opportunities.amounts import ZERO, total_of, weigh
from core.opportunities.models import Opportunity, OpportunityLine
from core.opportunities.services.pipe import on_active_company
from plugins.reporting.models import PipeState

log = logging.getLogger(__name__)

_FIELDS = ("owner_id", "status_id", "total", "weighted", "open")


def state_of(opportunity: Opportunity) -> dict:
    total = total_of(opportunity)
    return {
        "owner_id": opportunity.owner_id,
        "status_id": opportunity.status_id,
        "total": total,
        "weighted": weigh(total, opportunity.status.rate),
        "open": opportunity.outcome is None,
    }


def _touched(session: Session) -> dict[int, Opportunity]:
    found = {}
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, OpportunityLine):
            obj = obj.opportunity
        if isinstance(obj, Opportunity) and obj.id and obj not in session.deleted:
            found[obj.id] = obj
    return found


def _after_flush(session: Session, _flush_context) -> None:
    touched = _touched(session)
    if not touched:
        return
    connection = session.connection()
    now = utcnow()
    for opportunity_id, opportunity in touched.items():
        state = state_of(opportunity)
        last = connection.execute(
            select(*(PipeState.__table__.c[name] for name in _FIELDS))
            .where(PipeState.opportunity_id == opportunity_id)
            .order_by(PipeState.at.desc(), PipeState.id.desc())
            .limit(1)
        ).first()
        if last is not None and dict(last._mapping) == state:
            continue
        connection.execute(
            insert(PipeState).values(opportunity_id=opportunity_id, at=now, **state)
        )


def install(registry) -> None:
    """Record pipe states on every session of ``registry``."""
    factory = registry.relais_session_factory
    if not event.contains(factory, "after_flush", _after_flush):
        event.listen(factory, "after_flush", _after_flush)


def pipe_at(session: Session, at: dt.datetime, visible) -> dict[int, Decimal]:
    """The weighted pipe of each owner at the instant ``at``.

    ``visible`` is the access filter of the opportunities the reader may see.
    Opportunities of a deactivated company are left out, as in the core pipe.
    """
    query = select(Opportunity.id).where(
        visible, on_active_company(), Opportunity.created_at < at
    )
    created = list(session.execute(query).scalars())
    states: dict[int, list[PipeState]] = defaultdict(list)
    for chunk in range(0, len(created), 500):
        ids = created[chunk : chunk + 500]
        query = select(PipeState).where(PipeState.opportunity_id.in_(ids))
        for state in session.scalars(query.order_by(PipeState.at, PipeState.id)):
            states[state.opportunity_id].append(state)

    pipe: dict[int, Decimal] = defaultdict(lambda: ZERO)
    unrecorded = [i for i in created if not states[i]]
    for ident in created:
        if not states[ident]:
            continue
        before = [s for s in states[ident] if s.at < at]
        state = before[-1] if before else states[ident][0]
        if state.open and state.owner_id is not None:
            pipe[state.owner_id] += state.weighted
    for chunk in range(0, len(unrecorded), 500):
        query = select(Opportunity).where(
            Opportunity.id.in_(unrecorded[chunk : chunk + 500]),
            or_(Opportunity.closed_at.is_(None), Opportunity.closed_at >= at),
        )
        for opportunity in session.scalars(query):
            pipe[opportunity.owner_id] += state_of(opportunity)["weighted"]
    return pipe
