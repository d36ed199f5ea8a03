"""Multi: the same person working at several companies at once.

Each position is a contact record of its own (its company, function, e-mail
and phone), and the records of one person are linked; one of them is the
reference record, the one to open first. The manual's "Multi" flow: create
the other record, then select the other company.
"""

from __future__ import annotations

import logging

from sqlalchemy import ForeignKey, select, true
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base
from core.directory.models import Company, Contact
from core.directory.services import FormErrors
from core.i18n import _

log = logging.getLogger(__name__)


class ContactLink(Base):
    """Puts a contact record in the group of records of one person."""

    __tablename__ = "contact_link"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True
    )
    reference_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )


def _link(session: Session, contact: Contact) -> ContactLink | None:
    return session.get(ContactLink, contact.id)


def positions(session: Session, contact: Contact, visible) -> list[Contact]:
    """Every record of the person, ``contact`` included, reference first."""
    link = _link(session, contact)
    if link is None:
        return [contact]
    query = (
        select(Contact)
        .join(ContactLink, ContactLink.contact_id == Contact.id)
        .where(ContactLink.reference_id == link.reference_id, visible)
    )
    records = list(session.scalars(query))
    records.sort(key=lambda c: (c.id != link.reference_id, c.id))
    return records


def reference_id(session: Session, contact: Contact) -> int:
    link = _link(session, contact)
    return link.reference_id if link else contact.id


def add_position(
    session: Session,
    user,
    contact: Contact,
    company: Company,
    function=None,
    title: str | None = None,
) -> Contact:
    """Create the person's record at ``company`` and link it to ``contact``.

    The new record copies the person (civility, names, e-mail) and takes the
    company's switchboard; ``contact`` stays the reference if the group is
    new. Raises :class:`FormErrors` when the person already has a record at
    that company.
    """
    group = reference_id(session, contact)
    members = [contact] + [
        c for c in positions(session, contact, true()) if c is not contact
    ]
    if any(member.company_id == company.id for member in members):
        raise FormErrors({"company": _("This person already has a record there.")})
    other = Contact(
        civility=contact.civility,
        first_name=contact.first_name,
        last_name=contact.last_name,
        email=contact.email,
        company=company,
        function=function or contact.function,
        title=title,
        phone=company.phone,
        created_by_id=user.id,
        updated_by_id=user.id,
    )
    session.add(other)
    session.flush()
    if _link(session, contact) is None:
        session.add(ContactLink(contact_id=contact.id, reference_id=group))
    session.add(ContactLink(contact_id=other.id, reference_id=group))
    session.flush()
    log.info(
        "directory.contact.multi contact_id=%s new_id=%s company_id=%s user_id=%s",
        contact.id,
        other.id,
        company.id,
        user.id,
    )
    return other


def make_reference(session: Session, user, contact: Contact) -> None:
    """Make ``contact`` the reference record of its person's group."""
    link = _link(session, contact)
    if link is None or link.reference_id == contact.id:
        return
    old = link.reference_id
    for row in session.scalars(
        select(ContactLink).where(ContactLink.reference_id == old)
    ):
        row.reference_id = contact.id
    session.flush()
    log.info(
        "directory.contact.reference contact_id=%s former=%s user_id=%s",
        contact.id,
        old,
        user.id,
    )
