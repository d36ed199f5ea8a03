"""The inbox of captured mail that matched nobody: associate or discard.

The manual's flow: open the mail, create or fix the contact, then associate
it; associating matches the correspondents again and files the mail on the
contacts who now have those addresses.
"""

from __future__ import annotations

import logging

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core.auth.models import User
from core.directory.models import Company, Contact
from core.mail.filing import match
from core.mail.models import (
    DISCARDED,
    FAILED,
    FILED,
    INBOX,
    REFUSED,
    CapturedMail,
    MailFiling,
)

log = logging.getLogger(__name__)

SEE_ALL = "mail.inbox.all"


class NothingMatched(Exception):
    """No contact has any of the mail's addresses yet."""


def _visible(query, user: User, see_all: bool):
    return query if see_all else query.where(CapturedMail.user_id == user.id)


def inbox(session: Session, user: User, see_all: bool = False, limit: int = 100):
    """Mail waiting to be associated, newest first: the user's own, or all."""
    query = select(CapturedMail).where(CapturedMail.status == INBOX)
    query = _visible(query, user, see_all).order_by(CapturedMail.id.desc())
    return list(session.scalars(query.limit(limit)))


def inbox_count(session: Session, user: User, see_all: bool = False) -> int:
    query = select(func.count()).where(CapturedMail.status == INBOX)
    return session.scalar(_visible(query.select_from(CapturedMail), user, see_all))


def can_see(request, mail: CapturedMail) -> bool:
    """Filed mail is shared like the actions it makes; the rest is the sender's."""
    if mail.status == FILED:
        return True
    if mail.status in (REFUSED, FAILED):
        return request.has_permission("mail.problems")
    return mail.user_id == request.identity.id or request.has_permission(SEE_ALL)


def associate(session: Session, user: User, mail: CapturedMail) -> int:
    """File ``mail`` on the contacts who now have its addresses.

    Returns how many contacts it was filed on; raises
    :class:`NothingMatched` (and changes nothing) when there are none.
    """
    filed = match(session, mail, user)
    if not filed and not mail.filings:
        raise NothingMatched()
    mail.status = FILED
    session.flush()
    log.info(
        "mail.inbox.associated mail_id=%s contacts=%s user_id=%s",
        mail.id,
        filed,
        user.id,
    )
    return filed


def discard(session: Session, user: User, mail: CapturedMail) -> None:
    """Take ``mail`` out of the inbox; it is kept, never filed."""
    mail.status = DISCARDED
    session.flush()
    log.info("mail.inbox.discarded mail_id=%s user_id=%s", mail.id, user.id)


def filings_of(session: Session, record: Contact | Company, limit: int = 20):
    """The mail filed on a contact, or on any contact of a company."""
    if isinstance(record, Contact):
        where = MailFiling.contact_id == record.id
    else:
        where = MailFiling.company_id == record.id
    query = (
        select(MailFiling)
        .join(MailFiling.mail)
        .where(where)
        .order_by(CapturedMail.sent_at.desc(), MailFiling.id.desc())
    )
    return list(session.scalars(query.limit(limit)))


def problems(session: Session, limit: int = 200) -> list[CapturedMail]:
    """Refused and unreadable mail, for the administrators."""
    query = select(CapturedMail).where(
        or_(CapturedMail.status == REFUSED, CapturedMail.status == FAILED)
    )
    return list(session.scalars(query.order_by(CapturedMail.id.desc()).limit(limit)))
