"""Opportunity lines by product and month: the weighted pipe over a period.

One row per line of an opportunity whose date (the line's publication date,
else the opportunity's campaign date) falls in the period, then one column
per month of the period holding the line's weighted amount in its month.
A line's weighted amount is its share of the opportunity's weighted amount
(:func:`core.opportunities.amounts.line_weights`), so the figures add up to
what the pipe shows to the cent; archived lines left the pipe and weigh 0.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from core.i18n import _
from core.opportunities.amounts import ZERO, line_weights
from core.opportunities.models import Opportunity, OpportunityLine
from core.reference.models import Product
from plugins.reporting.definitions import Column, Parameter, ReportDefinition
from plugins.reporting.relative_dates import add_months
from plugins.reporting.reports.common import codes_of

MONTHS = (
    _("Jan"),
    _("Feb"),
    _("Mar"),
    _("Apr"),
    _("May"),
    _("Jun"),
    _("Jul"),
    _("Aug"),
    _("Sep"),
    _("Oct"),
    _("Nov"),
    _("Dec"),
)
# A whole message per month: a translated month cannot go into a mapping, which
# interpolates the English text.
MONTHS_OF_YEAR = (
    _("Jan ${year}"),
    _("Feb ${year}"),
    _("Mar ${year}"),
    _("Apr ${year}"),
    _("May ${year}"),
    _("Jun ${year}"),
    _("Jul ${year}"),
    _("Aug ${year}"),
    _("Sep ${year}"),
    _("Oct ${year}"),
    _("Nov ${year}"),
    _("Dec ${year}"),
)
ARCHIVES = {"won": _("won"), "lost": _("lost")}


def months_of(values) -> list[dt.date]:
    """The first day of every month the period touches, at most 36."""
    start, end = values.get("start"), values.get("end")
    if start is None or end is None or end < start:
        return []
    month, found = start.replace(day=1), []
    while month <= end and len(found) < 36:
        found.append(month)
        month = add_months(month, 1)
    return found


def month_key(month: dt.date) -> str:
    return f"m{month:%Y%m}"


def month_label(month: dt.date, several_years: bool):
    if not several_years:
        return MONTHS[month.month - 1]
    return _(MONTHS_OF_YEAR[month.month - 1], mapping={"year": str(month.year)})


def columns(context) -> tuple[Column, ...]:
    months = months_of(context.values)
    several_years = len({m.year for m in months}) > 1
    return (
        Column("visitor", _("Visitor")),
        Column("company", _("Company")),
        Column("contact", _("Contact")),
        Column("title", _("Title")),
        Column("campaign_on", _("Campaign date"), "date"),
        Column("decision_on", _("Estimated decision date"), "date"),
        Column("status", _("Status")),
        Column("closed", _("Closed"), "bool"),
        Column("product", _("Line product")),
        Column("archived", _("Line archive")),
        *(
            Column(month_key(m), month_label(m, several_years), "money", total=True)
            for m in months
        ),
        Column("weighted", _("Weighted amount"), "money", total=True),
    )


def line_date(line: OpportunityLine) -> dt.date | None:
    return line.published_on or line.opportunity.campaign_on


def lines_query(context):
    values = context.values
    start, end = values["start"], values["end"]
    months = months_of(values)
    line_day = OpportunityLine.published_on
    campaign = Opportunity.campaign_on
    query = (
        select(OpportunityLine)
        .join(Opportunity, OpportunityLine.opportunity_id == Opportunity.id)
        .join(Product, OpportunityLine.product_id == Product.id)
        .where(
            context.access.filter("opportunity"),
            or_(
                OpportunityLine.archived.is_(None),
                OpportunityLine.archived != "deleted",
            ),
            or_(
                line_day.between(start, end),
                line_day.is_(None) & campaign.between(start, end),
            ),
        )
        .options(
            selectinload(OpportunityLine.opportunity).selectinload(Opportunity.lines),
            selectinload(OpportunityLine.product),
        )
        .order_by(Opportunity.owner_id, Opportunity.id, OpportunityLine.id)
    )
    if values.get("visitor"):
        query = query.where(Opportunity.owner_id == values["visitor"])
    if values.get("product"):
        query = query.where(Product.code == values["product"])
    if values.get("closed") == "no":
        query = query.where(Opportunity.outcome.is_(None))
    elif values.get("closed") == "yes":
        query = query.where(Opportunity.outcome.is_not(None))

    weights: dict[int, dict[int, Decimal]] = {}
    for line in context.dbsession.scalars(query):
        opportunity = line.opportunity
        if opportunity.id not in weights:
            weights[opportunity.id] = line_weights(opportunity)
        weighted = weights[opportunity.id].get(line.id, ZERO)
        day = line_date(line)
        row = {
            "visitor": opportunity.owner.display_name,
            "company": opportunity.company.name,
            "contact": opportunity.contact.display_name if opportunity.contact else "",
            "title": opportunity.title,
            "campaign_on": day,
            "decision_on": opportunity.decision_on,
            "status": f"{opportunity.status.label} {opportunity.status.rate}\u00a0%",
            "closed": opportunity.closed,
            "product": line.product.label,
            "archived": ARCHIVES.get(line.archived or "", "-"),
            "weighted": weighted,
        }
        for month in months:
            in_month = day is not None and (day.year, day.month) == (
                month.year,
                month.month,
            )
            row[month_key(month)] = weighted if in_month else ZERO
        yield row


def reports() -> list[ReportDefinition]:
    return [
        ReportDefinition(
            name="reporting.opportunity_lines",
            title=_("Opportunity lines by product and month"),
            description=_("The weighted amount of each line in the month of its date."),
            parameters=(
                Parameter("start", _("Campaign date from"), "date", "start of year"),
                Parameter("end", _("Campaign date until"), "date", "end of year"),
                Parameter("visitor", _("Visitor"), "user"),
                Parameter("product", _("Product"), "choice", choices=codes_of(Product)),
                Parameter(
                    "closed",
                    _("Closed"),
                    "choice",
                    "no",
                    choices=lambda dbsession: [("no", _("no")), ("yes", _("yes"))],
                ),
            ),
            columns=columns,
            query=lines_query,
            order=20,
        )
    ]
