"""Quick-search sources for companies and contacts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from core.directory.models import Company, Contact
from core.directory.normalise import parse_phone

BOUND = 1000


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    url: str


def like_pattern(text: str) -> str:
    """Turn the user's text into a LIKE pattern where only ``*`` is a wildcard.

    ``RE*`` starts with, ``*RE`` ends with, anything else contains.
    """
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if escaped.startswith("*") or escaped.endswith("*"):
        return escaped.replace("*", "%")
    return f"%{escaped.replace('*', '%')}%"


def _bounded(request, query, limit: int):
    # Count at most BOUND matches: "1000+" is all a person needs to know.
    rows = request.dbsession.execute(query.limit(BOUND + 1)).scalars().all()
    return rows[:limit], len(rows)


def _phone(text: str) -> str | None:
    """The E.164 form of ``text`` when it reads as a phone number."""
    if sum(c.isdigit() for c in text) < 6:
        return None
    try:
        return parse_phone(text)
    except ValueError:
        return None


def search_companies(request, text: str, limit: int):
    pattern = like_pattern(text.lower())
    matches = [
        func.lower(Company.name).like(pattern, escape="\\"),
        func.lower(Company.trade_name).like(pattern, escape="\\"),
    ]
    phone = _phone(text)
    if phone:
        matches += [Company.phone == phone, Company.fax == phone]
    query = (
        select(Company)
        .where(
            request.access.filter("company"), Company.active.is_(True), or_(*matches)
        )
        .order_by(Company.name)
    )
    companies, total = _bounded(request, query, limit)
    hits = [
        Hit(c.name, c.type.label, request.route_url("company", id=c.id))
        for c in companies
    ]
    return hits, total


def search_contacts(request, text: str, limit: int):
    pattern = like_pattern(text.lower())
    full_name = func.lower(Contact.first_name + " " + Contact.last_name)
    # Departed contacts and those of inactive companies are not offered.
    query = (
        select(Contact)
        .outerjoin(Contact.company)
        .where(
            request.access.filter("contact"),
            Contact.active.is_(True),
            Contact.departed_at.is_(None),
            or_(Contact.company_id.is_(None), Company.active.is_(True)),
            or_(
                full_name.like(pattern, escape="\\"),
                func.lower(Contact.last_name).like(pattern, escape="\\"),
            ),
        )
        .order_by(Contact.last_name, Contact.first_name)
    )
    contacts, total = _bounded(request, query, limit)
    hits = [
        Hit(
            c.display_name,
            c.company.name if c.company else "",
            request.route_url("contact", id=c.id),
        )
        for c in contacts
    ]
    return hits, total
