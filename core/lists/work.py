"""Working a list row in place: the call or meeting, and maybe an opportunity.

The salesperson records what happened without leaving the list. The action
and the opportunity go through the actions' and the opportunities' own
services, so their rules (follow-up by default, sanitised report, statuses,
amounts in Decimal) hold as on their own forms; the row keeps the action as
the sign that it was worked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actions import services as actions
from core.auth.models import User
from core.directory.models import Company, Contact
from core.directory.services.companies import picker_label
from core.forms import validate
from core.i18n import _
from core.lists.models import COMPANY, ListRow, RecordList
from core.opportunities.schemas import OpportunityForm
from core.opportunities.services import FormErrors
from core.opportunities.services import opportunities as opportunity_service

log = logging.getLogger(__name__)

# The opportunity fields of the row's form, and the form field each one feeds.
OPPORTUNITY_FIELDS = {
    "opp_title": "title",
    "opp_amount": "amount",
    "opp_status_id": "status_id",
    "opp_decision_on": "decision_on",
}


class WorkErrors(FormErrors):
    """The row's form cannot be saved as given: ``{field: message}``."""


@dataclass
class Worked:
    action: object
    opportunity: object | None


def row_company(row: ListRow) -> Company | None:
    return row.company if row.company_id else row.contact.company


def row_contacts(session: Session, record_list: RecordList, row: ListRow, access):
    """Who the call or meeting can be with: the row's contact, or its company's."""
    if record_list.kind != COMPANY:
        return [row.contact]
    query = select(Contact).where(
        Contact.company_id == row.company_id,
        Contact.active.is_(True),
        Contact.departed_at.is_(None),
    )
    if access is not None:
        query = query.where(access.filter("contact"))
    return list(session.scalars(query.order_by(Contact.last_name, Contact.id)))


def read_opportunity(params, company: Company | None, contact: Contact | None):
    """The opportunity part of the form, or ``None`` when it was left empty."""
    given = {
        field: str(params.get(name, "")).strip()
        for name, field in OPPORTUNITY_FIELDS.items()
    }
    if not any(given[f] for f in ("title", "amount", "decision_on")):
        return None
    if company is None:
        raise WorkErrors(
            {"opp_title": _("This contact has no company to propose it to.")}
        )
    data = {k: v for k, v in given.items() if v}
    data["company"] = picker_label(company)
    if contact is not None:
        data["contact_id"] = contact.id
    form, errors = validate(OpportunityForm, data)
    if errors:
        raise WorkErrors(_opportunity_names(errors))
    return form


def record_work(
    session: Session,
    registry,
    user: User,
    row: ListRow,
    action_values: dict,
    opportunity: OpportunityForm | None,
    tasks=None,
) -> Worked:
    """Save the opportunity (if any), then the action, as one change.

    The opportunity is saved first because it can still be refused (an
    inactive status, a company gone); the action, saved last, announces
    itself to the rest of the application only once nothing can fail.
    """
    savepoint = session.begin_nested()
    try:
        proposed = None
        if opportunity is not None:
            proposed = opportunity_service.save_opportunity(session, user, opportunity)
        action = actions.create_action(
            session,
            registry,
            author=user,
            origin="list",
            tasks=tasks,
            **action_values,
        )
    except (FormErrors, actions.ActionErrors) as exc:
        savepoint.rollback()
        raise WorkErrors(_prefixed(exc)) from exc
    savepoint.commit()
    if proposed is not None:
        proposed.action_id = action.id
    row.last_action_id = action.id
    row.last_action = action
    session.flush()
    log.info(
        "lists.row.worked list_id=%s row_id=%s action_id=%s opportunity_id=%s",
        row.list_id,
        row.id,
        action.id,
        proposed.id if proposed else None,
    )
    return Worked(action, proposed)


def _prefixed(exc) -> dict:
    if isinstance(exc, actions.ActionErrors):
        return dict(exc.errors)
    return _opportunity_names(exc.errors)


def _opportunity_names(errors: dict) -> dict:
    """Opportunity errors under the row form's own field names."""
    names = {field: name for name, field in OPPORTUNITY_FIELDS.items()}
    return {names.get(key, "opp_title"): value for key, value in errors.items()}
