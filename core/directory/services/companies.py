"""Creating, changing, deactivating companies; their groups and portfolios."""

from __future__ import annotations

import logging
import re

from sqlalchemy import delete, select, true
from sqlalchemy.orm import Session

from core.auth.models import User
from core.directory.models import (
    Address,
    Company,
    CompanyFollow,
    CompanySource,
    Contact,
)
from core.directory.normalise import name_key
from core.directory.schemas import AddressForm, CompanyForm
from core.directory.services import FormErrors
from core.directory.services.references import get_active
from core.events import notify
from core.i18n import _
from core.reference.models import CompanyType, Sector, Situation

log = logging.getLogger(__name__)

PICKER_LIMIT = 15
MAX_SOURCES = 20
_REFERENCE = re.compile(r"#(\d+)\s*$")

COMPANY_FIELDS = (
    "name",
    "trade_name",
    "phone",
    "fax",
    "siret",
    "website",
    "brief",
    "instagram_url",
    "facebook_url",
    "linkedin_url",
    "x_url",
    "youtube_url",
)


def picker_label(company: Company) -> str:
    """What a company picker shows and reads back: ``Name #id``."""
    return f"{company.name} #{company.id}"


def active_company(session: Session, ident: int) -> Company | None:
    company = session.get(Company, ident)
    return company if company is not None and company.active else None


def resolve_company(
    session: Session, text: str | None, visible=true()
) -> Company | None:
    """Read a picker's text back as an active company, or raise ``LookupError``.

    The picker fills ``Name #id``; a name typed in full is accepted when it
    designates exactly one active company. A company the user may not see
    (``visible`` is false for it) is not found.
    """
    if not text:
        return None
    found = _REFERENCE.search(text)
    if found:
        ident = int(found.group(1))
        company = session.scalar(
            select(Company).where(
                visible, Company.active.is_(True), Company.id == ident
            )
        )
        if company is None:
            raise LookupError(text)
        return company
    key = name_key(text)
    matches = session.scalars(
        select(Company).where(
            visible, Company.active.is_(True), Company.name_key == key
        )
    ).all()
    if len(matches) != 1:
        raise LookupError(text)
    return matches[0]


def pick_companies(
    session: Session, text: str, limit: int = PICKER_LIMIT, visible=true()
):
    """Active companies whose name contains ``text`` (for pickers).

    ``visible`` is the user's access condition (``request.access.filter``).
    """
    key = name_key(text)
    if not key:
        return []
    query = (
        select(Company)
        .where(
            visible,
            Company.active.is_(True),
            Company.name_key.contains(key, autoescape=True)
            | Company.trade_name_key.contains(key, autoescape=True),
        )
        .order_by(Company.name)
        .limit(limit)
    )
    return list(session.scalars(query))


def ancestors(company: Company) -> list[Company]:
    """The group, the group's group, ... nearest first."""
    chain: list[Company] = []
    parent = company.group
    while parent is not None and parent not in chain and parent is not company:
        chain.append(parent)
        parent = parent.group
    return chain


def subsidiaries(session: Session, company: Company, active_only=True, visible=true()):
    """Every company below ``company`` in its group, at any depth.

    The walk goes through hidden companies; only ``visible`` ones are listed.
    """
    found: list[Company] = []
    seen = {company.id}
    frontier = [company.id]
    while frontier:
        query = select(Company).where(Company.group_id.in_(frontier))
        if active_only:
            query = query.where(Company.active.is_(True))
        children = [c for c in session.scalars(query.order_by(Company.name))]
        children = [c for c in children if c.id not in seen]
        seen.update(c.id for c in children)
        found.extend(children)
        frontier = [c.id for c in children]
    if not found:
        return found
    shown = set(
        session.scalars(
            select(Company.id).where(visible, Company.id.in_([c.id for c in found]))
        )
    )
    return [c for c in found if c.id in shown]


def _check_references(
    session: Session, form: CompanyForm, company: Company | None, visible=true()
):
    errors: dict = {}
    values: dict = {}
    values["type"] = get_active(session, CompanyType, form.type_id)
    if values["type"] is None:
        errors["type_id"] = _("Choose one of the proposed values.")
    values["situation"] = get_active(session, Situation, form.situation_id)
    if form.situation_id is not None and values["situation"] is None:
        errors["situation_id"] = _("Choose one of the proposed values.")
    sectors = [get_active(session, Sector, ident) for ident in form.sector_ids]
    if None in sectors:
        errors["sector_ids"] = _("Choose one of the proposed values.")
    values["sectors"] = [s for s in sectors if s is not None]
    try:
        values["group"] = resolve_company(session, form.group, visible)
    except LookupError:
        errors["group"] = _("Choose a company from the list.")
    else:
        group = values["group"]
        if company is not None and group is not None:
            if group is company or company in ancestors(group):
                errors["group"] = _("A company cannot belong to its own subsidiary.")
    if len(form.addresses) > 20:
        errors["addresses"] = _("Twenty addresses at most.")
    if len(form.sources) > MAX_SOURCES:
        errors["sources"] = _("Twenty sources at most.")
    if errors:
        raise FormErrors(errors)
    return values


def _addresses(forms: list[AddressForm], default: int) -> list[Address]:
    return [
        Address(**address.model_dump(), is_default=(index == default))
        for index, address in enumerate(forms)
    ]


def replace_sources(company: Company, pairs) -> None:
    """Give ``company`` the sources ``pairs`` (name, reference), in that order.

    Rows whose name and reference are unchanged are kept as they are.
    """
    unused = {(source.name, source.reference): source for source in company.sources}
    company.sources = [
        unused.pop((name, reference), None)
        or CompanySource(name=name, reference=reference)
        for name, reference in pairs
    ]


def save_company(
    session: Session,
    user: User,
    form: CompanyForm,
    company: Company | None = None,
    visible=true(),
) -> Company:
    """Create a company (``company`` is ``None``) or change it from ``form``.

    The group must be one of the companies ``visible`` lets the user see.

    Raises :class:`FormErrors` when a type, sector, situation or group does
    not exist (any more) or would make a company its own group.
    """
    values = _check_references(session, form, company, visible)
    created = company is None
    if created:
        company = Company(created_by_id=user.id)
        session.add(company)
    addresses_before = [a.lines for a in company.addresses]
    for field in COMPANY_FIELDS:
        setattr(company, field, getattr(form, field))
    company.type = values["type"]
    company.situation = values["situation"]
    company.group = values["group"]
    company.sectors = values["sectors"]
    company.addresses = _addresses(form.addresses, form.default_address)
    replace_sources(company, [(row.name, row.reference) for row in form.sources])
    company.updated_by_id = user.id
    session.flush()
    if created:
        notify(session, "company_created", company=company, user=user)
    elif [a.lines for a in company.addresses] != addresses_before:
        notify(session, "company_address_changed", company=company, user=user)
    log.info(
        "directory.company.%s company_id=%s user_id=%s",
        "created" if created else "updated",
        company.id,
        user.id,
    )
    return company


def form_values(company: Company) -> dict:
    """The form's fields filled from a company, as the edit page shows them."""
    from core.directory.normalise import format_phone

    values = {field: getattr(company, field) or "" for field in COMPANY_FIELDS}
    values["phone"] = format_phone(company.phone)
    values["fax"] = format_phone(company.fax)
    values["type_id"] = str(company.type_id)
    values["situation_id"] = str(company.situation_id or "")
    values["group"] = picker_label(company.group) if company.group else ""
    values["sector_ids"] = [str(s.id) for s in company.sectors]
    values["addresses"] = [
        {
            "label": a.label or "",
            "street": a.street or "",
            "street2": a.street2 or "",
            "street3": a.street3 or "",
            "postcode": a.postcode or "",
            "city": a.city or "",
            "country": a.country or "FR",
        }
        for a in company.addresses
    ]
    defaults = [index for index, a in enumerate(company.addresses) if a.is_default]
    values["default_address"] = str(defaults[0] if defaults else 0)
    values["sources"] = [
        {"name": source.name, "reference": source.reference or ""}
        for source in company.sources
    ]
    values["version"] = str(company.version)
    return values


def set_active(session: Session, user: User, company: Company, active: bool) -> None:
    """Deactivate (the directory's "delete") or reactivate a company.

    Nothing is erased: an inactive company leaves searches, pickers and
    counts, and every record pointing at it keeps pointing at it.
    """
    company.active = active
    company.updated_by_id = user.id
    session.flush()
    log.info(
        "directory.company.%s company_id=%s user_id=%s",
        "reactivated" if active else "deactivated",
        company.id,
        user.id,
    )


def salespeople(session: Session) -> list[User]:
    query = select(User).where(User.active.is_(True))
    return list(session.scalars(query.order_by(User.last_name, User.first_name)))


def follows(session: Session, user: User, company: Company) -> bool:
    row = session.scalar(
        select(CompanyFollow.id).where(
            CompanyFollow.user_id == user.id, CompanyFollow.company_id == company.id
        )
    )
    return row is not None


def toggle_follow(session: Session, user: User, company: Company) -> bool:
    if follows(session, user, company):
        session.execute(
            delete(CompanyFollow).where(
                CompanyFollow.user_id == user.id,
                CompanyFollow.company_id == company.id,
            )
        )
        return False
    session.add(CompanyFollow(user_id=user.id, company_id=company.id))
    session.flush()
    return True


def contacts_of(
    session: Session, company: Company, departed: bool = False, visible=true()
):
    """The company's current contacts, or its departed ones, that are ``visible``."""
    query = select(Contact).where(
        visible, Contact.company_id == company.id, Contact.active.is_(True)
    )
    if departed:
        query = query.where(Contact.departed_at.is_not(None))
    else:
        query = query.where(Contact.departed_at.is_(None))
    return list(session.scalars(query.order_by(Contact.last_name, Contact.first_name)))


def org_chart(contacts: list[Contact]) -> list[tuple[str, list[Contact]]]:
    """Contacts grouped by function family, families in their list order."""
    groups: dict[tuple[int, str], list[Contact]] = {}
    for contact in contacts:
        family = contact.function.family if contact.function else None
        key = (family.position, family.label) if family else (10**6, "")
        groups.setdefault(key, []).append(contact)
    return [(label, groups[(pos, label)]) for pos, label in sorted(groups)]
