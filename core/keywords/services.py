"""Reading and setting the keywords and qualifications of a record."""

from __future__ import annotations

import logging

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.i18n import _
from core.keywords.models import (
    Keyword,
    KeywordFamily,
    Qualification,
    RecordKeyword,
    RecordQualification,
)

log = logging.getLogger(__name__)


class KeywordProblem(Exception):
    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


def keywords_of(session: Session, kind: str, ident: int) -> list[Keyword]:
    query = (
        select(Keyword)
        .join(RecordKeyword, RecordKeyword.keyword_id == Keyword.id)
        .outerjoin(KeywordFamily, Keyword.family_id == KeywordFamily.id)
        .where(RecordKeyword.target_kind == kind, RecordKeyword.target_id == ident)
        .order_by(KeywordFamily.position, Keyword.position, Keyword.id)
    )
    return list(session.scalars(query))


def by_family(keywords) -> list[tuple[str, list[Keyword]]]:
    """Keywords grouped under their family's label, in the lists' order."""
    groups: dict[int | None, tuple[str, list[Keyword]]] = {}
    for keyword in keywords:
        family = keyword.family
        key = family.id if family else None
        groups.setdefault(key, (family.label if family else "", []))[1].append(keyword)
    return list(groups.values())


def qualifications_of(session: Session, kind: str, ident: int) -> list[Qualification]:
    query = (
        select(Qualification)
        .join(RecordQualification)
        .where(
            RecordQualification.target_kind == kind,
            RecordQualification.target_id == ident,
        )
        .order_by(Qualification.position, Qualification.id)
    )
    return list(session.scalars(query))


def keyword_choices(session: Session) -> list[tuple[str, list[Keyword]]]:
    query = (
        select(Keyword)
        .outerjoin(KeywordFamily, Keyword.family_id == KeywordFamily.id)
        .where(Keyword.active.is_(True))
        .order_by(KeywordFamily.position, Keyword.position, Keyword.id)
    )
    return by_family(session.scalars(query))


def qualification_choices(session: Session) -> list[Qualification]:
    query = select(Qualification).where(Qualification.active.is_(True))
    return list(session.scalars(query.order_by(Qualification.position)))


def _active_ids(session, model, ids, field, current) -> set[int]:
    wanted = set(ids)
    found = set(
        session.scalars(
            select(model.id).where(model.id.in_(wanted), model.active.is_(True))
        )
    )
    # A row deactivated since it was chosen may stay, but not be added.
    if wanted - found - current:
        raise KeywordProblem(field, _("Choose one of the proposed values."))
    return wanted


def set_keywords(
    session: Session, user, kind: str, ident: int, keyword_ids, qualification_ids
) -> None:
    """Make the record carry exactly these keywords and qualifications.

    Raises :class:`KeywordProblem` naming the field when an id is unknown or
    inactive; nothing is changed then.
    """
    current_k = {k.id for k in keywords_of(session, kind, ident)}
    current_q = {q.id for q in qualifications_of(session, kind, ident)}
    keywords = _active_ids(session, Keyword, keyword_ids, "keyword_ids", current_k)
    qualifications = _active_ids(
        session, Qualification, qualification_ids, "qualification_ids", current_q
    )
    for link, column, wanted, current in (
        (RecordKeyword, RecordKeyword.keyword_id, keywords, current_k),
        (
            RecordQualification,
            RecordQualification.qualification_id,
            qualifications,
            current_q,
        ),
    ):
        session.execute(
            delete(link).where(
                link.target_kind == kind,
                link.target_id == ident,
                column.in_(current - wanted),
            )
        )
        for value in sorted(wanted - current):
            session.add(link(target_kind=kind, target_id=ident, **{column.key: value}))
    session.flush()
    log.info(
        "keywords.set target=%s:%s keywords=%s qualifications=%s user_id=%s",
        kind,
        ident,
        len(keywords),
        len(qualifications),
        user.id,
    )


def tagged_with(kind: str, model, keyword_ids, every: bool = False):
    """A condition on ``model``: the record carries one (or ``every``) keyword.

    For list and search criteria ("all keywords" in the manual).
    """
    from sqlalchemy import func

    query = select(RecordKeyword.target_id).where(
        RecordKeyword.target_kind == kind, RecordKeyword.keyword_id.in_(keyword_ids)
    )
    if every:
        query = query.group_by(RecordKeyword.target_id).having(
            func.count(RecordKeyword.keyword_id.distinct()) == len(set(keyword_ids))
        )
    return model.id.in_(query)
