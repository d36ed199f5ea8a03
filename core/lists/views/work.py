"""Record the call or meeting of a list row without leaving the list (htmx)."""

from __future__ import annotations

import datetime as dt

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from core.actions import services as actions
from core.actions.views.common import local_input
from core.actions.views.form import action_types, read
from core.i18n import _
from core.lists import services
from core.lists.access import get_list
from core.lists.models import ListRow
from core.lists.views.rows import macros
from core.lists.work import WorkErrors, read_opportunity, record_work, row_company
from core.lists.work import row_contacts as contacts_of
from core.opportunities.services import opportunities as opportunity_service

FORM = "core:templates/lists/work_form.pt"
DONE = "core:templates/lists/work_done.pt"


def _row(request):
    """The list (which the user may change) and its row, if the user sees it."""
    record_list = get_list(request, edit=True)
    query = services.base_rows(record_list, request.access).where(
        ListRow.id == int(request.matchdict["row"])
    )
    row = request.dbsession.scalar(query)
    if row is None:
        raise HTTPNotFound()
    return record_list, row


def _initial(request, record_list, contacts) -> dict:
    types = action_types(request.dbsession)
    call = next(
        (t for t in types if t.code == "telephone"), types[0] if types else None
    )
    # The quarter hour just begun: the usual time to log a call just made.
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    start = now - dt.timedelta(minutes=now.minute % 15)
    status = opportunity_service.default_status(request.dbsession)
    return {
        "type": str(call.id) if call else "",
        "subject": record_list.name,
        "start": local_input(request, start),
        "contacts": [str(contacts[0].id)] if len(contacts) == 1 else [],
        "opp_status_id": str(status.id) if status else "",
    }


def _values(request, record_list, row, contacts, form, errors) -> dict:
    may_propose = request.has_permission("opportunities.edit")
    return {
        "record_list": record_list,
        "row": row,
        "contacts": contacts,
        "form": form,
        "errors": errors,
        "types": action_types(request.dbsession),
        "url": request.route_url("list_row_work", id=record_list.id, row=row.id),
        "follow_up_days": request.settings[actions.FOLLOW_UP_DAYS_SETTING],
        "opportunity_statuses": (
            opportunity_service.statuses(request.dbsession) if may_propose else None
        ),
    }


def _read(request, record_list, row, contacts):
    """The action's values and the opportunity's form, or the errors."""
    read_values, errors = read(request)
    values = read_values["values"] if read_values else None
    chosen = values["contacts"] if values else []
    if values is not None and not chosen:
        errors = {"contacts": _("Choose at least one contact.")}
    elif not {c.id for c in chosen} <= {contact.id for contact in contacts}:
        errors = {"contacts": _("Choose one of the proposed values.")}
    opportunity = None
    if request.has_permission("opportunities.edit"):
        chosen = chosen[0] if chosen else None
        try:
            opportunity = read_opportunity(request.POST, row_company(row), chosen)
        except WorkErrors as exc:
            errors = {**errors, **exc.errors}
    return values, opportunity, errors


@view_config(route_name="list_row_work", permission="actions.edit", renderer=FORM)
def work_row(request):
    """The row's form; posted, the action (and opportunity) and the row marked."""
    record_list, row = _row(request)
    contacts = contacts_of(request.dbsession, record_list, row, request.access)
    if request.method != "POST":
        form = _initial(request, record_list, contacts)
        return _values(request, record_list, row, contacts, form, {})
    values, opportunity, errors = _read(request, record_list, row, contacts)
    if not errors:
        try:
            worked = record_work(
                request.dbsession,
                request.registry,
                request.identity,
                row,
                values,
                opportunity,
                request.tasks,
            )
        except WorkErrors as exc:
            errors = exc.errors
    if errors:
        # The form comes back with its messages in place of itself.
        request.response.status = 422
        request.response.headers["HX-Retarget"] = f"#work-{row.id}"
        request.response.headers["HX-Reswap"] = "outerHTML"
        form = {k: v for k, v in request.POST.items() if k != "csrf_token"}
        form["contacts"] = request.POST.getall("contacts")
        return _values(request, record_list, row, contacts, form, errors)

    if not request.headers.get("HX-Request"):
        request.session.flash(request.localizer.translate(_("The action is saved.")))
        return HTTPSeeOther(request.route_url("list", id=record_list.id))
    return render_to_response(
        DONE,
        {
            "record_list": record_list,
            "row": row,
            "worked": worked,
            "error": None,
            "editable": True,
            "showing_hidden": row.hidden,
            "contact_counts": services.contact_counts(
                request.dbsession, [row.company_id] if row.company_id else []
            ),
            "macros": macros(),
        },
        request=request,
    )
