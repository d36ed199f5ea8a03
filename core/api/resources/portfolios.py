"""``/portfolio-assignments``, ``/contact-portfolio-assignments`` and ``/follows``:
whose companies and contacts, who follows what.

Taking a record into one's own portfolio needs the record to be visible;
assigning it to someone else needs ``directory.assign`` and the right to
edit the record, as on the sheet.
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
    ContactPortfolio,
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


class ContactAssignmentOut(Resource):
    id: int
    contact_id: int
    user_id: int


class ContactAssignmentFilters(Filters):
    contact_id: Id | None = None
    user_id: Id | None = None


class ContactAssignmentCreate(Create):
    contact_id: Id
    user_id: Id


@dataclass(frozen=True)
class Portfolio:
    """What differs between the companies' and the contacts' portfolios."""

    kind: str
    model: type
    table: type
    field: str
    missing: str
    present: str

    @property
    def column(self):
        return getattr(self.table, self.field)


PORTFOLIOS = {
    "company": Portfolio(
        "company",
        Company,
        CompanyPortfolio,
        "company_id",
        _("No such company."),
        _("This company is already in that portfolio."),
    ),
    "contact": Portfolio(
        "contact",
        Contact,
        ContactPortfolio,
        "contact_id",
        _("No such contact."),
        _("This contact is already in that portfolio."),
    ),
}


def _list_assignments(portfolio: Portfolio):
    def list_(call):
        statement = (
            select(portfolio.table)
            .join(portfolio.model, portfolio.model.id == portfolio.column)
            .where(call.request.access.filter(portfolio.kind))
        )
        for name, value in call.query.given().items():
            statement = statement.where(getattr(portfolio.table, name) == value)
        return statement

    return list_


def _record(call, portfolio: Portfolio, ident: int):
    record = call.dbsession.get(portfolio.model, ident)
    if record is None or not call.request.access.can_view(record):
        raise invalid({portfolio.field: portfolio.missing})
    return record


def _may_assign(call, record, user_id: int) -> None:
    if user_id == call.user.id:
        return
    if not call.request.has_permission("directory.assign"):
        raise ApiError(403, "forbidden", _("You may not assign portfolios."))
    access_api.require_edit(call, record)


def _create_assignment(portfolio: Portfolio):
    def create(call):
        body = call.body
        record = _record(call, portfolio, getattr(body, portfolio.field))
        owner = call.dbsession.get(User, body.user_id)
        if owner is None or not owner.active:
            raise invalid({"user_id": _("No such active user.")})
        _may_assign(call, record, owner.id)
        existing = call.dbsession.scalar(
            select(portfolio.table).where(
                portfolio.column == record.id, portfolio.table.user_id == owner.id
            )
        )
        if existing is not None:
            raise ApiError(409, "conflict", portfolio.present)
        row = portfolio.table(user_id=owner.id, **{portfolio.field: record.id})
        call.dbsession.add(row)
        call.dbsession.flush()
        return row

    return create


@dataclass(frozen=True)
class Held:
    """A link row without a version of its own; ``If-Match: *`` removes it."""

    row: object
    version: int = 1


def _load_assignment(portfolio: Portfolio):
    def load(call):
        row = call.dbsession.get(portfolio.table, call.ids["id"])
        record = row and call.dbsession.get(
            portfolio.model, getattr(row, portfolio.field)
        )
        if row is None or not call.request.access.can_view(record):
            return None
        return Held(row)

    return load


def _delete_assignment(portfolio: Portfolio):
    def delete(call):
        row = call.target.row
        record = call.dbsession.get(portfolio.model, getattr(row, portfolio.field))
        _may_assign(call, record, row.user_id)
        call.dbsession.delete(row)

    return delete


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
    operations = (
        (
            "portfolio_assignments",
            "/portfolio-assignments",
            PORTFOLIOS["company"],
            (AssignmentFilters, AssignmentOut, AssignmentCreate),
            (
                _("List who holds which company in their portfolio"),
                _("Put a company in a salesperson's portfolio"),
                _("Take a company out of a portfolio"),
            ),
        ),
        (
            "contact_portfolio_assignments",
            "/contact-portfolio-assignments",
            PORTFOLIOS["contact"],
            (ContactAssignmentFilters, ContactAssignmentOut, ContactAssignmentCreate),
            (
                _("List who holds which contact in their portfolio"),
                _("Put a contact in a salesperson's portfolio"),
                _("Take a contact out of a portfolio"),
            ),
        ),
    )
    for name, path, portfolio, (filters, out, create), summaries in operations:
        config.add_api_operation(
            f"{name}.list",
            "GET",
            path,
            _list_assignments(portfolio),
            summary=summaries[0],
            query=filters,
            response=out,
            paginated=True,
            sort={"id": portfolio.table.id},
            default_sort="id",
        )
        config.add_api_operation(
            f"{name}.create",
            "POST",
            path,
            _create_assignment(portfolio),
            summary=summaries[1],
            body=create,
            response=out,
            status=201,
            errors=(409,),
        )
        config.add_api_operation(
            f"{name}.delete",
            "DELETE",
            path + "/{id}",
            _delete_assignment(portfolio),
            summary=summaries[2],
            description=_("Send `If-Match: *`: the link has no version."),
            load=_load_assignment(portfolio),
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
