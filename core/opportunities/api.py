"""Opportunities and their lines in the JSON API (``/api/v1/opportunities``).

Every call goes through the visibility rule: a private opportunity someone
may not see is listed nowhere and answers ``404``, as if it did not exist.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select

from core.api.errors import ApiError, invalid
from core.auth.models import User
from core.directory.models import Company, Contact
from core.i18n import _
from core.opportunities.api_schemas import (
    LineCreate,
    LineOut,
    LinePatch,
    OpportunityCreate,
    OpportunityFilters,
    OpportunityOut,
    OpportunityPatch,
)
from core.opportunities.models import Opportunity, OpportunityLine
from core.opportunities.services import FormErrors
from core.opportunities.services.opportunities import (
    announce,
    close,
    ensure_open,
    reopen,
)
from core.opportunities.services.pipe import PipeFilters, select_opportunities
from core.opportunities.visibility import can_change, can_see
from core.reference.models import OpportunityStatus, Product

log = logging.getLogger(__name__)

SORT = {
    "decision_on": Opportunity.decision_on,
    "created_at": Opportunity.created_at,
    "updated_at": Opportunity.updated_at,
    "title": Opportunity.title,
}
CHOOSE = _("Choose one of the proposed values.")


def load_opportunity(call):
    opportunity = call.dbsession.get(Opportunity, call.ids["id"])
    if opportunity is None or not can_see(call.request.access, opportunity):
        return None
    return opportunity


def load_editable(call):
    """The opportunity to change: 404 when hidden, 403 when only readable."""
    opportunity = load_opportunity(call)
    if opportunity is not None and not can_change(call.request.access, opportunity):
        raise ApiError(403, "forbidden", _("You may not change this opportunity."))
    return opportunity


def list_opportunities(call):
    given = call.query
    closed = {None: "all", True: "closed", False: "open"}[given.closed]
    statement = select_opportunities(call.request.access, PipeFilters(closed=closed))
    if given.owner_id is not None:
        statement = statement.where(Opportunity.owner_id == given.owner_id)
    if given.company_id is not None:
        statement = statement.where(Opportunity.company_id == given.company_id)
    if given.status is not None:
        statement = statement.join(Opportunity.status).where(
            OpportunityStatus.code == given.status
        )
    if given.decision_from is not None:
        statement = statement.where(Opportunity.decision_on >= given.decision_from)
    if given.decision_to is not None:
        statement = statement.where(Opportunity.decision_on <= given.decision_to)
    return statement


def _by_code(dbsession, model, code, field, errors):
    row = dbsession.scalar(select(model).where(model.code == code))
    if row is None or not row.active:
        errors[field] = CHOOSE
    return row


def _by_rate(dbsession, rate: int, errors: dict):
    """The active status with probability ``rate``, else a message listing them."""
    query = select(OpportunityStatus).where(OpportunityStatus.active.is_(True))
    rows = list(dbsession.scalars(query.order_by(OpportunityStatus.rate)))
    found = next((row for row in rows if row.rate == rate), None)
    if found is None:
        errors["probability"] = _(
            "No status has this probability; choose one of ${rates}.",
            mapping={"rates": ", ".join(f"{row.rate} %" for row in rows)},
        )
    return found


def _values(dbsession, changes: dict) -> dict:
    """Turn ids and codes into records, reporting every bad one at once."""
    values = dict(changes)
    errors: dict = {}
    for field, model in (
        ("company_id", Company),
        ("client_id", Company),
        ("contact_id", Contact),
        ("owner_id", User),
    ):
        ident = values.pop(field, None) if field in values else ...
        if ident is ...:
            continue
        name = field.removesuffix("_id")
        record = dbsession.get(model, ident) if ident is not None else None
        if ident is not None and (record is None or not record.active):
            errors[field] = _("No such record, or it is deactivated.")
        values[name] = record
    if "status" in values:
        values["status"] = _by_code(
            dbsession, OpportunityStatus, values["status"], "status", errors
        )
    if "probability" in values:
        rate = values.pop("probability")
        if values.get("status") is None:
            values["status"] = _by_rate(dbsession, rate, errors)
        elif values["status"].rate != rate:
            chosen = values["status"]
            errors["probability"] = _(
                "The status ${status} is at ${rate} %: send one or the other.",
                mapping={"status": chosen.code, "rate": chosen.rate},
            )
    if errors:
        raise invalid(errors)
    return values


def _line_values(dbsession, changes: dict, prefix: str = "") -> dict:
    values = dict(changes)
    if "product" in values:
        errors: dict = {}
        values["product"] = _by_code(
            dbsession, Product, values["product"], prefix + "product", errors
        )
        if errors:
            raise invalid(errors)
    return values


def create_opportunity(call):
    data = call.body.model_dump()
    lines = data.pop("lines")
    # The status is named by its code, its probability, or both.
    for field in ("status", "probability"):
        if data[field] is None:
            data.pop(field)
    if "status" not in data and "probability" not in data:
        raise invalid({"status": _("Choose a status, or send its probability.")})
    data.setdefault("owner_id", None)
    if data["owner_id"] is None:
        data["owner_id"] = call.user.id
    values = _values(call.dbsession, data)
    opportunity = Opportunity(
        created_by_id=call.user.id, updated_by_id=call.user.id, **values
    )
    for index, line in enumerate(lines):
        opportunity.lines.append(
            OpportunityLine(**_line_values(call.dbsession, line, f"lines.{index}."))
        )
    call.dbsession.add(opportunity)
    call.dbsession.flush()
    announce(call.dbsession, call.user, opportunity)
    return opportunity


def refuse_closed(opportunity: Opportunity) -> None:
    """A closed opportunity is read-only until reopened (409 with the reason)."""
    try:
        ensure_open(opportunity)
    except FormErrors as exc:
        raise ApiError(409, "closed", exc.errors["__all__"]) from exc


def patch_opportunity(call):
    opportunity = call.target
    changes = call.body.changes()
    closing = "outcome" in changes
    outcome = changes.pop("outcome", None)
    if closing and outcome is None and opportunity.closed:
        reopen(call.dbsession, call.user, opportunity)
    values = _values(call.dbsession, changes)
    if values:
        refuse_closed(opportunity)
    for name, value in values.items():
        setattr(opportunity, name, value)
    if outcome is not None and outcome != opportunity.outcome:
        close(call.dbsession, call.user, opportunity, outcome)
    opportunity.updated_by_id = call.user.id
    opportunity.updated_at = dt.datetime.now(dt.UTC)
    log.info(
        "api.opportunity.updated opportunity_id=%s by=%s fields=%s",
        opportunity.id,
        call.user.id,
        ",".join(sorted(call.body.changes())),
    )
    return opportunity


def add_line(call):
    opportunity = call.target
    refuse_closed(opportunity)
    line = OpportunityLine(**_line_values(call.dbsession, call.body.model_dump()))
    opportunity.lines.append(line)
    opportunity.updated_at = dt.datetime.now(dt.UTC)
    call.dbsession.flush()
    return LineOut.of(line)


def patch_line(call):
    opportunity = call.target
    refuse_closed(opportunity)
    line = call.dbsession.get(OpportunityLine, call.ids["line_id"])
    if line is None or line.opportunity_id != opportunity.id:
        raise ApiError(404, "not_found", _("No such resource."))
    changes = call.body.changes()
    if "archived" in changes:
        line.archived_at = dt.datetime.now(dt.UTC) if changes["archived"] else None
    for name, value in _line_values(call.dbsession, changes).items():
        setattr(line, name, value)
    opportunity.updated_at = dt.datetime.now(dt.UTC)
    call.dbsession.flush()
    return LineOut.of(line)


def includeme(config):
    config.add_api_operation(
        "opportunities.list",
        "GET",
        "/opportunities",
        list_opportunities,
        summary=_("List the opportunities you may see"),
        query=OpportunityFilters,
        response=OpportunityOut,
        paginated=True,
        sort=SORT,
        default_sort="-created_at",
    )
    config.add_api_operation(
        "opportunities.create",
        "POST",
        "/opportunities",
        create_opportunity,
        summary=_("Create an opportunity, with its lines"),
        body=OpportunityCreate,
        response=OpportunityOut,
        status=201,
        location="/opportunities/{id}",
    )
    config.add_api_operation(
        "opportunities.get",
        "GET",
        "/opportunities/{id}",
        lambda call: call.target,
        summary=_("Read an opportunity, its lines and amounts"),
        response=OpportunityOut,
        load=load_opportunity,
    )
    config.add_api_operation(
        "opportunities.patch",
        "PATCH",
        "/opportunities/{id}",
        patch_opportunity,
        summary=_("Change, close or reopen an opportunity"),
        description=_("Send `outcome: won` or `lost` to close it, `null` to reopen."),
        body=OpportunityPatch,
        response=OpportunityOut,
        load=load_editable,
    )
    config.add_api_operation(
        "opportunities.lines.create",
        "POST",
        "/opportunities/{id}/lines",
        add_line,
        summary=_("Add a line to an opportunity"),
        body=LineCreate,
        response=LineOut,
        load=load_editable,
        status=201,
    )
    config.add_api_operation(
        "opportunities.lines.patch",
        "PATCH",
        "/opportunities/{id}/lines/{line_id}",
        patch_line,
        summary=_("Change or archive a line"),
        description=_(
            "Send `archived: won`, `lost` or `deleted` to take the line out of "
            "the pipe; `null` puts it back. If-Match carries the opportunity's ETag."
        ),
        body=LinePatch,
        response=LineOut,
        load=load_editable,
    )
