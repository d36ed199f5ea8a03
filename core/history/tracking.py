"""Which fields of the directory's companies and contacts the history follows."""

from __future__ import annotations

from core.directory.models import SOCIAL_NETWORKS, Company, Contact
from core.directory.normalise import format_phone
from core.i18n import _


def addresses(value) -> str | None:
    """Addresses as one line each, in their order, the default one first."""
    if not value:
        return None
    ordered = sorted(value, key=lambda a: not a.is_default)
    return " / ".join(", ".join(address.lines) for address in ordered) or None


def phone(value) -> str | None:
    return format_phone(value) if value else None


def day(value) -> str | None:
    return value.date().isoformat() if value else None


SOCIAL = {name: title for name, title in SOCIAL_NETWORKS}
COMPANY_FIELDS = {
    "name": _("Legal name"),
    "trade_name": _("Trade name"),
    "type": _("Type"),
    "group": _("Group"),
    "situation": _("Situation"),
    "sectors": _("Sectors"),
    "phone": _("Phone"),
    "fax": _("Fax"),
    "siret": _("SIRET"),
    "website": _("Website"),
    "brief": _("In brief"),
    "addresses": _("Addresses"),
    "sources": _("Sources"),
    **SOCIAL,
}
CONTACT_FIELDS = {
    "civility": _("Civility"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "company": _("Company"),
    "function": _("Function"),
    "title": _("Title"),
    "email": _("E-mail"),
    "phone": _("Phone"),
    "mobile": _("Mobile"),
    "do_not_contact": _("Do not contact"),
    "departed_at": _("Departed on"),
    "addresses": _("Addresses"),
    **SOCIAL,
}


def includeme(config):
    config.track_history(
        Company,
        "company",
        COMPANY_FIELDS,
        formatters={"addresses": addresses, "phone": phone, "fax": phone},
        route="company",
    )
    config.track_history(
        Contact,
        "contact",
        CONTACT_FIELDS,
        formatters={
            "addresses": addresses,
            "phone": phone,
            "mobile": phone,
            "departed_at": day,
        },
        route="contact",
    )
