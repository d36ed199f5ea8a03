"""The reference lists the directory forms offer, active rows only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.reference.models import (
    CompanyType,
    Function,
    FunctionFamily,
    Sector,
    Situation,
)


@dataclass(frozen=True)
class SectorGroup:
    sector: Sector
    children: list[Sector]


def active(session: Session, model) -> list:
    query = select(model).where(model.active.is_(True))
    return list(session.scalars(query.order_by(model.position, model.label)))


def company_types(session: Session) -> list[CompanyType]:
    return active(session, CompanyType)


def situations(session: Session) -> list[Situation]:
    return active(session, Situation)


def sector_tree(session: Session) -> list[SectorGroup]:
    """Top-level sectors, each with its sub-sectors (the taxonomy has two levels)."""
    rows = active(session, Sector)
    children: dict[int, list[Sector]] = {}
    for row in rows:
        if row.parent_id is not None:
            children.setdefault(row.parent_id, []).append(row)
    return [
        SectorGroup(row, children.get(row.id, []))
        for row in rows
        if row.parent_id is None
    ]


def functions_by_family(session: Session) -> list[tuple[str, list[Function]]]:
    families = {f.id: f.label for f in active(session, FunctionFamily)}
    grouped: dict[str, list[Function]] = {}
    for function in active(session, Function):
        label = families.get(function.family_id, "")
        grouped.setdefault(label, []).append(function)
    return list(grouped.items())


def get_active(session: Session, model, ident: int | None):
    """The active row ``ident`` of a reference list, else ``None``."""
    if ident is None:
        return None
    row = session.get(model, ident)
    return row if row is not None and row.active else None
