"""Whose a company or a contact is, for the portfolio rules of core.access."""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from core.directory.models import Company, CompanyPortfolio, Contact, ContactPortfolio
from core.i18n import _


def _portfolio_of(users):
    return select(CompanyPortfolio.company_id).where(
        CompanyPortfolio.user_id.in_(users)
    )


def company_owned_by(users):
    """A company belongs to the salespeople holding it in their portfolio."""
    return Company.id.in_(_portfolio_of(users))


def contact_owned_by(users):
    """A contact belongs to its company's owners, to the salespeople holding
    it in their own portfolio, or to its author when it has no company."""
    held = select(ContactPortfolio.contact_id).where(
        ContactPortfolio.user_id.in_(users)
    )
    return or_(
        Contact.company_id.in_(_portfolio_of(users)),
        Contact.id.in_(held),
        and_(Contact.company_id.is_(None), Contact.created_by_id.in_(users)),
    )


def includeme(config):
    config.add_access_kind("company", _("Companies"), Company, company_owned_by)
    config.add_access_kind("contact", _("Contacts"), Contact, contact_owned_by)
    config.add_attachment_target("company", "company")
    config.add_attachment_target("contact", "contact")
