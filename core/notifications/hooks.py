"""The notification centre's side of the domain events (``relais_on_*``)."""

from __future__ import annotations

from core import hookimpl
from core.notifications.channels import COMPANIES, CONTACTS
from core.notifications.services import Event, fan_out


def _contact_summary(contact) -> str:
    company = contact.company.name if contact.company else ""
    return f"{contact.display_name} ({company})" if company else contact.display_name


@hookimpl
def relais_on_company_created(dbsession, company, user):
    fan_out(
        dbsession,
        Event(COMPANIES.name, "company_created", user, company, summary=company.name),
    )


@hookimpl
def relais_on_company_address_changed(dbsession, company, user):
    event = Event(
        COMPANIES.name, "company_address_changed", user, company, summary=company.name
    )
    fan_out(dbsession, event)


@hookimpl
def relais_on_contact_created(dbsession, contact, user):
    summary = _contact_summary(contact)
    if contact.company is not None:
        event = Event(
            COMPANIES.name,
            "company_contact_added",
            user,
            contact.company,
            contact,
            summary=summary,
        )
        fan_out(dbsession, event)
    event = Event(
        CONTACTS.name,
        "contact_created",
        user,
        contact.company,
        contact,
        summary=summary,
    )
    fan_out(dbsession, event)


@hookimpl
def relais_on_contact_departed(dbsession, contact, user):
    event = Event(
        CONTACTS.name,
        "contact_departed",
        user,
        contact.company,
        contact,
        summary=_contact_summary(contact),
    )
    fan_out(dbsession, event)


@hookimpl
def relais_on_contact_function_changed(dbsession, contact, user):
    event = Event(
        CONTACTS.name,
        "contact_function_changed",
        user,
        contact.company,
        contact,
        summary=_contact_summary(contact),
    )
    fan_out(dbsession, event)


def _first_contact(record):
    contacts = getattr(record, "contacts", None) or []
    return contacts[0] if contacts else getattr(record, "contact", None)


@hookimpl
def relais_on_action_created(dbsession, action, user):
    contact = _first_contact(action)
    company = getattr(action, "company", None) or (contact.company if contact else None)
    event = Event(
        CONTACTS.name,
        "action_created",
        user,
        company,
        contact,
        action_id=action.id,
        summary=str(getattr(action, "subject", "") or ""),
    )
    fan_out(dbsession, event)


@hookimpl
def relais_on_opportunity_created(dbsession, opportunity, user):
    contact = _first_contact(opportunity)
    company = getattr(opportunity, "company", None) or (
        contact.company if contact else None
    )
    event = Event(
        CONTACTS.name,
        "opportunity_created",
        user,
        company,
        contact,
        opportunity_id=opportunity.id,
        summary=str(getattr(opportunity, "title", "") or ""),
    )
    fan_out(dbsession, event)
