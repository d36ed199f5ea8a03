"""Changing the e-mail domain of every contact of a company at once.

``x@havas.fr`` becomes ``x@havas.com`` for every current contact whose
address is at the old domain; the change is previewed first and each
contact's new address is recorded in its history.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.auth.models import User
from core.directory.models import Company, Contact
from core.directory.services import FormErrors
from core.history.recorder import record_event, recording
from core.i18n import _

log = logging.getLogger(__name__)

_DOMAIN = re.compile(
    r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
)


@dataclass(frozen=True)
class Rename:
    contact: Contact
    old: str
    new: str


def clean_domain(text: str | None) -> str:
    """``@Havas.FR`` → ``havas.fr``; raise ``ValueError`` if it is no domain."""
    domain = (text or "").strip().lower().lstrip("@")
    if not _DOMAIN.match(domain):
        raise ValueError(domain)
    return domain


def _current(session: Session, company: Company) -> list[Contact]:
    query = select(Contact).where(
        Contact.company_id == company.id,
        Contact.active.is_(True),
        Contact.departed_at.is_(None),
        Contact.email.is_not(None),
    )
    return list(session.scalars(query.order_by(Contact.last_name, Contact.id)))


def usual_domain(session: Session, company: Company) -> str:
    """The domain most of the company's contacts write from ("" if none)."""
    domains = Counter(
        c.email.rsplit("@", 1)[1].lower() for c in _current(session, company)
    )
    return domains.most_common(1)[0][0] if domains else ""


def plan(session: Session, company: Company, old: str, new: str) -> list[Rename]:
    """What would change; raise :class:`FormErrors` beside the wrong field."""
    errors = {}
    try:
        old = clean_domain(old)
    except ValueError:
        errors["old_domain"] = _("Enter a domain, e.g. havas.fr.")
    try:
        new = clean_domain(new)
    except ValueError:
        errors["new_domain"] = _("Enter a domain, e.g. havas.com.")
    if not errors and old == new:
        errors["new_domain"] = _("The new domain is the same as the old one.")
    if errors:
        raise FormErrors(errors)
    renames = [
        Rename(c, c.email, f"{c.email.rsplit('@', 1)[0]}@{new}")
        for c in _current(session, company)
        if c.email.rsplit("@", 1)[1].lower() == old
    ]
    if not renames:
        raise FormErrors(
            {"old_domain": _("No current contact of this company uses this domain.")}
        )
    return renames


def apply(
    session: Session, user: User, company: Company, old: str, new: str
) -> list[Rename]:
    """Give the contacts their new addresses; one history event each."""
    renames = plan(session, company, old, new)
    detail = {"old": clean_domain(old), "new": clean_domain(new)}
    with recording(session, kind="email_structure", actor_id=user.id, detail=detail):
        for rename in renames:
            rename.contact.email = rename.new
            rename.contact.updated_by_id = user.id
    record_event(
        session,
        "company",
        company.id,
        "email_structure",
        user.id,
        detail={**detail, "contacts": len(renames)},
    )
    log.info(
        "directory.email_structure.changed company_id=%s contacts=%s user_id=%s",
        company.id,
        len(renames),
        user.id,
    )
    return renames
