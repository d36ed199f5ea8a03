"""The budget an action is about: which budgets the form offers, which it takes.

An action about a brand's campaign carries that budget, so the budget's sheet
and the API can list what was done for it. The form offers first the budgets
of the contacts' companies (as advertiser or agency) and those the contacts
are in charge of, then every other budget still in use.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.budgets.models import Budget
from core.budgets.services import budgets_of_company, budgets_of_contact
from core.directory.models import Company, Contact
from core.directory.normalise import fold
from core.i18n import _


class BudgetRefused(ValueError):
    """The budget cannot be chosen: unknown, or no longer in use."""

    message = _("Choose one of the proposed budgets.")


def in_use(budget: Budget) -> bool:
    """Active budget of an active advertiser: what may be chosen anew."""
    return budget.active and budget.company.active


def suggested_budgets(session: Session, contacts: Iterable[Contact]) -> list[Budget]:
    """The budgets of the contacts' companies and of the contacts themselves."""
    found: dict[int, Budget] = {}
    for contact in contacts:
        for budget in budgets_of_contact(session, contact):
            found.setdefault(budget.id, budget)
        if contact.company is not None:
            for budget in budgets_of_company(session, contact.company):
                found.setdefault(budget.id, budget)
    return sorted(found.values(), key=lambda b: (b.name.lower(), b.id))


#: How many other budgets the form lists; a text narrows them down.
OTHER_LIMIT = 100


def other_budgets(
    session: Session, exclude: Iterable[Budget], text: str = ""
) -> tuple[list[Budget], bool]:
    """Budgets in use but ``exclude`` whose name holds ``text``, by name, at
    most :data:`OTHER_LIMIT`; and whether more were left out."""
    skipped = [budget.id for budget in exclude]
    query = (
        select(Budget)
        .join(Budget.company)
        .where(Budget.active.is_(True), Company.active.is_(True))
        .order_by(Budget.name, Budget.id)
    )
    if skipped:
        query = query.where(Budget.id.not_in(skipped))
    if text.strip():
        query = query.where(
            func.relais_fold(Budget.name).contains(fold(text.strip()), autoescape=True)
        )
    found = list(session.scalars(query.limit(OTHER_LIMIT + 1)))
    return found[:OTHER_LIMIT], len(found) > OTHER_LIMIT


def budget_by_id(
    session: Session, budget_id: int | None, current: Budget | None = None
) -> Budget | None:
    """The budget ``budget_id`` names, or ``None`` for none.

    The action's ``current`` budget is kept even when it went out of use since;
    any other must be in use. Raises :class:`BudgetRefused`.
    """
    if budget_id is None:
        return None
    if current is not None and current.id == budget_id:
        return current
    budget = session.get(Budget, budget_id)
    if budget is None or not in_use(budget):
        raise BudgetRefused(budget_id)
    return budget
