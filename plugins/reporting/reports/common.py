"""Pieces the core reports share: list choices and date-range conditions."""

from __future__ import annotations

from sqlalchemy import select

from plugins.reporting.filters import day_after, day_start


def codes_of(model):
    """``(code, label)`` choices of a reference list, in its order."""

    def choices(dbsession):
        rows = dbsession.scalars(select(model).order_by(model.position, model.label))
        return [(row.code, row.label) for row in rows]

    return choices


def between(column, context, start: str = "start", end: str = "end"):
    """``column`` within the local days ``start`` and ``end``, both included."""
    values, zone = context.values, context.timezone
    conditions = []
    if values.get(start):
        conditions.append(column >= day_start(values[start], zone))
    if values.get(end):
        conditions.append(column < day_after(values[end], zone))
    return conditions
