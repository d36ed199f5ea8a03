"""Likely duplicates, looked for before a company or a contact is saved."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.directory.models import Company, Contact
from core.directory.normalise import name_key, person_key
from core.i18n import _

LIMIT = 20


@dataclass
class Candidate:
    """An existing record and why it looks like the one being created.

    ``hidden`` when the user may not open the record: the form then says a
    likely duplicate exists without naming it (its name, company or id would
    leak what the access rules keep from them).
    """

    record: Company | Contact
    reasons: list = field(default_factory=list)
    hidden: bool = False


def _mark_hidden(session: Session, model, found: list[Candidate], visible) -> None:
    """Flag the candidates outside ``visible`` (a WHERE clause; None: all seen)."""
    if visible is None or not found:
        return
    ids = [candidate.record.id for candidate in found]
    seen = set(session.scalars(select(model.id).where(model.id.in_(ids), visible)))
    for candidate in found:
        candidate.hidden = candidate.record.id not in seen


def company_duplicates(
    session: Session,
    name: str,
    trade_name: str | None = None,
    phone: str | None = None,
    siret: str | None = None,
    exclude_id: int | None = None,
    visible=None,
) -> list[Candidate]:
    """Active companies with the same normalised name, phone or SIRET.

    ``phone`` and ``siret`` are the stored forms (E.164, 14 digits). A name
    matches another company's legal or trade name, whichever was typed.
    ``visible`` (the reader's access filter) marks the others ``hidden``.
    """
    keys = {key for key in (name_key(name), name_key(trade_name)) if key}
    conditions = []
    if keys:
        conditions += [Company.name_key.in_(keys), Company.trade_name_key.in_(keys)]
    if phone:
        conditions += [Company.phone == phone, Company.fax == phone]
    if siret:
        conditions.append(Company.siret == siret)
    if not conditions:
        return []
    query = select(Company).where(Company.active.is_(True), or_(*conditions))
    if exclude_id is not None:
        query = query.where(Company.id != exclude_id)
    found = []
    for company in session.scalars(query.order_by(Company.name).limit(LIMIT)):
        candidate = Candidate(company)
        if keys & {company.name_key, company.trade_name_key}:
            candidate.reasons.append(_("same name"))
        if phone and phone in (company.phone, company.fax):
            candidate.reasons.append(_("same phone"))
        if siret and company.siret == siret:
            candidate.reasons.append(_("same SIRET"))
        found.append(candidate)
    _mark_hidden(session, Company, found, visible)
    return found


def contact_homonyms(
    session: Session,
    last_name: str,
    first_name: str = "",
    email: str | None = None,
    company_id: int | None = None,
    exclude_id: int | None = None,
    visible=None,
) -> list[Candidate]:
    """Current contacts with the same last name and e-mail, or name and company.

    The manual checks last name and e-mail; the same full name at the same
    company is the other way one person gets entered twice. ``visible`` (the
    reader's access filter) marks the others ``hidden``.
    """
    key = person_key(last_name)
    if not key:
        return []
    conditions = []
    if email:
        conditions.append(Contact.email == email)
    if company_id is not None:
        conditions.append(Contact.company_id == company_id)
    if not conditions:
        return []
    query = select(Contact).where(
        Contact.active.is_(True),
        Contact.departed_at.is_(None),
        Contact.last_name_key == key,
        or_(*conditions),
    )
    if exclude_id is not None:
        query = query.where(Contact.id != exclude_id)
    found = []
    first = person_key(first_name)
    for contact in session.scalars(query.order_by(Contact.id).limit(LIMIT)):
        candidate = Candidate(contact)
        if email and contact.email == email:
            candidate.reasons.append(_("same name and e-mail"))
        same_first = not first or person_key(contact.first_name) in ("", first)
        if company_id is not None and contact.company_id == company_id:
            if same_first:
                candidate.reasons.append(_("same name at this company"))
            elif not candidate.reasons:
                continue
        found.append(candidate)
    _mark_hidden(session, Contact, found, visible)
    return found
