"""``/portfolio-assignments`` and ``/follows``: whose companies, who follows what.

Taking a company into one's own portfolio needs the company to be visible;
assigning it to someone else needs ``directory.assign`` and the right to
edit the company, as on the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select

from core.access import api as access_api
from core.api.errors import ApiError, invalid
from core.api.schemas import Create, Filters, Resource
from core.api.types import Id
from core.auth.models import User
from core.directory.models import (
    Company,
    CompanyFollow,
    CompanyPortfolio,
    Contact,
    ContactFollow,
)
from core.i18n import _


class AssignmentOut(Resource):
    id: int
    company_id: int
    user_id: int


class AssignmentFilters(Filters):
    company_id: Id | None = None
    user_id: Id | None = None


class AssignmentCreate(Create):
    company_id: Id
    user_id: Id


def list_assignments(call):
    statement = (
        select(CompanyPortfolio)
        .join(Company, Company.id == CompanyPortfolio.company_id)
        .where(call.request.access.filter("company"))
    )
    for name, value in call.query.given().items():
        statement = statement.where(getattr(CompanyPortfolio, name) == value)
    return statement


def _company(call, ident: int) -> Company:
    company = call.dbsession.get(Company, ident)
    if company is None or not call.request.access.can_view(company):
        raise invalid({"company_id": _("No such company.")})
    return company


def _may_assign(call, company: Company, user_id: int) -> None:
    if user_id == call.user.id:
        return
    if not call.request.has_permission("directory.assign"):
        raise ApiError(403, "forbidden", _("You may not assign portfolios."))
    access_api.require_edit(call, company)


def create_assignment(call):
    body = call.body
    company = _company(call, body.company_id)
    owner = call.dbsession.get(User, body.user_id)
    if owner is None or not owner.active:
        raise invalid({"user_id": _("No such active user.")})
    _may_assign(call, company, owner.id)
    existing = call.dbsession.scalar(
        select(CompanyPortfolio).where(
            CompanyPortfolio.company_id == company.id,
            CompanyPortfolio.user_id == owner.id,
        )
    )
    if existing is not None:
        raise ApiError(409, "conflict", _("This company is already in that portfolio."))
    row = CompanyPortfolio(company_id=company.id, user_id=owner.id)
    call.dbsession.add(row)
    call.dbsession.flush()
    return row


@dataclass(frozen=True)
class Held:
    """A link row without a version of its own; ``If-Match: *`` removes it."""

    row: object
    version: int = 1


def load_assignment(call):
    row = call.dbsession.get(CompanyPortfolio, call.ids["id"])
    company = row and call.dbsession.get(Company, row.company_id)
    if row is None or not call.request.access.can_view(company):
        return None
    return Held(row)


def delete_assignment(call):
    row = call.target.row
    _may_assign(call, call.dbsession.get(Company, row.company_id), row.user_id)
    call.dbsession.delete(row)


class FollowOut(Resource):
    kind: Literal["company", "contact"]
    record_id: int


class FollowCreate(Create):
    kind: Literal["company", "contact"]
    record_id: Id


FOLLOWS = {
    "company": (Company, CompanyFollow, CompanyFollow.company_id),
    "contact": (Contact, ContactFollow, ContactFollow.contact_id),
}


class FollowList(Resource):
    items: list[FollowOut]


def list_follows(call):
    items = []
    for kind, (_model, table, column) in FOLLOWS.items():
        rows = call.dbsession.scalars(
            select(column).where(table.user_id == call.user.id).order_by(column)
        )
        items.extend(FollowOut(kind=kind, record_id=ident) for ident in rows)
    return FollowList(items=items)


def create_follow(call):
    body = call.body
    model, table, column = FOLLOWS[body.kind]
    record = call.dbsession.get(model, body.record_id)
    if record is None or not call.request.access.can_view(record):
        raise invalid({"record_id": _("No such record.")})
    exists = call.dbsession.scalar(
        select(table.id).where(table.user_id == call.user.id, column == record.id)
    )
    if exists is None:
        call.dbsession.add(table(user_id=call.user.id, **{column.key: record.id}))
    return FollowOut(kind=body.kind, record_id=record.id)


def _load_follow(kind: str):
    def load(call):
        _model, table, column = FOLLOWS[kind]
        row = call.dbsession.scalar(
            select(table).where(table.user_id == call.user.id, column == call.ids["id"])
        )
        return Held(row) if row is not None else None

    return load


def unfollow(call):
    call.dbsession.delete(call.target.row)


def includeme(config):
    config.add_api_operation(
        "portfolio_assignments.list",
        "GET",
        "/portfolio-assignments",
        list_assignments,
        summary=_("List who holds which company in their portfolio"),
        query=AssignmentFilters,
        response=AssignmentOut,
        paginated=True,
        sort={"id": CompanyPortfolio.id},
        default_sort="id",
    )
    config.add_api_operation(
        "portfolio_assignments.create",
        "POST",
        "/portfolio-assignments",
        create_assignment,
        summary=_("Put a company in a salesperson's portfolio"),
        body=AssignmentCreate,
        response=AssignmentOut,
        status=201,
        errors=(409,),
    )
    config.add_api_operation(
        "portfolio_assignments.delete",
        "DELETE",
        "/portfolio-assignments/{id}",
        delete_assignment,
        summary=_("Take a company out of a portfolio"),
        description=_("Send `If-Match: *`: the link has no version."),
        load=load_assignment,
    )
    config.add_api_operation(
        "follows.list",
        "GET",
        "/follows",
        list_follows,
        summary=_("List the companies and contacts I follow"),
        response=FollowList,
    )
    config.add_api_operation(
        "follows.create",
        "POST",
        "/follows",
        create_follow,
        summary=_("Follow a company or a contact"),
        body=FollowCreate,
        response=FollowOut,
        status=201,
    )
    for kind, segment in (("company", "companies"), ("contact", "contacts")):
        config.add_api_operation(
            f"follows.delete_{kind}",
            "DELETE",
            f"/follows/{segment}/{{id}}",
            unfollow,
            summary=_("Stop following a company")
            if kind == "company"
            else _("Stop following a contact"),
            description=_("Send `If-Match: *`: a follow has no version."),
            load=_load_follow(kind),
        )
