"""Run a search for a page of results, and keep searches under a name."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from core.budgets.models import Budget, BudgetAgency
from core.directory.models import Address, Company, Contact
from core.directory.services import FormErrors
from core.i18n import _
from core.search.criteria import Criteria
from core.search.models import SavedSearch

log = logging.getLogger(__name__)

PER_PAGE = 50
# Beyond this the page says "10 000+": an exact count of a million rows
# costs more than it tells.
COUNT_BOUND = 10_000


@dataclass(frozen=True)
class ResultPage:
    records: list
    total: int
    page: int
    per_page: int

    @property
    def bounded(self) -> bool:
        return self.total > COUNT_BOUND

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, COUNT_BOUND) // self.per_page))


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def result_page(
    session: Session,
    criteria: Criteria,
    access,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> ResultPage:
    """One page of matching records, in display order, with a bounded count.

    ``access`` decides what the user sees (see :mod:`core.access`).
    """
    dialect = dialect_of(session)
    user_id = access.user.id if access.user is not None else None
    ids_query = criteria.select(user_id, dialect, access)
    counted = ids_query.limit(COUNT_BOUND + 1).subquery()
    total = session.scalar(select(func.count()).select_from(counted))
    page = max(1, min(page, -(-max(total, 1) // per_page)))
    ordered = criteria.ordered(user_id, dialect, access).offset((page - 1) * per_page)
    ids = [row[0] for row in session.execute(ordered.limit(per_page))]
    return ResultPage(_load(session, criteria.entity, ids), total, page, per_page)


def _load(session: Session, entity: str, ids: list[int]) -> list:
    if not ids:
        return []
    if entity == "company":
        options = (
            selectinload(Company.type),
            selectinload(Company.addresses),
        )
        model = Company
    elif entity == "budget":
        options = (
            selectinload(Budget.company),
            selectinload(Budget.agencies).selectinload(BudgetAgency.company),
            selectinload(Budget.agencies).selectinload(BudgetAgency.role),
        )
        model = Budget
    else:
        options = (
            selectinload(Contact.company).selectinload(Company.type),
            selectinload(Contact.function),
        )
        model = Contact
    records = session.scalars(select(model).where(model.id.in_(ids)).options(*options))
    by_id = {record.id: record for record in records}
    return [by_id[i] for i in ids if i in by_id]


def city_of(company: Company | None) -> str:
    address: Address | None = company.default_address if company else None
    if address is None:
        return ""
    return " ".join(part for part in (address.postcode, address.city) if part)


def saved_searches(session: Session, user) -> list[SavedSearch]:
    query = select(SavedSearch).where(SavedSearch.user_id == user.id)
    return list(session.scalars(query.order_by(SavedSearch.name)))


def saved_search(session: Session, user, ident: int) -> SavedSearch | None:
    """The user's own saved search ``ident``; others' are not there for them."""
    found = session.get(SavedSearch, ident)
    return found if found is not None and found.user_id == user.id else None


def save_search(session: Session, user, name: str, criteria: Criteria) -> SavedSearch:
    """Save (or overwrite, under the same name) the user's search."""
    name = " ".join((name or "").split())
    if not name:
        raise FormErrors({"name": _("This field is required.")})
    if len(name) > 120:
        raise FormErrors({"name": _("This text is too long.")})
    query = select(SavedSearch).where(
        SavedSearch.user_id == user.id, SavedSearch.name == name
    )
    saved = session.scalar(query)
    if saved is None:
        saved = SavedSearch(user_id=user.id, name=name)
        session.add(saved)
    saved.criteria = criteria.to_json()
    session.flush()
    log.info("search.saved id=%s user_id=%s", saved.id, user.id)
    return saved


def delete_saved(session: Session, saved: SavedSearch) -> None:
    session.delete(saved)
    session.flush()
