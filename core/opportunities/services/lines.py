"""The product lines of an opportunity: add, change, archive, duplicate."""

from __future__ import annotations

import calendar
import datetime as dt
import logging

from sqlalchemy.orm import Session

from core.auth.models import User
from core.directory.services.references import get_active
from core.i18n import _
from core.opportunities import amounts
from core.opportunities.models import LineArchive, Opportunity, OpportunityLine
from core.opportunities.schemas import DuplicateForm, LineForm
from core.opportunities.services import FormErrors
from core.opportunities.services.opportunities import ensure_open
from core.reference.models import Product

log = logging.getLogger(__name__)


def add_interval(day: dt.date, count: int, unit: str) -> dt.date:
    """``day`` plus ``count`` days, weeks or months; month ends are clamped.

    31 January plus one month is the last day of February (28 or 29).
    """
    if unit == "days":
        return day + dt.timedelta(days=count)
    if unit == "weeks":
        return day + dt.timedelta(weeks=count)
    if unit == "months":
        months = day.year * 12 + day.month - 1 + count
        year, month = divmod(months, 12)
        last = calendar.monthrange(year, month + 1)[1]
        return dt.date(year, month + 1, min(day.day, last))
    raise ValueError(f"unknown interval unit {unit!r}")


def _product(session: Session, form: LineForm, line: OpportunityLine | None):
    product = get_active(session, Product, form.product_id)
    if product is None and line is not None and line.product_id == form.product_id:
        product = line.product
    if product is None:
        raise FormErrors({"product_id": _("Choose a product.")})
    return product


def _touch(opportunity: Opportunity, user: User) -> None:
    # A change to a line is a change to the opportunity: its version moves,
    # so an edit page open elsewhere notices.
    opportunity.updated_by_id = user.id
    opportunity.updated_at = dt.datetime.now(dt.UTC)


def save_line(
    session: Session,
    user: User,
    opportunity: Opportunity,
    form: LineForm,
    line: OpportunityLine | None = None,
) -> OpportunityLine:
    """Add a line to ``opportunity`` or change ``line``."""
    ensure_open(opportunity)
    product = _product(session, form, line)
    created = line is None
    if created:
        line = OpportunityLine(opportunity=opportunity)
        session.add(line)
    line.product = product
    line.amount = form.amount
    line.published_on = form.published_on
    line.comment = form.comment
    _touch(opportunity, user)
    session.flush()
    log.info(
        "opportunity.line.%s opportunity_id=%s line_id=%s user_id=%s",
        "added" if created else "updated",
        opportunity.id,
        line.id,
        user.id,
    )
    return line


def archive_line(session: Session, user: User, line: OpportunityLine, how: str):
    """Take a line out of the pipe as won, lost or deleted; the others stay."""
    ensure_open(line.opportunity)
    line.archived = LineArchive(how).value
    line.archived_at = dt.datetime.now(dt.UTC)
    _touch(line.opportunity, user)
    session.flush()
    log.info(
        "opportunity.line.archived opportunity_id=%s line_id=%s as=%s user_id=%s",
        line.opportunity_id,
        line.id,
        how,
        user.id,
    )


def restore_line(session: Session, user: User, line: OpportunityLine) -> None:
    """Put an archived line back in the pipe."""
    ensure_open(line.opportunity)
    line.archived = None
    line.archived_at = None
    _touch(line.opportunity, user)
    session.flush()


def duplicate_line(
    session: Session, user: User, line: OpportunityLine, form: DuplicateForm
) -> list[OpportunityLine]:
    """Add ``form.copies`` copies of ``line``, each ``form.every`` units later.

    Without a publication date the copies have none either. With ``split``
    the line's amount is shared between it and its copies so that they add
    up to it exactly (1 000 € in three: 333,33 + 333,33 + 333,34).
    """
    ensure_open(line.opportunity)
    if form.split:
        shares = amounts.split(line.amount, form.copies + 1)
    else:
        shares = [line.amount] * (form.copies + 1)
    line.amount = shares[0]
    copies = []
    for index in range(1, form.copies + 1):
        published = line.published_on
        if published is not None:
            published = add_interval(published, index * form.every, form.unit)
        copy = OpportunityLine(
            opportunity=line.opportunity,
            product=line.product,
            amount=shares[index],
            published_on=published,
            comment=line.comment,
        )
        session.add(copy)
        copies.append(copy)
    _touch(line.opportunity, user)
    session.flush()
    log.info(
        "opportunity.line.duplicated opportunity_id=%s line_id=%s copies=%s",
        line.opportunity_id,
        line.id,
        form.copies,
    )
    return copies


def line_values(line: OpportunityLine) -> dict:
    from core.opportunities.services.opportunities import format_plain

    return {
        "product_id": str(line.product_id),
        "amount": format_plain(line.amount),
        "published_on": line.published_on.isoformat() if line.published_on else "",
        "comment": line.comment or "",
    }
