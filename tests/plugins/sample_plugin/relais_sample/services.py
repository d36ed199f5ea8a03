"""What the sample plugin does, apart from the web."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from core.directory.models import Company
from relais_sample.models import SampleNote


class TooManyNotes(Exception):
    """The company already holds ``relais.sample.max_notes`` notes."""


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    url: str


class SampleCalendar:
    """The provider ``relais_resolve_calendar_provider`` answers with."""

    name = "sample"


def notes_of(dbsession, company_id: int) -> list[SampleNote]:
    query = select(SampleNote).where(SampleNote.company_id == company_id)
    return list(dbsession.scalars(query.order_by(SampleNote.id)))


def add_note(dbsession, tasks, company_id: int, author_id, text, max_notes):
    """Write a note and queue its acknowledgement.

    The limit is checked after the note is written and its task queued, so a
    refusal exercises the rollback of both.
    """
    note = SampleNote(company_id=company_id, author_id=author_id, text=text)
    dbsession.add(note)
    dbsession.flush()
    tasks.enqueue("sample.note_added", note.id)
    count = dbsession.scalar(
        select(func.count(SampleNote.id)).where(SampleNote.company_id == company_id)
    )
    if count > max_notes:
        raise TooManyNotes(company_id)
    return note


def noted_companies(access):
    """A grant: whoever wrote a note on a company may read that company."""
    noted = select(SampleNote.company_id).where(SampleNote.author_id == access.user.id)
    return Company.id.in_(noted)


def search_notes(request, text: str, limit: int):
    pattern = f"%{text.lower()}%"
    query = (
        select(SampleNote)
        .where(func.lower(SampleNote.text).like(pattern))
        .order_by(SampleNote.id)
    )
    notes = list(request.dbsession.scalars(query.limit(limit + 1)))
    hits = [
        Hit(note.text, "", request.route_url("company", id=note.company_id))
        for note in notes[:limit]
    ]
    return hits, len(notes)


def seed_demo_notes(dbsession, rng, users) -> None:
    companies = list(dbsession.scalars(select(Company.id).order_by(Company.id)))
    for company_id in rng.sample(companies, k=min(3, len(companies))):
        author = rng.choice(users)
        dbsession.add(
            SampleNote(company_id=company_id, author_id=author.id, text="Note démo")
        )
    dbsession.flush()
