"""The sample plugin's tasks: they receive ids and open their own transaction."""

from __future__ import annotations

from sqlalchemy import select

from core.db import run_in_transaction
from relais_sample.models import SampleNote


def acknowledge_note(registry, note_id: int) -> bool:
    def work(session):
        note = session.get(SampleNote, note_id)
        if note is None:
            return False
        note.acknowledged = True
        return True

    return run_in_transaction(registry, work)


def tidy(registry) -> int:
    """Acknowledge the notes whose task was lost; return how many."""

    def work(session):
        pending = session.scalars(
            select(SampleNote).where(SampleNote.acknowledged.is_(False))
        ).all()
        for note in pending:
            note.acknowledged = True
        return len(pending)

    return run_in_transaction(registry, work)
