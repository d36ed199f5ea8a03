"""Who a captured message is from and about: users and contacts by address."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.auth.models import User
from core.directory.models import Company, Contact, ContactPreviousEmail
from core.mail.headers import Address, address_key


def find_user(session: Session, address: Address | None) -> User | None:
    """The active user owning ``address`` (case and ``+tag`` ignored)."""
    if address is None:
        return None
    key = address.key
    candidates = session.scalars(
        select(User).where(
            User.active.is_(True),
            func.lower(User.email).in_({key, address.email.strip().lower()})
            | func.lower(User.email).like(f"{key.split('@')[0]}+%@{_domain(key)}"),
        )
    )
    for user in candidates:
        if address_key(user.email) == key:
            return user
    return None


def _domain(key: str) -> str:
    return key.rpartition("@")[2]


def _fileable():
    """Active contacts, at an active company or at none (case D-04: mail is
    not filed on a deactivated company; it waits in the inbox instead)."""
    active_companies = select(Company.id).where(Company.active.is_(True))
    return Contact.active.is_(True) & (
        Contact.company_id.is_(None) | Contact.company_id.in_(active_companies)
    )


def contacts_for(session: Session, address: Address) -> list[Contact]:
    """Active contacts with ``address``; those still in post come first.

    A person who moved keeps one record per company: mail goes to the
    records where they are still in post, the departed ones only when no
    other record has the address.
    """
    keys = {address.key, address.email.strip().lower()}
    found = list(
        session.scalars(
            select(Contact)
            .where(_fileable(), func.lower(Contact.email).in_(keys))
            .order_by(Contact.id)
        )
    )
    if not found:
        found = _by_previous_email(session, keys)
    in_post = [contact for contact in found if contact.departed_at is None]
    return in_post or found


def _by_previous_email(session: Session, keys: set[str]) -> list[Contact]:
    """Contacts that used the address before (an e-mail structure change):
    consulted only when nobody has it as their current address."""
    return list(
        session.scalars(
            select(Contact)
            .join(ContactPreviousEmail, ContactPreviousEmail.contact_id == Contact.id)
            .where(_fileable(), func.lower(ContactPreviousEmail.email).in_(keys))
            .order_by(Contact.id)
            .distinct()
        )
    )


def user_keys(session: Session) -> set[str]:
    """The addresses of every user: colleagues are never correspondents."""
    return {address_key(email) for email in session.scalars(select(User.email))}
