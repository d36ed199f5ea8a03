""" "Qui travaille avec qui?": budgets found by text, sector, type and changes.

Results are grouped by sector so a salesperson sees, sector by sector, which
agencies hold which advertisers' budgets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from core.budgets.models import Budget, BudgetAgency
from core.budgets.services import _loaded, name_matches
from core.directory.models import Company
from core.directory.normalise import name_key
from core.history.services import changed_ids, day_bounds
from core.i18n import _
from core.reference.models import Sector

LIMIT = 500
CHANGES = ("created", "updated", "deleted")


@dataclass
class LinkFilters:
    text: str = ""
    sector_ids: list[int] = field(default_factory=list)
    type_ids: list[int] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass(frozen=True)
class SectorGroup:
    title: str
    budgets: list[Budget]


def _sector_ids(session: Session, chosen: list[int]) -> list[int]:
    """The chosen sectors and their sub-sectors."""
    if not chosen:
        return []
    children = select(Sector.id).where(Sector.parent_id.in_(chosen))
    return sorted(set(chosen) | set(session.scalars(children)))


def find_budgets(
    session: Session, filters: LinkFilters, zone: dt.tzinfo = dt.UTC
) -> list[Budget]:
    """The budgets matching every filter given, advertisers active."""
    from core.budgets.models import budget_sector
    from core.directory.models import company_sector

    # The agencies' companies, apart from the advertiser joined below.
    agency_company = aliased(Company)
    agency = select(BudgetAgency.budget_id).join(
        agency_company, agency_company.id == BudgetAgency.company_id
    )
    query = select(Budget).join(Budget.company).where(Company.active.is_(True))
    if filters.text:
        # Company names are matched on their keys and budget names folded,
        # so accents and case never hide a budget, an advertiser or an agency
        # (SQLite's lower() is ASCII only).
        key = name_key(filters.text)
        names = [name_matches(filters.text)]
        if key:
            names += [
                Company.name_key.contains(key, autoescape=True),
                Company.trade_name_key.contains(key, autoescape=True),
                Budget.id.in_(
                    agency.where(agency_company.name_key.contains(key, autoescape=True))
                ),
            ]
        query = query.where(or_(*names))
    sectors = _sector_ids(session, filters.sector_ids)
    if sectors:
        own = select(budget_sector.c.budget_id).where(
            budget_sector.c.sector_id.in_(sectors)
        )
        advertiser = select(company_sector.c.company_id).where(
            company_sector.c.sector_id.in_(sectors)
        )
        query = query.where(or_(Budget.id.in_(own), Budget.company_id.in_(advertiser)))
    if filters.type_ids:
        typed = agency.where(agency_company.type_id.in_(filters.type_ids))
        query = query.where(
            or_(Company.type_id.in_(filters.type_ids), Budget.id.in_(typed))
        )
    if filters.changes:
        since, until = day_bounds(filters.since, filters.until, zone)
        kept = Budget.active.is_(True) & Budget.id.in_(
            changed_ids("budget", filters.changes, since, until)
        )
        if "deleted" in filters.changes:
            gone = changed_ids("budget", ["deleted"], since, until)
            kept = kept | (Budget.active.is_(False) & Budget.id.in_(gone))
        query = query.where(kept)
    else:
        query = query.where(Budget.active.is_(True))
    query = _loaded(query).order_by(func.lower(Budget.name), Budget.id).limit(LIMIT)
    return list(session.scalars(query).unique())


def by_sector(budgets: list[Budget]) -> list[SectorGroup]:
    """Budgets under each top-level sector of theirs (or their advertiser's)."""
    groups: dict[tuple[int, str], list[Budget]] = {}
    for budget in budgets:
        sectors = budget.sectors or budget.company.sectors
        tops = {(s.parent or s).id: (s.parent or s) for s in sectors}
        if not tops:
            groups.setdefault((10**6, ""), []).append(budget)
        for top in tops.values():
            groups.setdefault((top.position, top.label), []).append(budget)
    return [
        SectorGroup(label or _("No sector"), groups[(position, label)])
        for position, label in sorted(groups)
    ]
