"""Budgets, merges and history through the API, on the same rules as the pages.

The API's shapes are turned into what the budget and merge services take,
and their per-field refusals come back as a ``422`` naming the API's fields.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select

from core.api.errors import ApiError, invalid
from core.budgets import services as budgets
from core.budgets.models import Budget, BudgetAgency, BudgetRole
from core.budgets.schemas import BudgetForm
from core.budgets.services import name_matches
from core.directory.models import Company, Contact
from core.directory.services import FormErrors
from core.directory.services import merge as merges
from core.history.models import HistoryEvent, Merge
from core.i18n import _
from core.reference.models import Sector

BUDGET_SORT = {
    "name": func.lower(Budget.name),
    "created_at": Budget.created_at,
    "updated_at": Budget.updated_at,
}
HISTORY_SORT = {"at": HistoryEvent.at}
CHOOSE = _("Choose one of the proposed values.")


def budgets_query(filters):
    statement = select(Budget)
    if filters.company_id is not None:
        agency_of = select(BudgetAgency.budget_id).where(
            BudgetAgency.company_id == filters.company_id
        )
        statement = statement.where(
            or_(Budget.company_id == filters.company_id, Budget.id.in_(agency_of))
        )
    if filters.active is not None:
        statement = statement.where(Budget.active.is_(filters.active))
    if filters.q is not None:
        statement = statement.where(name_matches(filters.q))
    return statement


def _api_field(name: str) -> str:
    """The API's name of a form field (``agencies.0.company`` → ``..._id``)."""
    parts = name.split(".")
    renamed = {
        "company": "company_id",
        "role_id": "role",
        "sector_ids": "sectors",
    }
    parts[-1] = renamed.get(parts[-1], parts[-1])
    return ".".join(parts)


def _codes(dbsession, model, codes: list[str], field: str, errors: dict) -> list[int]:
    rows = {
        r.code: r for r in dbsession.scalars(select(model).where(model.code.in_(codes)))
    }
    if any(code not in rows or not rows[code].active for code in codes):
        errors[field] = CHOOSE
    return [rows[code].id for code in codes if code in rows]


def _form(dbsession, budget: Budget | None, values: dict):
    """The budget form and agency blocks the API body stands for."""
    errors: dict = {}
    current = budgets.form_values(budget) if budget is not None else {}
    if "sectors" in values:
        sector_ids = _codes(dbsession, Sector, values["sectors"], "sectors", errors)
    else:
        sector_ids = [int(i) for i in current.get("sector_ids", [])]
    name = values.get("name", current.get("name"))
    brief = values.get("brief", current.get("brief") or None)
    contact_ids = values.get(
        "advertiser_contact_ids",
        [int(i) for i in current.get("advertiser_contact_ids", [])],
    )
    if "agencies" in values:
        blocks = {}
        for index, agency in enumerate(values["agencies"]):
            if not isinstance(agency, dict):
                agency = agency.model_dump()
            found = _codes(
                dbsession,
                BudgetRole,
                [agency["role"]],
                f"agencies.{index}.role",
                errors,
            )
            blocks[index] = {
                "role_id": found[0] if found else None,
                "company": f"#{agency['company_id']}",
                "contact_ids": agency["contact_ids"],
            }
    else:
        blocks = {
            index: {
                "role_id": row["role_id"],
                "company": row["company"],
                "contact_ids": row["contact_ids"],
            }
            for index, row in enumerate(current.get("agencies", []))
        }
    if errors:
        raise invalid(errors)
    form = BudgetForm(
        name=name,
        sector_ids=sector_ids,
        brief=brief,
        advertiser_contact_ids=contact_ids,
    )
    return form, blocks


def _save(dbsession, user, advertiser, values: dict, budget=None) -> Budget:
    form, blocks = _form(dbsession, budget, values)
    try:
        budget = budgets.save_budget(dbsession, user, advertiser, form, blocks, budget)
    except FormErrors as exc:
        raise invalid({_api_field(k): v for k, v in exc.errors.items()}) from exc
    if "active" in values and values["active"] != budget.active:
        budgets.set_active(dbsession, user, budget, values["active"])
    return budget


def create_budget(dbsession, user, data) -> Budget:
    values = data.model_dump()
    advertiser = dbsession.get(Company, values["company_id"])
    return _save(dbsession, user, advertiser, values)


def update_budget(dbsession, user, budget: Budget, changes: dict) -> Budget:
    return _save(dbsession, user, budget.company, changes, budget)


def create_merge(dbsession, registry, user, data) -> Merge:
    model = {"company": Company, "contact": Contact}.get(data.entity)
    if model is None:
        raise invalid({"entity": CHOOSE})
    source = dbsession.get(model, data.source_id)
    target = dbsession.get(model, data.target_id)
    if source is None:
        raise invalid({"source_id": _("No such record.")})
    try:
        return merges.merge(dbsession, registry, user, source, target)
    except FormErrors as exc:
        raise invalid({"target_id": exc.errors["target"]}) from exc


def undo_merge(dbsession, registry, user, journal: Merge) -> Merge:
    try:
        merges.undo(dbsession, registry, user, journal)
    except FormErrors as exc:
        raise ApiError(409, "conflict", exc.errors["merge"]) from exc
    return journal


def history_query(filters):
    statement = select(HistoryEvent)
    if filters.entity is not None:
        statement = statement.where(HistoryEvent.entity == filters.entity)
    if filters.entity_id is not None:
        statement = statement.where(HistoryEvent.entity_id == filters.entity_id)
    if filters.kind is not None:
        statement = statement.where(HistoryEvent.kind == filters.kind)
    if filters.since is not None:
        statement = statement.where(HistoryEvent.at >= filters.since)
    if filters.until is not None:
        statement = statement.where(HistoryEvent.at < filters.until)
    return statement
