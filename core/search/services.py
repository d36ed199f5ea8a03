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
from core.reference.models import CompanyType, Function
from core.search.criteria import Criteria
from core.search.models import SavedSearch

log = logging.getLogger(__name__)

PER_PAGE = 50
# Beyond this the page says "10 000+": an exact count of a million rows
# costs more than it tells.
COUNT_BOUND = 10_000


@dataclass(frozen=True)
class ResultPage:
    """A page of records; ``total`` is ``None`` while the count is not run.

    The count of a large result costs several times the page itself, so the
    page can be drawn first and the count asked for apart
    (:func:`count_matches`).
    """

    records: list
    total: int | None
    page: int
    per_page: int
    has_next: bool = False

    @property
    def counted(self) -> bool:
        return self.total is not None

    @property
    def bounded(self) -> bool:
        return self.total is not None and self.total > COUNT_BOUND

    @property
    def pages(self) -> int | None:
        if self.total is None:
            return None
        return pages_of(self.total, self.per_page)


def pages_of(total: int, per_page: int = PER_PAGE) -> int:
    return max(1, -(-min(total, COUNT_BOUND) // per_page))


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def _user_id(access) -> int | None:
    return access.user.id if access.user is not None else None


def count_matches(session: Session, criteria: Criteria, access) -> int:
    """How many records match, counted up to ``COUNT_BOUND + 1`` at most."""
    ids_query = criteria.select(_user_id(access), dialect_of(session), access)
    counted = ids_query.limit(COUNT_BOUND + 1).subquery()
    return session.scalar(select(func.count()).select_from(counted))


def result_page(
    session: Session,
    criteria: Criteria,
    access,
    page: int = 1,
    per_page: int = PER_PAGE,
    count: bool = True,
) -> ResultPage:
    """One page of matching records, in display order, with a bounded count.

    ``access`` decides what the user sees (see :mod:`core.access`). With
    ``count=False`` the count is run only when the page alone cannot tell
    it (a page beyond the last one falls back to the last page); otherwise
    ``total`` is ``None`` and ``has_next`` says whether a next page exists.
    """
    ordered = criteria.ordered(_user_id(access), dialect_of(session), access)
    page = min(max(page, 1), pages_of(COUNT_BOUND + 1, per_page))

    def ids_of(number: int) -> list[int]:
        # One more than the page: whether a next page exists, without a count.
        query = ordered.offset((number - 1) * per_page).limit(per_page + 1)
        return [row[0] for row in session.execute(query)]

    ids = ids_of(page)
    total = None
    if len(ids) <= per_page and (ids or page == 1):
        # The last page: what comes before it and what it holds is every match.
        total = (page - 1) * per_page + len(ids)
    elif count or not ids:
        total = count_matches(session, criteria, access)
    shown = page
    if not ids and page > 1:
        shown = pages_of(total, per_page)
        ids = ids_of(shown)
    has_next = len(ids) > per_page and shown < pages_of(COUNT_BOUND + 1, per_page)
    records = _load(session, criteria.entity, ids[:per_page])
    return ResultPage(records, total, shown, per_page, has_next)


@dataclass(frozen=True)
class CompanyRow:
    """A company as a result row shows it (plain columns, no ORM object)."""

    id: int
    name: str
    type_label: str
    city: str


@dataclass(frozen=True)
class ContactRow:
    id: int
    civility: str
    first_name: str
    last_name: str
    company_id: int | None
    company_name: str
    function_title: str

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def _load(session: Session, entity: str, ids: list[int]) -> list:
    """The page's records in ``ids`` order: rows for companies and contacts."""
    if not ids:
        return []
    if entity == "company":
        found = _company_rows(session, ids)
    elif entity == "contact":
        found = _contact_rows(session, ids)
    else:
        options = (
            selectinload(Budget.company),
            selectinload(Budget.agencies).selectinload(BudgetAgency.company),
            selectinload(Budget.agencies).selectinload(BudgetAgency.role),
        )
        query = select(Budget).where(Budget.id.in_(ids)).options(*options)
        found = {budget.id: budget for budget in session.scalars(query)}
    return [found[i] for i in ids if i in found]


def _company_rows(session: Session, ids: list[int]) -> dict:
    query = (
        select(Company.id, Company.name, CompanyType.label)
        .join(CompanyType, CompanyType.id == Company.type_id)
        .where(Company.id.in_(ids))
    )
    towns = {}
    addresses = (
        select(Address.company_id, Address.postcode, Address.city)
        .where(Address.company_id.in_(ids))
        # The default address first, as on the sheet.
        .order_by(Address.company_id, Address.is_default.desc(), Address.id)
    )
    for company_id, postcode, city in session.execute(addresses):
        if company_id not in towns:
            towns[company_id] = " ".join(p for p in (postcode, city) if p)
    return {
        row.id: CompanyRow(row.id, row.name, row.label, towns.get(row.id, ""))
        for row in session.execute(query)
    }


def _contact_rows(session: Session, ids: list[int]) -> dict:
    query = (
        select(
            Contact.id,
            Contact.civility,
            Contact.first_name,
            Contact.last_name,
            Contact.title,
            Contact.company_id,
            Company.name,
            Function.label,
        )
        .outerjoin(Company, Company.id == Contact.company_id)
        .outerjoin(Function, Function.id == Contact.function_id)
        .where(Contact.id.in_(ids))
    )
    return {
        row.id: ContactRow(
            row.id,
            row.civility or "",
            row.first_name or "",
            row.last_name or "",
            row.company_id,
            row.name or "",
            " – ".join(p for p in (row.label or "", row.title or "") if p),
        )
        for row in session.execute(query)
    }


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
