"""Building budgets the way the form does, for the budget tests."""

from __future__ import annotations

from sqlalchemy import select

from core.budgets.models import BudgetRole
from core.directory.services.companies import picker_label
from core.testing import csrf_token


def role_id(dbsession, code: str) -> int:
    return dbsession.scalar(select(BudgetRole.id).where(BudgetRole.code == code))


def agency_fields(dbsession, index, role, company, contacts=()) -> list[tuple]:
    prefix = f"agencies.{index}."
    fields = [
        (prefix + "role_id", str(role_id(dbsession, role))),
        (prefix + "company", picker_label(company)),
    ]
    fields += [(prefix + "contact_ids", str(c.id)) for c in contacts]
    return fields


def post_budget(app, url, name="Parfums", fields=(), status=None):
    """Post the budget form at ``url`` with ``fields`` as (name, value) pairs."""
    params = [("csrf_token", csrf_token(app)), ("name", name), *fields]
    return app.post(url, params, status=status or "*")
