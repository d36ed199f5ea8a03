"""The numbers behind the home charts; the JSON endpoints and the tables
beside each chart both come from here, so they cannot disagree.

Pipe figures go through :mod:`core.opportunities.services.pipe` (the
visibility rule and the rounding rule included); activity figures count the
actions of the users in scope (as author or visitor), by week in the
viewer's time zone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from core.actions.models import Action, action_contact, action_visitor
from core.directory.models import Company, CompanyPortfolio, Contact
from core.opportunities.services import pipe

WEEKS_BEFORE = 4
WEEKS_AFTER = 4


@dataclass(frozen=True)
class Series:
    """One chart: its labels and, per dataset name, one value per label."""

    labels: list[str]
    values: dict[str, list]

    def as_json(self) -> dict:
        return {
            "labels": self.labels,
            "datasets": [
                {"key": key, "data": [str(value) for value in data]}
                for key, data in self.values.items()
            ],
        }


def _pipe_rows(session: Session, access, user_ids, today: dt.date):
    filters = pipe.PipeFilters(owner_ids=list(user_ids))
    return pipe.rows(pipe.load(session, access, filters), today)


def pipe_by_month(session, access, user_ids, today, month_title, no_date) -> Series:
    """Count, total and weighted per decision month (five months, no date)."""
    board = pipe.by_month(_pipe_rows(session, access, user_ids, today), today, today)
    labels = [month_title(c.month) if c.month else no_date for c in board.columns]
    return _column_series(board.columns, labels)


def pipe_by_status(session, access, user_ids, today) -> Series:
    columns = pipe.by_status(session, _pipe_rows(session, access, user_ids, today))
    return _column_series(columns, [c.status.label for c in columns])


def _column_series(columns, labels) -> Series:
    totals = [column.totals for column in columns]
    return Series(
        labels,
        {
            "count": [t.count for t in totals],
            "total": [t.total for t in totals],
            "weighted": [t.weighted for t in totals],
        },
    )


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _involving(user_ids):
    visitor = exists().where(
        action_visitor.c.action_id == Action.id,
        action_visitor.c.user_id.in_(user_ids),
    )
    return or_(Action.author_id.in_(user_ids), visitor)


def actions_per_week(
    session: Session, user_ids, now: dt.datetime, zone: zoneinfo.ZoneInfo
) -> Series:
    """Actions done (started before now) and planned, week by week around now."""
    first = week_start(now.astimezone(zone).date()) - dt.timedelta(weeks=WEEKS_BEFORE)
    weeks = [first + dt.timedelta(weeks=i) for i in range(WEEKS_BEFORE + WEEKS_AFTER)]
    start = dt.datetime.combine(first, dt.time(), zone).astimezone(dt.UTC)
    end = dt.datetime.combine(
        weeks[-1] + dt.timedelta(weeks=1), dt.time(), zone
    ).astimezone(dt.UTC)
    query = select(Action.starts_at).where(
        Action.cancelled_at.is_(None),
        Action.starts_at >= start,
        Action.starts_at < end,
        _involving(list(user_ids)),
    )
    done = [0] * len(weeks)
    planned = [0] * len(weeks)
    for (starts_at,) in session.execute(query):
        index = (week_start(starts_at.astimezone(zone).date()) - first).days // 7
        if starts_at < now:
            done[index] += 1
        else:
            planned[index] += 1
    labels = [week.strftime("%d/%m") for week in weeks]
    return Series(labels, {"done": done, "planned": planned})


@dataclass(frozen=True)
class Coverage:
    """How many portfolio companies had an action in the last ``days`` days."""

    companies: int
    covered: int
    days: int

    @property
    def share(self) -> Decimal:
        if not self.companies:
            return Decimal(0)
        return (Decimal(100) * self.covered / self.companies).quantize(Decimal(1))

    def as_json(self) -> dict:
        return {
            "labels": ["covered", "not_covered"],
            "datasets": [
                {
                    "key": "companies",
                    "data": [str(self.covered), str(self.companies - self.covered)],
                }
            ],
            "share": str(self.share),
            "days": self.days,
        }


def coverage(session: Session, user_ids, now: dt.datetime, days: int) -> Coverage:
    """Share of the portfolio companies with an action in the last ``days`` days.

    An action counts for a company when one of its contacts works there, and
    it was recorded by or with one of the users in scope.
    """
    ids = list(user_ids)
    portfolio = (
        select(CompanyPortfolio.company_id)
        .join(Company, Company.id == CompanyPortfolio.company_id)
        .where(CompanyPortfolio.user_id.in_(ids), Company.active)
        .distinct()
    )
    companies = session.scalar(select(func.count()).select_from(portfolio.subquery()))
    since = now - dt.timedelta(days=days)
    touched = (
        select(Contact.company_id)
        .join(action_contact, action_contact.c.contact_id == Contact.id)
        .join(Action, Action.id == action_contact.c.action_id)
        .where(
            Action.cancelled_at.is_(None),
            Action.starts_at >= since,
            Action.starts_at <= now,
            _involving(ids),
            Contact.company_id.in_(portfolio),
        )
        .distinct()
    )
    covered = session.scalar(select(func.count()).select_from(touched.subquery()))
    return Coverage(companies or 0, covered or 0, days)
