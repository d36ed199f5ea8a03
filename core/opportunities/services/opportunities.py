"""Creating and changing opportunities: their fields, status and closing."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.auth.models import User
from core.directory.models import Contact
from core.directory.services.companies import picker_label, resolve_company
from core.directory.services.references import active, get_active
from core.events import notify
from core.i18n import _
from core.opportunities.models import Opportunity, Outcome
from core.opportunities.schemas import OpportunityForm
from core.opportunities.services import FormErrors
from core.reference.models import OpportunityStatus, Product

log = logging.getLogger(__name__)

SELLING_PROFILES = ("salesperson", "manager", "admin")
FIELDS = ("title", "private", "amount", "decision_on", "campaign_on")


def statuses(session: Session) -> list[OpportunityStatus]:
    return active(session, OpportunityStatus)


def products(session: Session) -> list[Product]:
    return active(session, Product)


def salespeople(session: Session) -> list[User]:
    """The active users who may own opportunities, by name."""
    from core.auth.models import Profile

    query = (
        select(User)
        .join(Profile)
        .where(User.active.is_(True), Profile.code.in_(SELLING_PROFILES))
        .order_by(User.last_name, User.first_name, User.id)
    )
    return list(session.scalars(query))


def default_status(session: Session) -> OpportunityStatus | None:
    """The first active status above 0 % (``froid`` in the shipped list)."""
    rows = statuses(session)
    return next((row for row in rows if row.rate > 0), rows[0] if rows else None)


def _check(session: Session, user: User, form: OpportunityForm, current) -> dict:
    errors: dict = {}
    values: dict = {}
    try:
        values["company"] = resolve_company(session, form.company)
    except LookupError:
        errors["company"] = _("Choose a company from the list.")
    try:
        values["client"] = resolve_company(session, form.client)
    except LookupError:
        errors["client"] = _("Choose a company from the list.")

    status = get_active(session, OpportunityStatus, form.status_id)
    if status is None and current is not None and current.status_id == form.status_id:
        status = current.status
    if status is None:
        errors["status_id"] = _("Choose one of the proposed values.")
    values["status"] = status

    owner_id = form.owner_id or (current.owner_id if current else user.id)
    owner = session.get(User, owner_id)
    allowed = owner is not None and owner.active
    if owner is not None and current is not None and owner.id == current.owner_id:
        allowed = True
    if not allowed:
        errors["owner_id"] = _("Choose one of the proposed values.")
    values["owner"] = owner

    contact = None
    if form.contact_id is not None:
        contact = session.get(Contact, form.contact_id)
        if contact is None or not contact.active:
            errors["contact_id"] = _("Choose one of the proposed values.")
    values["contact"] = contact

    action = None
    if form.action_id is not None:
        from core.actions.models import Action

        action = session.get(Action, form.action_id)
        if action is None:
            errors["__all__"] = _("The action this opportunity came from is gone.")
    values["action"] = action
    if errors:
        raise FormErrors(errors)
    return values


def save_opportunity(
    session: Session,
    user: User,
    form: OpportunityForm,
    opportunity: Opportunity | None = None,
) -> Opportunity:
    """Create an opportunity (``opportunity`` is ``None``) or change it.

    Raises :class:`FormErrors` naming each field whose company, contact,
    owner or status does not exist or is no longer active.
    """
    if opportunity is not None:
        ensure_open(opportunity)
    values = _check(session, user, form, opportunity)
    created = opportunity is None
    if created:
        opportunity = Opportunity(created_by_id=user.id)
        session.add(opportunity)
    for field in FIELDS:
        setattr(opportunity, field, getattr(form, field))
    for field in ("company", "client", "contact", "owner", "status"):
        setattr(opportunity, field, values[field])
    if values["action"] is not None:
        opportunity.action_id = values["action"].id
    opportunity.updated_by_id = user.id
    session.flush()
    if created:
        announce(session, user, opportunity)
    else:
        log.info(
            "opportunity.updated opportunity_id=%s user_id=%s", opportunity.id, user.id
        )
    return opportunity


def announce(session: Session, user: User, opportunity: Opportunity) -> None:
    """Tell plugins and the notification centre that ``user`` created it.

    Every way of creating one (the form, the action's tab, the API) ends
    here, so subscribers of the Contacts channel and followers of its company
    or contact hear of each new opportunity once.
    """
    log.info(
        "opportunity.created opportunity_id=%s user_id=%s", opportunity.id, user.id
    )
    notify(session, "opportunity_created", opportunity=opportunity, user=user)


def set_status(
    session: Session, user: User, opportunity: Opportunity, status_id: int
) -> Opportunity:
    """Move an opportunity to another status (the kanban's drag and drop)."""
    ensure_open(opportunity)
    status = get_active(session, OpportunityStatus, status_id)
    if status is None:
        raise FormErrors({"status_id": _("Choose one of the proposed values.")})
    opportunity.status = status
    opportunity.updated_by_id = user.id
    session.flush()
    log.info(
        "opportunity.status opportunity_id=%s status=%s user_id=%s",
        opportunity.id,
        status.code,
        user.id,
    )
    return opportunity


# The probability a closed opportunity's status takes: won is confirmed,
# lost is lost (the shipped list's "confirmée" and "perdu").
OUTCOME_RATES = {Outcome.WON.value: 100, Outcome.LOST.value: 0}


class ClosedError(FormErrors):
    """A change refused because the opportunity is closed."""


def ensure_open(opportunity: Opportunity) -> None:
    """Refuse changes to a closed opportunity: it is out of the pipe as it was
    won or lost, so its lines and fields stay as they were until reopened."""
    if opportunity.closed:
        raise ClosedError(
            {"__all__": _("This opportunity is closed: reopen it to change it.")}
        )


def outcome_status(session: Session, outcome: str) -> OpportunityStatus | None:
    """The active status at 100 % (won) or 0 % (lost), when the list has one."""
    rate = OUTCOME_RATES[Outcome(outcome).value]
    return next((row for row in statuses(session) if row.rate == rate), None)


def close(session: Session, user: User, opportunity: Opportunity, outcome: str):
    """Close as won or lost: the opportunity leaves the pipe.

    Its status follows the outcome (confirmée at 100 % when won, perdu at
    0 % when lost) so the sheet, the exports and the reports read the same
    probability as the stamp; lines are kept as they are. The status it had
    is kept for :func:`reopen`.
    """
    status = outcome_status(session, outcome)
    if status is not None and status is not opportunity.status:
        if not opportunity.closed:
            opportunity.open_status = opportunity.status
        opportunity.status = status
    opportunity.outcome = Outcome(outcome).value
    opportunity.closed_at = dt.datetime.now(dt.UTC)
    opportunity.updated_by_id = user.id
    session.flush()
    log.info(
        "opportunity.closed opportunity_id=%s outcome=%s status=%s user_id=%s",
        opportunity.id,
        outcome,
        opportunity.status.code,
        user.id,
    )


def reopen(session: Session, user: User, opportunity: Opportunity) -> None:
    """Put a closed opportunity back in the pipe, its lines and fields editable.

    The undoing of :func:`close`: the status it had before closing comes
    back, so the pipe weighs it as it did.
    """
    if opportunity.open_status is not None:
        opportunity.status = opportunity.open_status
        opportunity.open_status = None
    opportunity.outcome = None
    opportunity.closed_at = None
    opportunity.updated_by_id = user.id
    session.flush()
    log.info(
        "opportunity.reopened opportunity_id=%s user_id=%s", opportunity.id, user.id
    )


def form_values(opportunity: Opportunity) -> dict:
    """The form's fields filled from an opportunity, as the edit page shows them."""
    return {
        "title": opportunity.title,
        "company": picker_label(opportunity.company),
        "client": picker_label(opportunity.client) if opportunity.client else "",
        "contact_id": str(opportunity.contact_id or ""),
        "owner_id": str(opportunity.owner_id),
        "private": opportunity.private,
        "amount": format_plain(opportunity.amount),
        "decision_on": _iso(opportunity.decision_on),
        "campaign_on": _iso(opportunity.campaign_on),
        "status_id": str(opportunity.status_id),
        "action_id": str(opportunity.action_id or ""),
        "version": str(opportunity.version),
    }


def format_plain(amount) -> str:
    """An amount as a form shows it for editing: ``1234,50``."""
    return "" if amount is None else f"{amount:.2f}".replace(".", ",")


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def contacts_of(session: Session, company_id: int | None) -> list[Contact]:
    """The active contacts of a company, for the contact choice."""
    if company_id is None:
        return []
    query = (
        select(Contact)
        .where(Contact.company_id == company_id, Contact.active.is_(True))
        .order_by(Contact.last_name, Contact.first_name, Contact.id)
    )
    return list(session.scalars(query))
