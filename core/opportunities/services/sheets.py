"""The opportunities shown on a company's or a contact's sheet.

They come through the pipe's own selection, so the same visibility rule
applies (a private opportunity of someone else never shows) and an
opportunity on a deactivated company stays out (case D-04). Open and closed
ones are listed together; the closed ones are marked by the template.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.directory.models import Contact
from core.opportunities.models import Opportunity
from core.opportunities.services.pipe import PipeFilters, Row, load, rows


def of_company(company_id: int):
    """On the company, or proposed to one of its contacts (even from elsewhere)."""
    contacts = select(Contact.id).where(Contact.company_id == company_id)
    return or_(
        Opportunity.company_id == company_id, Opportunity.contact_id.in_(contacts)
    )


def of_contact(contact_id: int):
    return Opportunity.contact_id == contact_id


def sheet_rows(
    session: Session, access, condition, *, mine: bool, today: dt.date
) -> list[Row]:
    """The rows of a sheet's tab; ``mine`` keeps those the reader follows."""
    owners = [access.user.id] if mine and access.user is not None else []
    filters = PipeFilters(closed="all", owner_ids=owners)
    return rows(load(session, access, filters, condition), today)
