"""Build opportunities in tests (and in plugins' tests, e.g. reporting)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from core.opportunities.models import Opportunity, OpportunityLine
from core.reference.models import OpportunityStatus, Product


def status(dbsession, code: str = "tiede", rate: int | None = None):
    """A shipped status by code, or a new one with an odd ``rate``."""
    if rate is not None:
        row = dbsession.scalar(
            select(OpportunityStatus).where(OpportunityStatus.code == code)
        )
        if row is None:
            row = OpportunityStatus(code=code, label=code.title(), rate=rate)
            dbsession.add(row)
            dbsession.flush()
        return row
    return dbsession.scalar(
        select(OpportunityStatus).where(OpportunityStatus.code == code)
    )


def product(dbsession, code: str = "print") -> Product:
    return dbsession.scalar(select(Product).where(Product.code == code))


def opportunity(dbsession, owner, company, lines=(), **fields) -> Opportunity:
    """An opportunity of ``owner`` on ``company``; ``lines`` are
    ``(product code, amount, publication date or None)`` tuples."""
    fields.setdefault("title", "Campagne de printemps")
    fields.setdefault("status", status(dbsession))
    for money in ("amount",):
        if money in fields and fields[money] is not None:
            fields[money] = Decimal(fields[money])
    record = Opportunity(owner=owner, company=company, **fields)
    dbsession.add(record)
    for code, amount, published in lines:
        record.lines.append(
            OpportunityLine(
                product=product(dbsession, code),
                amount=Decimal(amount),
                published_on=published,
            )
        )
    dbsession.flush()
    return record
