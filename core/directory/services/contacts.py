"""Creating and changing contacts; their moves between companies (the CV)."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import delete, select, true
from sqlalchemy.orm import Session

from core.auth.models import User, utcnow
from core.directory.models import (
    Address,
    Company,
    Contact,
    ContactFollow,
    ContactPosition,
)
from core.directory.normalise import format_phone
from core.directory.schemas import ContactForm
from core.directory.services import FormErrors
from core.directory.services.companies import picker_label, resolve_company
from core.directory.services.references import get_active
from core.events import notify
from core.i18n import _
from core.reference.models import Function

log = logging.getLogger(__name__)

CIVILITIES = ("Mme", "M.")

CONTACT_FIELDS = (
    "civility",
    "first_name",
    "last_name",
    "do_not_contact",
    "title",
    "email",
    "phone",
    "mobile",
    "instagram_url",
    "facebook_url",
    "linkedin_url",
    "x_url",
    "youtube_url",
)


def _check_references(session: Session, form: ContactForm, visible) -> dict:
    errors: dict = {}
    values: dict = {}
    if form.civility not in CIVILITIES:
        errors["civility"] = _("Choose one of the proposed values.")
    values["function"] = get_active(session, Function, form.function_id)
    if values["function"] is None:
        errors["function_id"] = _("Choose one of the proposed values.")
    try:
        values["company"] = resolve_company(session, form.company, visible)
    except LookupError:
        errors["company"] = _("Choose a company from the list.")
    if len(form.addresses) > 20:
        errors["addresses"] = _("Twenty addresses at most.")
    if errors:
        raise FormErrors(errors)
    return values


def resolved_company(
    session: Session, form: ContactForm, visible=true()
) -> Company | None:
    """The company a valid form names (``None`` when it names none or a wrong one)."""
    try:
        return resolve_company(session, form.company, visible)
    except LookupError:
        return None


def save_contact(
    session: Session,
    user: User,
    form: ContactForm,
    contact: Contact | None = None,
    visible=true(),
) -> Contact:
    """Create a contact (``contact`` is ``None``) or change it from ``form``.

    A contact without a phone of its own takes its company's switchboard.
    Raises :class:`FormErrors` for an unknown civility, function or company.
    """
    values = _check_references(session, form, visible)
    created = contact is None
    if created:
        contact = Contact(created_by_id=user.id)
        session.add(contact)
    role_before = (contact.function_id, contact.title)
    for field in CONTACT_FIELDS:
        setattr(contact, field, getattr(form, field))
    contact.first_name = form.first_name or ""
    contact.function = values["function"]
    contact.company = values["company"]
    if not contact.phone and contact.company is not None:
        contact.phone = contact.company.phone
    contact.addresses = [
        Address(**address.model_dump(), is_default=(index == form.default_address))
        for index, address in enumerate(form.addresses)
    ]
    contact.updated_by_id = user.id
    session.flush()
    if created:
        notify(session, "contact_created", contact=contact, user=user)
    elif (contact.function_id, contact.title) != role_before:
        notify(session, "contact_function_changed", contact=contact, user=user)
    log.info(
        "directory.contact.%s contact_id=%s user_id=%s",
        "created" if created else "updated",
        contact.id,
        user.id,
    )
    return contact


def form_values(contact: Contact) -> dict:
    values = {field: getattr(contact, field) or "" for field in CONTACT_FIELDS}
    values["do_not_contact"] = contact.do_not_contact
    values["phone"] = format_phone(contact.phone)
    values["mobile"] = format_phone(contact.mobile)
    values["function_id"] = str(contact.function_id or "")
    values["company"] = picker_label(contact.company) if contact.company else ""
    values["addresses"] = [
        {
            "label": a.label or "",
            "street": a.street or "",
            "street2": a.street2 or "",
            "street3": a.street3 or "",
            "postcode": a.postcode or "",
            "city": a.city or "",
            "country": a.country or "FR",
        }
        for a in contact.addresses
    ]
    defaults = [index for index, a in enumerate(contact.addresses) if a.is_default]
    values["default_address"] = str(defaults[0] if defaults else 0)
    values["version"] = str(contact.version)
    return values


def _position_from(contact: Contact, ended_at: dt.datetime) -> ContactPosition:
    """The position a contact holds now, as a CV line ending at ``ended_at``."""
    started = contact.positions[0].ended_at if contact.positions else None
    return ContactPosition(
        company=contact.company,
        function=contact.function,
        title=contact.title,
        started_at=started or contact.created_at,
        ended_at=ended_at,
    )


def move_from_homonym(
    session: Session, user: User, contact: Contact, former: Contact
) -> None:
    """The manual's mobility flow at creation: ``contact`` is ``former``, moved.

    The former record is marked departed from its company and becomes a line
    of the new record's CV, so the person's history stays in one place.
    """
    now = utcnow()
    position = _position_from(former, now)
    position.former_contact = former
    contact.positions.append(position)
    former.departed_at = now
    former.updated_by_id = user.id
    session.flush()
    notify(session, "contact_departed", contact=former, user=user)
    log.info(
        "directory.contact.moved contact_id=%s former_id=%s user_id=%s",
        contact.id,
        former.id,
        user.id,
    )


def change_company(
    session: Session,
    user: User,
    contact: Contact,
    company: Company,
    function: Function | None = None,
    title: str | None = None,
) -> None:
    """Move the person to ``company``, keeping the former position in the CV."""
    if company is contact.company:
        raise FormErrors({"company": _("The contact is already at this company.")})
    contact.positions.append(_position_from(contact, utcnow()))
    contact.company = company
    if function is not None:
        contact.function = function
    contact.title = title
    contact.phone = company.phone
    contact.departed_at = None
    contact.updated_by_id = user.id
    session.flush()
    log.info(
        "directory.contact.changed_company contact_id=%s company_id=%s user_id=%s",
        contact.id,
        company.id,
        user.id,
    )


def set_departure(
    session: Session, user: User, contact: Contact, on: dt.date | None
) -> None:
    """Record the day the contact left the company (``None`` cancels it).

    A departed contact leaves lists and searches and shows under "departed".
    """
    departing = on is not None and contact.departed_at is None
    contact.departed_at = (
        dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC) if on else None
    )
    contact.updated_by_id = user.id
    session.flush()
    if departing:
        notify(session, "contact_departed", contact=contact, user=user)
    log.info(
        "directory.contact.departure contact_id=%s departed=%s user_id=%s",
        contact.id,
        on is not None,
        user.id,
    )


def follows(session: Session, user: User, contact: Contact) -> bool:
    row = session.scalar(
        select(ContactFollow.id).where(
            ContactFollow.user_id == user.id, ContactFollow.contact_id == contact.id
        )
    )
    return row is not None


def toggle_follow(session: Session, user: User, contact: Contact) -> bool:
    if follows(session, user, contact):
        session.execute(
            delete(ContactFollow).where(
                ContactFollow.user_id == user.id,
                ContactFollow.contact_id == contact.id,
            )
        )
        return False
    session.add(ContactFollow(user_id=user.id, contact_id=contact.id))
    session.flush()
    return True
