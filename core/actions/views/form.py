"""The action form: create (from a contact, a company, the menu, the agenda),
edit, and plan the next action of a chain from a follow-up."""

from __future__ import annotations

import datetime as dt

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select

from core.actions import services
from core.actions.budgets import BudgetRefused, budget_by_id
from core.actions.models import Action
from core.actions.schemas import ActionForm, parse_wall_clock
from core.actions.services import ActionErrors
from core.actions.timezones import localise, user_zone
from core.actions.views.common import check_may_edit, get_action, local_input
from core.actions.views.steps import read_uploads, step_values
from core.auth.models import User
from core.directory.models import Company, Contact
from core.directory.views.companies import flash
from core.forms import FieldError, parse_ids, validate
from core.i18n import _
from core.reference.models import ActionType
from core.web.conflicts import stale_form

FORM = "core:templates/actions/action_form.pt"
# The fields whose saved value a refused (stale) save lists.
LABELS = {
    "subject": _("Subject"),
    "start": _("Start"),
    "end": _("End"),
    "follow_up": _("Follow-up"),
    "report_html": _("Report"),
}


def action_types(session) -> list[ActionType]:
    query = select(ActionType).where(ActionType.active.is_(True))
    return list(session.scalars(query.order_by(ActionType.position)))


def active_users(session) -> list[User]:
    query = select(User).where(User.active.is_(True))
    return list(session.scalars(query.order_by(User.last_name, User.first_name)))


def contacts_by_id(session, ids) -> list[Contact]:
    wanted = parse_ids(ids)
    if not wanted:
        return []
    found = session.scalars(select(Contact).where(Contact.id.in_(wanted)))
    by_id = {contact.id: contact for contact in found}
    return [by_id[i] for i in dict.fromkeys(wanted) if i in by_id]


def form_values(request, action: Action) -> dict:
    return {
        "type": str(action.type_id),
        "subject": action.subject,
        "start": local_input(request, action.starts_at),
        "end": local_input(request, action.ends_at),
        "follow_up": local_input(request, action.follow_up_at),
        "no_follow_up": action.follow_up_at is None,
        "contacts": [str(c.id) for c in action.contacts],
        "visitors": [str(v.id) for v in action.visitors],
        "report_html": action.report_html or "",
        "budget": str(action.budget_id) if action.budget_id else "",
        "invite": False,
        "version": str(action.version),
    }


def posted(request) -> dict:
    post = request.POST
    # Files cannot be sent back to the browser: they are chosen again.
    form = {
        key: value
        for key, value in post.items()
        if key != "csrf_token" and isinstance(value, str)
    }
    form["contacts"] = post.getall("contacts")
    form["visitors"] = post.getall("visitors")
    form["no_follow_up"] = "no_follow_up" in post
    form["invite"] = "invite" in post
    return form


def form_page(request, title, url, form, errors=None, action=None, **extra):
    session = request.dbsession
    chosen = contacts_by_id(session, form.get("contacts", []))
    values = {
        "title": title,
        "url": url,
        "form": form,
        "errors": errors or {},
        "action": action,
        "types": action_types(session),
        "users": active_users(session),
        "chosen": chosen,
        "suggested": [],
        "previous": None,
        "tabs": _tabs(request, action, errors or {}),
        "follow_up_days": request.settings[services.FOLLOW_UP_DAYS_SETTING],
    }
    values.update(extra)
    people = chosen + [c for c in values["suggested"] if c not in chosen]
    values.update(step_values(request, action, people, form.get("budget")))
    return values


def _tabs(request, action, errors):
    from core.web.panels import panels_for

    return panels_for(request, "action", action, "tab", errors)


def read(request, action: Action | None = None) -> tuple[dict | None, dict]:
    """Validate the posted form into the keyword arguments of the services.

    ``action`` is the action being changed (its budget may stay even when it
    went out of use); the posted files come back checked, to attach on save.
    """
    data = {
        key: value
        for key, value in request.POST.items()
        if key != "csrf_token" and isinstance(value, str) and value.strip()
    }
    data["contacts"] = [v for v in request.POST.getall("contacts") if v.strip()]
    data["visitors"] = [v for v in request.POST.getall("visitors") if v.strip()]
    data["no_follow_up"] = "no_follow_up" in request.POST
    data["invite"] = "invite" in request.POST
    form, errors = validate(ActionForm, data)
    if errors:
        # The lists are sent as ``contacts.0``...: show them beside the list.
        return None, {key.split(".")[0]: value for key, value in errors.items()}

    session = request.dbsession
    zone = user_zone(request.identity, request.registry)
    kind = session.get(ActionType, form.type)
    if kind is None or not kind.active:
        return None, {"type": _("Choose one of the proposed values.")}
    contacts = contacts_by_id(session, form.contacts)
    if len(contacts) != len(set(form.contacts)):
        return None, {"contacts": _("Choose contacts known in the base.")}
    try:
        budget = budget_by_id(session, form.budget, action and action.budget)
    except BudgetRefused:
        return None, {"budget": BudgetRefused.message}
    uploads, errors = read_uploads(request)
    if errors:
        return None, errors
    visitors = [
        user
        for user in active_users(session)
        if user.id in set(form.visitors or [request.identity.id])
    ]
    if form.no_follow_up:
        follow_up = None
    elif form.follow_up is not None:
        follow_up = localise(form.follow_up, zone)
    else:
        follow_up = services.DEFAULT
    values = {
        "type_code": kind.code,
        "subject": form.subject,
        "start": localise(form.start, zone),
        "end": localise(form.end, zone) if form.end else None,
        "contacts": contacts,
        "visitors": visitors,
        "follow_up": follow_up,
        "report_html": form.report_html,
        "budget": budget,
    }
    return {"values": values, "invite": form.invite, "uploads": uploads}, {}


def _initial(request) -> dict:
    """A new action's form, filled from where it was opened."""
    params = request.params
    zone = user_zone(request.identity, request.registry)
    start = None
    if params.get("start"):
        try:
            start = localise(parse_wall_clock(params["start"]), zone)
        except FieldError:
            start = None
    if start is None:
        # The next quarter hour: the usual time to log a call just made.
        now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
        start = now - dt.timedelta(minutes=now.minute % 15)
    end = None
    if params.get("end"):
        try:
            end = localise(parse_wall_clock(params["end"]), zone)
        except FieldError:
            end = None
    rdv = request.dbsession.scalar(select(ActionType).where(ActionType.code == "rdv"))
    return {
        "type": params.get("type", str(rdv.id) if rdv else ""),
        "subject": "",
        "start": local_input(request, start),
        "end": local_input(request, end),
        "follow_up": "",
        "no_follow_up": False,
        "contacts": [params["contact_id"]] if params.get("contact_id") else [],
        "visitors": [str(request.identity.id)],
        "report_html": "",
        "budget": "",
        "invite": False,
    }


def _suggested(request) -> list[Contact]:
    company_id = request.params.get("company_id", "")
    if not company_id.isdigit():
        return []
    company = request.dbsession.get(Company, int(company_id))
    if company is None:
        return []
    return [c for c in company.contacts if c.active and not c.departed]


def submit(request, save, redisplay, current: Action | None = None):
    """Validate the posted form, then ``save(values, invite)`` the action.

    On errors the form comes back with them (status 400) through
    ``redisplay(form, errors)``; on success the files of the documents step
    are attached and the action's sheet opens.
    """
    from core.web.panels import read_tab_forms, save_tab_forms

    read_values, errors = read(request, current)
    tab_values, tab_errors = read_tab_forms(request, "action")
    errors = {**tab_errors, **errors}
    if not errors:
        try:
            action = save(read_values["values"], read_values["invite"])
        except ActionErrors as exc:
            errors = exc.errors
        else:
            # The tabs (the opportunity's) save in the same transaction: when
            # one refuses, nothing of the action is kept either, and the
            # files of the documents step are not stored.
            errors = save_tab_forms(request, "action", action, tab_values)
            if errors:
                request.tm.doom()
            else:
                read_values["uploads"].attach(request, action)
    if errors:
        request.response.status = 400
        return redisplay(posted(request), errors)
    flash(request, _("The action is saved."))
    return HTTPSeeOther(request.route_url("action", id=action.id))


@view_config(route_name="action_new", renderer=FORM, permission="actions.edit")
def action_new(request):
    url = request.route_url("action_new")
    title = _("New action")
    if request.method != "POST":
        initial = _initial(request)
        return form_page(request, title, url, initial, suggested=_suggested(request))

    def save(values, invite):
        return services.create_action(
            request.dbsession,
            request.registry,
            author=request.identity,
            invite=invite,
            tasks=request.tasks,
            **values,
        )

    return submit(
        request, save, lambda form, errors: form_page(request, title, url, form, errors)
    )


@view_config(route_name="action_edit", renderer=FORM, permission="actions.edit")
def action_edit(request):
    action = get_action(request)
    check_may_edit(request, action)
    url = request.route_url("action_edit", id=action.id)
    title = _("Edit the action")
    if request.method != "POST":
        values = form_values(request, action)
        return form_page(request, title, url, values, None, action)
    shown = posted(request)
    now = form_values(request, action)
    stale = stale_form(request, action, now, shown, LABELS)
    if stale:
        return form_page(request, title, url, shown, stale, action)

    def save(values, invite):
        return services.update_action(
            request.dbsession,
            request.registry,
            action,
            actor=request.identity,
            tasks=request.tasks,
            invite=invite and not action.invited,
            **values,
        )

    return submit(
        request,
        save,
        lambda form, errors: form_page(request, title, url, form, errors, action),
        action,
    )


@view_config(route_name="action_next", renderer=FORM, permission="actions.edit")
def action_next(request):
    """ "Relance d'une action": the next action of the chain, from a follow-up."""
    previous = get_action(request)
    # Planning the next action closes this one's follow-up: a change to it.
    check_may_edit(request, previous)
    url = request.route_url("action_next", id=previous.id)
    title = _("Follow up an action")
    if request.method != "POST":
        start = previous.follow_up_at or dt.datetime.now(dt.UTC)
        form = form_values(request, previous)
        form.update(
            start=local_input(request, start),
            end="",
            follow_up="",
            no_follow_up=False,
            report_html="",
            visitors=[str(request.identity.id)],
        )
        return form_page(request, title, url, form, previous=previous)

    def save(values, invite):
        return services.create_action(
            request.dbsession,
            request.registry,
            author=request.identity,
            previous=previous,
            invite=invite,
            tasks=request.tasks,
            **values,
        )

    return submit(
        request,
        save,
        lambda form, errors: form_page(
            request, title, url, form, errors, previous=previous
        ),
    )
