"""Merging a company (or a contact) into another, and undoing the merge.

Every row pointing at the merged record moves to the record kept, step by
step (:mod:`core.directory.services.merge_steps`); each row moved is written
to the merge's journal so that the undo puts back exactly what moved. The
merged record is deactivated, and its sheet leads to the record kept.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.auth.models import User, utcnow
from core.directory.models import Company, Contact
from core.directory.services import FormErrors
from core.directory.services.companies import ancestors
from core.directory.services.merge_steps import MergeStep, merge_steps
from core.history.models import Merge, MergeRow
from core.history.recorder import record_event, recording
from core.i18n import _

log = logging.getLogger(__name__)

MODELS = {"company": Company, "contact": Contact}


@dataclass(frozen=True)
class PreviewLine:
    title: str
    count: int


def record_name(record) -> str:
    return record.name if isinstance(record, Company) else record.display_name


def check_merge(source, target) -> None:
    """Refuse a merge that cannot be done, naming the ``target`` field."""
    entity = "company" if isinstance(source, Company) else "contact"
    if target is None:
        message = (
            _("Choose a company from the list.")
            if entity == "company"
            else _("Choose a contact from the list.")
        )
        raise FormErrors({"target": message})
    if target.id == source.id:
        raise FormErrors({"target": _("Choose another record than this one.")})
    if not source.active:
        raise FormErrors({"target": _("This record is inactive: reactivate it first.")})
    if not target.active:
        raise FormErrors(
            {"target": _("This record is inactive: choose an active one.")}
        )
    if entity == "company" and source in ancestors(target):
        raise FormErrors(
            {"target": _("A company cannot be merged into one of its subsidiaries.")}
        )


def preview(session: Session, registry, source) -> list[PreviewLine]:
    """What would move, step by step (steps without a title are left out)."""
    entity = "company" if isinstance(source, Company) else "contact"
    lines = []
    for step in merge_steps(registry, entity):
        if step.title is None:
            continue
        lines.append(PreviewLine(step.title, step.count(session, source.id)))
    return lines


def merge(session: Session, registry, actor: User, source, target) -> Merge:
    """Merge ``source`` into ``target`` (two companies or two contacts).

    Raises :class:`FormErrors` (on ``target``) when the merge is refused.
    """
    check_merge(source, target)
    entity = "company" if isinstance(source, Company) else "contact"
    session.flush()
    journal = Merge(
        entity=entity,
        source_id=source.id,
        target_id=target.id,
        source_name=record_name(source)[:200],
        actor_id=actor.id,
        source_state={"active": source.active},
    )
    session.add(journal)
    session.flush()

    moved: dict[str, int] = {}
    for step in merge_steps(registry, entity):
        records = step.move(session, source.id, target.id)
        journal.rows.extend(MergeRow(step=step.name, data=r) for r in records)
        moved[step.name] = len(records)
    session.flush()
    # The steps wrote with SQL statements: reload what the session holds.
    session.expire_all()

    _mark(session, actor, journal, source, target, active=False)
    log.info(
        "directory.merge.done merge_id=%s entity=%s source_id=%s target_id=%s "
        "rows=%s user_id=%s",
        journal.id,
        entity,
        source.id,
        target.id,
        sum(moved.values()),
        actor.id,
    )
    return journal


def _mark(session, actor, journal: Merge, source, target, active: bool) -> None:
    """Set the source's flag and write the merge (or its undo) in both histories."""
    detail = {
        "merge_id": journal.id,
        "source_id": journal.source_id,
        "target_id": journal.target_id,
        "source_name": journal.source_name,
        "target_name": record_name(target)[:200],
    }
    undone = journal.undone_at is not None
    source_kind, target_kind = (
        ("merge_undone", "merge_undone") if undone else ("merged_into", "merged")
    )
    with recording(session, kind=source_kind, actor_id=actor.id, detail=detail):
        source.active = active
        source.updated_by_id = actor.id
    record_event(
        session, journal.entity, target.id, target_kind, actor.id, detail=detail
    )


def latest_merge(session: Session, entity: str, source_id: int) -> Merge | None:
    """The merge, not undone, that took the record ``source_id`` away."""
    return session.scalar(
        select(Merge)
        .where(
            Merge.entity == entity,
            Merge.source_id == source_id,
            Merge.undone_at.is_(None),
        )
        .order_by(Merge.merged_at.desc(), Merge.id.desc())
    )


def undo(session: Session, registry, actor: User, journal: Merge) -> None:
    """Put every row of the merge back where it was and reactivate the source.

    Raises :class:`FormErrors` when the merge is already undone, or when a
    module whose rows moved is no longer enabled (they could not go back).
    """
    if journal.undone_at is not None:
        raise FormErrors({"merge": _("This merge is already undone.")})
    steps: dict[str, MergeStep] = {
        step.name: step for step in merge_steps(registry, journal.entity)
    }
    missing = sorted({row.step for row in journal.rows} - set(steps))
    if missing:
        raise FormErrors(
            {"merge": _("This merge moved rows of a module that is not enabled.")}
        )
    model = MODELS[journal.entity]
    source = session.get(model, journal.source_id)
    target = session.get(model, journal.target_id)
    if source is None or target is None:
        raise FormErrors({"merge": _("A record of this merge no longer exists.")})

    by_step: dict[str, list[dict]] = {}
    for row in journal.rows:
        by_step.setdefault(row.step, []).append(row.data)
    for step in reversed(list(steps.values())):
        if step.name in by_step:
            step.undo(session, by_step[step.name], journal.source_id, journal.target_id)
    journal.undone_at = utcnow()
    journal.undone_by_id = actor.id
    session.flush()
    session.expire_all()

    state = journal.source_state or {}
    _mark(session, actor, journal, source, target, bool(state.get("active", True)))
    log.info(
        "directory.merge.undone merge_id=%s entity=%s user_id=%s",
        journal.id,
        journal.entity,
        actor.id,
    )
