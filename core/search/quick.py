"""The quick search's built-in sources: companies and contacts.

Each source asks :class:`~core.search.criteria.Criteria` for the matching
ids, keeps at most ``BOUND`` of them (counting beyond that would cost more
than "1000+" is worth), sorts those and returns the first ``limit``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from core.directory.models import Company, Contact
from core.search.criteria import Criteria
from core.search.models import SearchCompany, SearchContact

BOUND = 1000


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    url: str


def options(request) -> dict:
    """What the box asks beside the text: "Portefeuille", departed, inactive."""
    params = request.params
    return {
        "portfolio": "mine" if params.get("portfolio") in ("1", "on", "mine") else "",
        "everything": params.get("all") in ("1", "on"),
    }


def bounded(session, criteria: Criteria, user_id, limit: int, access):
    """The first ``limit`` ids in display order and the count, up to BOUND+1."""
    dialect = session.get_bind().dialect.name
    index = SearchCompany if criteria.entity == "company" else SearchContact
    key = index.company_id if criteria.entity == "company" else index.contact_id
    ids = criteria.select(user_id, dialect, access).limit(BOUND + 1).subquery()
    found = select(ids.c.id, index.sort_key).join(index, key == ids.c.id).subquery()
    rows = session.execute(
        select(found.c.id, func.count().over())
        .order_by(found.c.sort_key, found.c.id)
        .limit(limit)
    ).all()
    return [row[0] for row in rows], (rows[0][1] if rows else 0)


def quick_criteria(request, entity: str, text: str) -> Criteria:
    wanted = options(request)
    field = "q" if entity == "company" else "contact_q"
    values = {"entity": entity, field: text, "portfolio": wanted["portfolio"]}
    if wanted["everything"]:
        values.update(active="all", in_position="all")
    return Criteria.model_validate(values)


def search_companies(request, text: str, limit: int):
    session = request.dbsession
    criteria = quick_criteria(request, "company", text)
    ids, total = bounded(session, criteria, _user_id(request), limit, request.access)
    companies = _load(session, Company, ids, selectinload(Company.type))
    hits = [
        Hit(
            c.name,
            " · ".join(p for p in (c.trade_name, c.type.label) if p),
            request.route_url("company", id=c.id),
        )
        for c in companies
    ]
    return hits, total


def search_contacts(request, text: str, limit: int):
    session = request.dbsession
    criteria = quick_criteria(request, "contact", text)
    ids, total = bounded(session, criteria, _user_id(request), limit, request.access)
    contacts = _load(session, Contact, ids, selectinload(Contact.company))
    hits = [
        Hit(
            c.display_name,
            c.company.name if c.company else "",
            request.route_url("contact", id=c.id),
        )
        for c in contacts
    ]
    return hits, total


def _load(session, model, ids: list[int], *loaders):
    if not ids:
        return []
    records = session.scalars(
        select(model).where(model.id.in_(ids)).options(*loaders)
    ).all()
    by_id = {record.id: record for record in records}
    return [by_id[i] for i in ids if i in by_id]


def _user_id(request) -> int | None:
    return request.identity.id if request.identity is not None else None


def full_results_url(request, source_name: str, text: str) -> str | None:
    """Where a group's count leads: the advanced search with the same text."""
    entity = {"companies": "company", "contacts": "contact"}.get(source_name)
    if entity is None:
        return None
    criteria = quick_criteria(request, entity, text)
    return request.route_url("search", _query=criteria.to_params())
