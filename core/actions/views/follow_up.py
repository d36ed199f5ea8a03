"""The follow-up buttons (postpone, today, do not follow up), cancelling,
and the contact picker of the action form."""

from __future__ import annotations

import datetime as dt

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import or_, select

from core.actions import services
from core.actions.schemas import PostponeForm
from core.actions.timezones import localise, user_zone
from core.actions.views.common import check_may_edit, get_action
from core.directory.models import Company, Contact
from core.directory.normalise import person_key
from core.directory.views.companies import flash
from core.forms import validate
from core.i18n import _

PICKER_LIMIT = 15


def back_to(request, default: str) -> str:
    """Where to go after a button: a local path given as ``next``, or ``default``."""
    target = request.POST.get("next") or request.params.get("next") or ""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return request.application_url + target
    return default


@view_config(route_name="action_follow_up", request_method="POST")
def action_follow_up(request):
    action = get_action(request)
    check_may_edit(request, action)
    sheet = request.route_url("action", id=action.id)
    user = request.identity
    zone = user_zone(user, request.registry)

    if "clear" in request.POST:
        services.clear_follow_up(action, user)
        flash(request, _("No follow-up for this action."))
        return HTTPSeeOther(back_to(request, sheet))
    if "today" in request.POST:
        # Today, keeping the time of day the follow-up had (or now).
        now = dt.datetime.now(zone)
        current = action.follow_up_at.astimezone(zone) if action.follow_up_at else now
        when = localise(dt.datetime.combine(now.date(), current.time()), zone)
    else:
        form, errors = validate(
            PostponeForm, {"follow_up": request.POST.get("follow_up", "")}
        )
        if errors:
            flash(request, errors["follow_up"])
            return HTTPSeeOther(back_to(request, sheet))
        when = localise(form.follow_up, zone)
    try:
        services.postpone_follow_up(action, when, user, from_today=True)
    except services.ActionErrors as exc:
        flash(request, exc.errors["follow_up"])
        return HTTPSeeOther(back_to(request, sheet))
    flash(request, _("The follow-up is postponed."))
    return HTTPSeeOther(back_to(request, sheet))


@view_config(route_name="action_cancel", request_method="POST")
def action_cancel(request):
    action = get_action(request)
    check_may_edit(request, action)
    services.cancel_action(
        request.dbsession,
        request.registry,
        action,
        actor=request.identity,
        tasks=request.tasks,
    )
    flash(request, _("The action is cancelled."))
    return HTTPSeeOther(request.route_url("action", id=action.id))


def pick_contacts(session, text: str, limit: int = PICKER_LIMIT) -> list[Contact]:
    """Active contacts whose name (or company's name) starts like ``text``."""
    words = text.split()
    if not words or len(text) < 2:
        return []
    query = select(Contact).outerjoin(Company, Contact.company_id == Company.id)
    query = query.where(Contact.active.is_(True), Contact.departed_at.is_(None))
    for word in words:
        found = [
            Contact.first_name.istartswith(word, autoescape=True),
            Contact.email.istartswith(word, autoescape=True),
        ]
        # Punctuation alone has no key, which would match every name.
        key = person_key(word)
        if key:
            found += [
                Contact.last_name_key.like(f"{key}%"),
                Company.name_key.like(f"%{key}%"),
            ]
        query = query.where(or_(*found))
    query = query.order_by(Contact.last_name, Contact.first_name).limit(limit)
    return list(session.scalars(query))


def contact_label(contact: Contact) -> str:
    company = f" · {contact.company.name}" if contact.company else ""
    return f"{contact.display_name}{company}"


@view_config(
    route_name="action_contact_picker",
    renderer="core:templates/actions/contact_picker.pt",
    permission="actions.edit",
)
def contact_picker(request):
    text = request.params.get("q", "").strip()
    contacts = pick_contacts(request.dbsession, text)
    return {"hits": [(c.id, contact_label(c)) for c in contacts], "text": text}
