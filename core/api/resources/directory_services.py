"""Listing, creating and changing companies and contacts through the API.

Every reference a client sends (type code, company id...) is checked before
anything is written, and all the refused ones are reported together.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from core.api.errors import invalid
from core.auth.models import User
from core.directory.models import Company, Contact, ContactPreviousEmail
from core.directory.services.companies import replace_sources
from core.i18n import _
from core.reference.models import CompanyType, Function, Situation
from core.search.index import folded_contains, matching_ids
from core.search.models import SearchCompany, SearchContact
from core.search.text import patterns

log = logging.getLogger(__name__)

COMPANY_SORT = {
    "name": func.lower(Company.name),
    "created_at": Company.created_at,
    "updated_at": Company.updated_at,
}
CONTACT_SORT = {
    "last_name": func.lower(Contact.last_name),
    "first_name": func.lower(Contact.first_name),
    "created_at": Contact.created_at,
    "updated_at": Contact.updated_at,
}
MAX_GROUP_DEPTH = 50
CHOOSE = _("Choose one of the proposed values.")


def _matching(text: str, dialect: str, index_model, key, *columns):
    """Records the search box would find for ``text`` (accents and case aside).

    The search index answers, so ``q`` finds what the box finds (names,
    SIRET, phones, e-mails...) at its speed; a one-letter term, too short
    for the index, is looked for in the names.
    """
    found = patterns(text)
    if not found:
        return folded_contains(text, *columns)
    return key.in_(matching_ids(dialect, index_model, found))


def companies_query(filters, dialect: str):
    statement = select(Company)
    if filters.active is not None:
        statement = statement.where(Company.active.is_(filters.active))
    if filters.type is not None:
        statement = statement.join(CompanyType).where(CompanyType.code == filters.type)
    if filters.situation is not None:
        statement = statement.join(Situation).where(Situation.code == filters.situation)
    if filters.group_id is not None:
        statement = statement.where(Company.group_id == filters.group_id)
    if filters.q is not None:
        statement = statement.where(
            _matching(
                filters.q,
                dialect,
                SearchCompany,
                Company.id,
                Company.name,
                Company.trade_name,
            )
        )
    return statement


def contacts_query(filters, dialect: str):
    statement = select(Contact).options(selectinload(Contact.previous_emails))
    if filters.active is not None:
        statement = statement.where(Contact.active.is_(filters.active))
    if filters.company_id is not None:
        statement = statement.where(Contact.company_id == filters.company_id)
    if filters.function is not None:
        statement = statement.join(Function).where(Function.code == filters.function)
    if filters.email is not None:
        # An address a contact used before finds them too (mail from it still
        # files on them).
        email = filters.email.lower()
        used = select(ContactPreviousEmail.contact_id).where(
            func.lower(ContactPreviousEmail.email) == email
        )
        statement = statement.where(
            or_(func.lower(Contact.email) == email, Contact.id.in_(used))
        )
    if filters.q is not None:
        statement = statement.where(
            _matching(
                filters.q,
                dialect,
                SearchContact,
                Contact.id,
                Contact.first_name,
                Contact.last_name,
            )
        )
    return statement


def _reference(dbsession, model, code: str | None, field: str, errors: dict):
    if code is None:
        return None
    row = dbsession.scalar(select(model).where(model.code == code))
    if row is None or not row.active:
        errors[field] = CHOOSE
    return row


def _visible_company(dbsession, access, ident: int) -> Company | None:
    company = dbsession.get(Company, ident)
    if company is None or (access is not None and not access.can_view(company)):
        return None
    return company


def _group(dbsession, access, company: Company | None, group_id: int, errors: dict):
    group = _visible_company(dbsession, access, group_id)
    if group is None:
        errors["group_id"] = _("No such company.")
        return None
    # Walk up from the new group: meeting the company itself would loop.
    ancestor, depth = group, 0
    while ancestor is not None and depth < MAX_GROUP_DEPTH:
        if company is not None and ancestor.id == company.id:
            errors["group_id"] = _("A company cannot belong to itself.")
            return None
        ancestor, depth = ancestor.group, depth + 1
    return group


def _company_values(dbsession, access, company: Company | None, changes: dict):
    values = dict(changes)
    errors: dict[str, Any] = {}
    if "type" in values:
        values["type"] = _reference(
            dbsession, CompanyType, values["type"], "type", errors
        )
    if "situation" in values:
        values["situation"] = _reference(
            dbsession, Situation, values["situation"], "situation", errors
        )
    if values.get("group_id") is not None:
        values["group"] = _group(
            dbsession, access, company, values.pop("group_id"), errors
        )
    elif "group_id" in values:
        values["group"] = values.pop("group_id")
    if errors:
        raise invalid(errors)
    return values


def _source_pairs(values: dict) -> list[tuple[str, str | None]] | None:
    """The sources sent, as (name, reference) pairs; ``None`` when not sent."""
    if values.get("sources") is None:
        values.pop("sources", None)
        return None
    return [
        (row["name"], row.get("reference"))
        for row in (
            item if isinstance(item, dict) else item.model_dump()
            for item in values.pop("sources")
        )
    ]


def create_company(dbsession, user: User, data, access=None) -> Company:
    """Create a company; ``access`` (the caller's) limits the groups it may name."""
    values = _company_values(dbsession, access, None, data.model_dump())
    sources = _source_pairs(values)
    company = Company(created_by_id=user.id, updated_by_id=user.id, **values)
    replace_sources(company, sources or [])
    dbsession.add(company)
    dbsession.flush()
    log.info("api.company.created company_id=%s by=%s", company.id, user.id)
    return company


def update_company(
    dbsession, user: User, company: Company, changes: dict, access=None
) -> None:
    values = _company_values(dbsession, access, company, changes)
    sources = _source_pairs(values)
    for name, value in values.items():
        setattr(company, name, value)
    if sources is not None:
        replace_sources(company, sources)
    if values or sources is not None:
        company.updated_by_id = user.id
    log.info(
        "api.company.updated company_id=%s by=%s fields=%s",
        company.id,
        user.id,
        ",".join(sorted(changes)),
    )


def _contact_values(dbsession, access, changes: dict) -> dict:
    values = dict(changes)
    errors: dict[str, Any] = {}
    if "function" in values:
        values["function"] = _reference(
            dbsession, Function, values["function"], "function", errors
        )
    if values.get("company_id") is not None:
        company = _visible_company(dbsession, access, values.pop("company_id"))
        if company is None:
            errors["company_id"] = _("No such company.")
        elif not company.active:
            errors["company_id"] = _("This company is deactivated.")
        values["company"] = company
    elif "company_id" in values:
        values["company"] = values.pop("company_id")
    if errors:
        raise invalid(errors)
    return values


def create_contact(dbsession, user: User, data, access=None) -> Contact:
    """Create a contact; ``access`` (the caller's) limits the company it names."""
    values = _contact_values(dbsession, access, data.model_dump())
    contact = Contact(created_by_id=user.id, updated_by_id=user.id, **values)
    dbsession.add(contact)
    dbsession.flush()
    log.info("api.contact.created contact_id=%s by=%s", contact.id, user.id)
    return contact


def update_contact(
    dbsession, user: User, contact: Contact, changes: dict, access=None
) -> None:
    values = _contact_values(dbsession, access, changes)
    for name, value in values.items():
        setattr(contact, name, value)
    if values:
        contact.updated_by_id = user.id
    log.info(
        "api.contact.updated contact_id=%s by=%s fields=%s",
        contact.id,
        user.id,
        ",".join(sorted(changes)),
    )
