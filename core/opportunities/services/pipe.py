"""The pipe: which opportunities a view shows, and how it groups them.

Every view (table, months, statuses, export, dashboard) starts from
:func:`select_opportunities`, which applies the visibility rule first, so a
private opportunity never reaches a list, a total or a file it should not.
Amounts are those of :mod:`core.opportunities.amounts`; filters choose whole
opportunities, whose amounts are then shown whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import and_, exists, false, or_, select
from sqlalchemy.orm import Session, selectinload

from core.auth.models import User
from core.directory.models import Company
from core.opportunities import amounts
from core.opportunities.models import LineArchive, Opportunity, OpportunityLine
from core.opportunities.visibility import visible_clause
from core.reference.models import OpportunityStatus
from core.search.text import MAX_TERM, clean, patterns

MONTHS_SHOWN = 5


class PipeFilters(BaseModel):
    """The filters of the pipe views, read from the query string."""

    period: Literal["decision", "publication"] = "decision"
    start: dt.date | None = None
    end: dt.date | None = None
    product_ids: list[int] = Field(default_factory=list)
    status_ids: list[int] = Field(default_factory=list)
    owner_ids: list[int] = Field(default_factory=list)
    closed: Literal["open", "closed", "all"] = "open"
    q: str = Field("", description="Title or client, as in the quick search")
    portfolio: Literal["", "mine"] = Field(
        "", description="mine: companies of the user's portfolio"
    )

    @field_validator("q", mode="before")
    @classmethod
    def _bounded(cls, value):
        # A pasted novel is cut, not refused, as in the quick search.
        return clean(value)[:MAX_TERM] if isinstance(value, str) else value


def default_owners(session: Session, user: User) -> list[int]:
    """Whose pipe a view shows before any filter: mine, or my team's."""
    code = user.profile.code
    if code == "admin":
        return []
    if code == "manager" and user.team_id is not None:
        team = select(User.id).where(User.team_id == user.team_id, User.active)
        return list(session.scalars(team))
    return [user.id]


def _line_exists(*conditions):
    return exists().where(
        OpportunityLine.opportunity_id == Opportunity.id,
        or_(
            OpportunityLine.archived.is_(None),
            OpportunityLine.archived != LineArchive.DELETED.value,
        ),
        *conditions,
    )


def on_active_company():
    """The condition keeping the opportunities of active companies only.

    An opportunity on a deactivated company leaves every view and total
    (case D-04); it comes back when the company is reactivated.
    """
    return Opportunity.company_id.in_(select(Company.id).where(Company.active))


def select_opportunities(access, filters: PipeFilters):
    """The opportunities ``access`` (a :class:`core.access.Access`) may see that
    match ``filters``, on active companies only (see :func:`on_active_company`).
    """
    statement = select(Opportunity).where(visible_clause(access), on_active_company())
    if filters.closed == "open":
        statement = statement.where(Opportunity.outcome.is_(None))
    elif filters.closed == "closed":
        statement = statement.where(Opportunity.outcome.is_not(None))
    if filters.owner_ids:
        statement = statement.where(Opportunity.owner_id.in_(filters.owner_ids))
    if filters.status_ids:
        statement = statement.where(Opportunity.status_id.in_(filters.status_ids))
    if filters.product_ids:
        statement = statement.where(
            _line_exists(OpportunityLine.product_id.in_(filters.product_ids))
        )
    if filters.start or filters.end:
        statement = statement.where(_period(filters))
    if filters.q:
        statement = statement.where(_text(access, filters.q))
    if filters.portfolio == "mine":
        statement = statement.where(_portfolio(access))
    return statement


def _portfolio(access):
    """The opportunities of my portfolio's companies, as the quick search says."""
    from core.search.opportunities import portfolio_clause

    if access.user is None:
        return false()
    return portfolio_clause(access.user.id)


def _text(access, text: str):
    """Title or client, by the quick search's rules (where its count leads)."""
    # Imported here: the search package imports the opportunity models.
    from core.search.opportunities import text_clause

    found = patterns(text)
    if not found:
        return false()
    return text_clause(access.dbsession.get_bind().dialect.name, found)


def _period(filters: PipeFilters):
    if filters.period == "decision":
        column = Opportunity.decision_on
        conditions = []
        if filters.start:
            conditions.append(column >= filters.start)
        if filters.end:
            conditions.append(column <= filters.end)
        return and_(*conditions)
    conditions = []
    if filters.start:
        conditions.append(OpportunityLine.published_on >= filters.start)
    if filters.end:
        conditions.append(OpportunityLine.published_on <= filters.end)
    return _line_exists(*conditions)


def load(
    session: Session, access, filters: PipeFilters, *conditions
) -> list[Opportunity]:
    """The matching opportunities with what the views show, in decision order.

    ``conditions`` narrow the selection further (the opportunities of one
    company or contact on its sheet).
    """
    statement = (
        select_opportunities(access, filters)
        .where(*conditions)
        .options(
            selectinload(Opportunity.lines).selectinload(OpportunityLine.product),
            selectinload(Opportunity.status),
            selectinload(Opportunity.company),
            selectinload(Opportunity.client),
            selectinload(Opportunity.contact),
            selectinload(Opportunity.owner),
        )
        .order_by(
            Opportunity.decision_on.is_(None),
            Opportunity.decision_on,
            Opportunity.id,
        )
    )
    return list(session.scalars(statement))


@dataclass
class Row:
    """One opportunity as a view shows it, with its amounts computed once."""

    opportunity: Opportunity
    figures: amounts.Figures
    decision_passed: bool = False
    campaign_passed: bool = False

    @property
    def products(self) -> list[str]:
        seen: list[str] = []
        for line in self.opportunity.open_lines:
            if line.product.label not in seen:
                seen.append(line.product.label)
        return seen


def rows(opportunities: Sequence[Opportunity], today: dt.date) -> list[Row]:
    return [
        Row(
            opportunity,
            amounts.figures(opportunity),
            decision_passed=_passed(opportunity, opportunity.decision_on, today),
            campaign_passed=_passed(opportunity, opportunity.campaign_on, today),
        )
        for opportunity in opportunities
    ]


def _passed(opportunity: Opportunity, day: dt.date | None, today: dt.date) -> bool:
    return day is not None and day < today and not opportunity.closed


def sum_rows(found: Sequence[Row]) -> amounts.Totals:
    result = amounts.Totals()
    for row in found:
        numbers = row.figures
        result = result + amounts.Totals(
            1, numbers.total, numbers.weighted, numbers.undated
        )
    return result


@dataclass
class Column:
    """A column of the month or status view: its rows and their sums."""

    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    status: OpportunityStatus | None = None
    month: dt.date | None = None

    @property
    def totals(self) -> amounts.Totals:
        return sum_rows(self.rows)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


@dataclass
class MonthBoard:
    columns: list[Column]
    later: int
    earlier: int


def by_month(found: Sequence[Row], first: dt.date, today: dt.date) -> MonthBoard:
    """Five months from ``first`` by decision date, then "no date".

    When the board starts at the current month, decisions already overdue
    from earlier months sit in its first column (marked as passed), so that
    nothing still open drops out of sight.
    """
    months = [month_start(first)]
    for _index in range(MONTHS_SHOWN - 1):
        months.append(next_month(months[-1]))
    columns = [Column(month.isoformat()[:7], "", month=month) for month in months]
    undated = Column("none", "")
    limit = next_month(months[-1])
    later = earlier = 0
    catch_overdue = months[0] == month_start(today)
    for row in found:
        day = row.opportunity.decision_on
        if day is None:
            undated.rows.append(row)
        elif day >= limit:
            later += 1
        elif day < months[0]:
            if catch_overdue:
                columns[0].rows.append(row)
            else:
                earlier += 1
        else:
            index = (day.year - months[0].year) * 12 + day.month - months[0].month
            columns[index].rows.append(row)
    return MonthBoard([*columns, undated], later, earlier)


def by_status(session: Session, found: Sequence[Row]) -> list[Column]:
    """One column per active status (and any inactive one still in use)."""
    statuses = list(
        session.scalars(
            select(OpportunityStatus).order_by(
                OpportunityStatus.position, OpportunityStatus.id
            )
        )
    )
    used = {row.opportunity.status_id for row in found}
    columns = {
        status.id: Column(str(status.id), status.label, status=status)
        for status in statuses
        if status.active or status.id in used
    }
    for row in found:
        columns[row.opportunity.status_id].rows.append(row)
    return list(columns.values())
