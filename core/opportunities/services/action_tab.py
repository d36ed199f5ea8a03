"""The opportunity tab of the action form: the action's opportunity, saved
with the action in one transaction.

Errors are keyed like the tab's fields (``title``, ``lines.2.amount``); the
view adds its prefix. Everything is checked against the action being saved:
an opportunity of another action, or one the user may not change, is refused.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.auth.models import User
from core.directory.services.companies import picker_label
from core.i18n import _
from core.opportunities.models import Opportunity, OpportunityLine
from core.opportunities.schemas import ActionTabForm, LineForm, OpportunityForm
from core.opportunities.services import FormErrors
from core.opportunities.services import lines as line_service
from core.opportunities.services.opportunities import default_status, save_opportunity
from core.opportunities.visibility import can_change, visible_clause

TITLE_MISSING = _("Give the opportunity a title.")
CLOSED = _(
    "This action's opportunity is closed: reopen it on its page, or tick "
    "“New opportunity” to record another one."
)


def proposed_in(session: Session, access, action) -> list[Opportunity]:
    """The opportunities proposed in ``action`` that the user may see."""
    query = (
        select(Opportunity)
        .where(Opportunity.action_id == action.id, visible_clause(access))
        .order_by(Opportunity.id)
    )
    return list(session.scalars(query))


def closed_one(found: list[Opportunity]) -> Opportunity | None:
    """The action's latest closed opportunity, when it has no open one.

    The tab then shows it read-only: filling the tab in must not quietly
    record a second opportunity beside the one that was won or lost.
    """
    if any(not record.closed for record in found):
        return None
    return found[-1] if found else None


def _current(session: Session, access, action, form: ActionTabForm):
    if form.id is None:
        return None
    current = session.get(Opportunity, form.id)
    if current is None or current.action_id != action.id:
        raise FormErrors({"title": _("This opportunity is not one of this action.")})
    if not can_change(access, current):
        raise FormErrors({"title": _("You may not change this opportunity.")})
    return current


def _company_and_contact(action, form: ActionTabForm, current):
    """The company typed, else the opportunity's, else the first contact's."""
    contacts = list(action.contacts)
    if form.company:
        company = form.company
    elif current is not None:
        company = picker_label(current.company)
    elif contacts and contacts[0].company is not None:
        company = picker_label(contacts[0].company)
    else:
        raise FormErrors({"company": _("Choose a company from the list.")})
    if current is not None:
        return company, current.contact_id
    # The contact met in the action, when they work for that company.
    contact = next(
        (c for c in contacts if c.company and picker_label(c.company) == company),
        None,
    )
    return company, contact.id if contact else None


def save_from_action(
    session: Session, user: User, access, action, form: ActionTabForm
) -> Opportunity:
    """Create or change the opportunity proposed in ``action``, with its lines.

    Raises :class:`FormErrors` keyed by the tab's fields.
    """
    current = _current(session, access, action, form)
    if current is None and not form.new:
        if closed_one(proposed_in(session, access, action)) is not None:
            raise FormErrors({"new": CLOSED})
    if not form.title:
        raise FormErrors({"title": TITLE_MISSING})
    company, contact_id = _company_and_contact(action, form, current)
    status_id = form.status_id
    if status_id is None:
        status = default_status(session)
        status_id = status.id if status else 0
    values = OpportunityForm(
        title=form.title,
        company=company,
        client=form.client,
        contact_id=contact_id,
        owner_id=current.owner_id if current else user.id,
        private=current.private if current else False,
        amount=form.amount,
        decision_on=form.decision_on,
        campaign_on=form.campaign_on,
        status_id=status_id,
        action_id=action.id,
    )
    opportunity = save_opportunity(session, user, values, current)
    _save_lines(session, user, opportunity, form)
    return opportunity


def _save_lines(session, user, opportunity: Opportunity, form: ActionTabForm):
    by_id = {line.id: line for line in opportunity.open_lines}
    errors: dict = {}
    for index, posted in enumerate(form.lines):
        line: OpportunityLine | None = None
        if posted.id is not None:
            line = by_id.get(posted.id)
            if line is None:
                errors[f"lines.{index}.product_id"] = _(
                    "This line was archived or removed meanwhile."
                )
                continue
        values = LineForm.model_validate(posted.model_dump(exclude={"id"}))
        try:
            line_service.save_line(session, user, opportunity, values, line)
        except FormErrors as exc:
            for field, message in exc.errors.items():
                errors[f"lines.{index}.{field}"] = message
    if errors:
        raise FormErrors(errors)
