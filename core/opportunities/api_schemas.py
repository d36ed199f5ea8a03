"""What ``/api/v1/opportunities`` reads and accepts.

Statuses and products travel as their reference ``code``; amounts as decimal
strings (``"1234.50"``; a JSON number is read through its decimal text, never
as a binary float). ``total`` and ``weighted`` follow the pipe's rule
(:mod:`core.opportunities.amounts`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from core.api.schemas import Create, Filters, Patch, Resource
from core.api.types import Code, Id, Instant, Money, optional_text, text
from core.forms import Day, check_percent
from core.opportunities import amounts
from core.opportunities.schemas import parse_amount


def _api_amount(value):
    # JSON numbers arrive as floats; their shortest repr is the decimal the
    # client wrote (10.05 stays 10.05).
    if isinstance(value, float):
        value = repr(value)
    return parse_amount(value)


Amount = Annotated[Decimal, BeforeValidator(_api_amount)]
# Another way to name the status: the one with this rate (tiède for 50).
Probability = Annotated[
    int,
    AfterValidator(check_percent),
    Field(description="Instead of `status`: the status with this probability."),
]
LineState = Literal["won", "lost", "deleted"]


class LineOut(Resource):
    id: int
    product: str
    amount: Money
    published_on: dt.date | None
    comment: str | None
    archived: LineState | None

    @classmethod
    def of(cls, line) -> LineOut:
        return cls(
            id=line.id,
            product=line.product.code,
            amount=line.amount,
            published_on=line.published_on,
            comment=line.comment,
            archived=line.archived,
        )


class OpportunityOut(Resource):
    id: int
    title: str
    company_id: int
    client_id: int | None
    contact_id: int | None
    owner_id: int
    private: bool
    amount: Money | None = Field(description="Typed amount, used without lines.")
    total: Money = Field(description="Open lines, or the typed amount.")
    weighted: Money = Field(description="Total times the probability, to the cent.")
    status: str
    probability: int
    decision_on: dt.date | None
    campaign_on: dt.date | None
    outcome: Literal["won", "lost"] | None
    lines: list[LineOut]
    created_at: Instant
    updated_at: Instant
    version: int

    @classmethod
    def of(cls, opportunity) -> OpportunityOut:
        figures = amounts.figures(opportunity)
        return cls(
            id=opportunity.id,
            title=opportunity.title,
            company_id=opportunity.company_id,
            client_id=opportunity.client_id,
            contact_id=opportunity.contact_id,
            owner_id=opportunity.owner_id,
            private=opportunity.private,
            amount=opportunity.amount,
            total=figures.total,
            weighted=figures.weighted,
            status=opportunity.status.code,
            probability=opportunity.status.rate,
            decision_on=opportunity.decision_on,
            campaign_on=opportunity.campaign_on,
            outcome=opportunity.outcome,
            lines=[LineOut.of(line) for line in opportunity.lines],
            created_at=opportunity.created_at,
            updated_at=opportunity.updated_at,
            version=opportunity.version,
        )


class OpportunityFilters(Filters):
    owner_id: Id | None = None
    company_id: Id | None = None
    status: Code | None = None
    closed: bool | None = None
    decision_from: Day | None = None
    decision_to: Day | None = None


class LineCreate(Create):
    product: Code
    amount: Amount
    published_on: Day | None = None
    comment: optional_text(2000) = None


class LinePatch(Patch):
    product: Code = None
    amount: Amount = None
    published_on: Day | None = None
    comment: optional_text(2000) = None
    archived: LineState | None = None


class OpportunityCreate(Create):
    title: text(200, min_length=1)
    company_id: Id
    client_id: Id | None = None
    contact_id: Id | None = None
    owner_id: Id | None = None
    private: bool = False
    amount: Amount | None = None
    decision_on: Day | None = None
    campaign_on: Day | None = None
    status: Code | None = None
    probability: Probability | None = None
    lines: Annotated[list[LineCreate], Field(max_length=500)] = []


class OpportunityPatch(Patch):
    title: text(200, min_length=1) = None
    company_id: Id = None
    client_id: Id | None = None
    contact_id: Id | None = None
    owner_id: Id = None
    private: bool = None
    amount: Amount | None = None
    decision_on: Day | None = None
    campaign_on: Day | None = None
    status: Code = None
    probability: Probability = None
    outcome: Literal["won", "lost"] | None = None
