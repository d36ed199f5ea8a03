"""The quick search's opportunity group: titles and clients.

An opportunity matches by its title or by the name of its client (the
advertiser; the company it was proposed to when no client is given). What
the reader may not see (another salesperson's private opportunity, case
S-02) is left out by :mod:`core.access`, and so never counted either; nor
is an opportunity of a deactivated company, which the pipe leaves out too
(case D-04), so the count leads to as many rows in the table.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from core.directory.access import company_owned_by
from core.directory.models import Company
from core.opportunities.models import Opportunity
from core.opportunities.services.pipe import on_active_company
from core.opportunities.visibility import visible_clause
from core.search.index import folded_matches, matching_ids
from core.search.models import SearchCompany
from core.search.quick import BOUND, Hit, Links, first_rows, options
from core.search.text import patterns


def text_clause(dialect: str, found: list):
    """Opportunities whose title or client matches the patterns ``found``.

    The box and the opportunity views' text filter share it, so the count the
    box shows leads to the same opportunities.
    """
    companies = matching_ids(dialect, SearchCompany, found)
    client = func.coalesce(Opportunity.client_id, Opportunity.company_id)
    return or_(folded_matches(Opportunity.title, found), client.in_(companies))


def portfolio_clause(user_id: int):
    """Opportunities of a company of the user's portfolio, proposed to or for.

    "Portefeuille" in the box and the opportunity views' filter share it.
    """
    mine = select(Company.id).where(company_owned_by([user_id]))
    return or_(Opportunity.company_id.in_(mine), Opportunity.client_id.in_(mine))


def search_opportunities(request, text: str, limit: int):
    found = patterns(text)
    if not found or request.identity is None:
        return [], 0
    session = request.dbsession
    dialect = session.get_bind().dialect.name
    conditions = []
    if options(request)["portfolio"]:
        conditions.append(portfolio_clause(request.identity.id))
    matches = (
        select(Opportunity.id, func.relais_fold(Opportunity.title).label("sort_key"))
        .where(
            text_clause(dialect, found),
            visible_clause(request.access),
            on_active_company(),
            *conditions,
        )
        .limit(BOUND + 1)
        .subquery("found")
    )
    advertiser = aliased(Company)

    def details(page):
        return (
            select(page.c.id, page.c.total, Opportunity.title, advertiser.name)
            .join(Opportunity, Opportunity.id == page.c.id)
            .join(
                advertiser,
                advertiser.id
                == func.coalesce(Opportunity.client_id, Opportunity.company_id),
            )
        )

    rows, total = first_rows(session, matches, details, limit)
    link = Links(request, "opportunity")
    return [Hit(row.title, row.name, link(row.id)) for row in rows], total
