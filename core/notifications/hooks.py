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


def _contact_event(dbsession, name: str, contact, user) -> None:
    summary = _contact_summary(contact)
    event = Event(CONTACTS.name, name, user, contact.company, contact, summary=summary)
    fan_out(dbsession, event)


@hookimpl
def relais_on_contact_departed(dbsession, contact, user):
    _contact_event(dbsession, "contact_departed", contact, user)


@hookimpl
def relais_on_contact_function_changed(dbsession, contact, user):
    _contact_event(dbsession, "contact_function_changed", contact, user)


def _record_event(name: str, record, user, summary_field: str, **ids) -> Event:
    """The event of a new action or opportunity: about its first contact.

    The followers of every other contact of an action, and of their
    companies, are told as well.
    """
    contacts = getattr(record, "contacts", None) or []
    contact = contacts[0] if contacts else getattr(record, "contact", None)
    company = getattr(record, "company", None) or (contact.company if contact else None)
    summary = str(getattr(record, summary_field, "") or "")
    return Event(
        CONTACTS.name,
        name,
        user,
        company,
        contact,
        summary=summary,
        others=tuple(contacts[1:]),
        **ids,
    )


@hookimpl
def relais_on_action_created(dbsession, action, user):
    event = _record_event(
        "action_created", action, user, "subject", action_id=action.id
    )
    fan_out(dbsession, event)


@hookimpl
def relais_on_opportunity_created(dbsession, opportunity, user):
    event = _record_event(
        "opportunity_created", opportunity, user, "title", opportunity_id=opportunity.id
    )
    fan_out(dbsession, event)
