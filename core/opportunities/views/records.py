"""One opportunity: its form, its sheet with the lines, closing and archiving."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.renderers import render
from pyramid.view import view_config

from core.actions.models import Action
from core.comments.views import panel_values as comment_values
from core.directory.models import Company, Contact
from core.directory.services.companies import active_company, picker_label
from core.documents.views import panel_values as document_values
from core.forms import clean_form, get_by_id, validate
from core.i18n import _
from core.opportunities import amounts
from core.opportunities.formatting import Formatter
from core.opportunities.models import Opportunity, OpportunityLine
from core.opportunities.schemas import (
    ArchiveForm,
    CloseForm,
    DuplicateForm,
    LineForm,
    OpportunityForm,
)
from core.opportunities.services import FormErrors
from core.opportunities.services import lines as line_service
from core.opportunities.services import opportunities as service
from core.opportunities.visibility import can_change, can_see
from core.web.conflicts import stale_form

FORM = "core:templates/opportunities/form.pt"
SHEET = "core:templates/opportunities/sheet.pt"
LINE_FORM = "core:templates/opportunities/line_form.pt"
EDIT = "opportunities.edit"
# The fields whose saved value a refused (stale) save lists.
LABELS = {
    "title": _("Title"),
    "company": _("Company"),
    "amount": _("Amount"),
    "decision_on": _("Estimated decision date"),
    "campaign_on": _("Campaign date"),
}
LINE_LABELS = {
    "amount": _("Amount"),
    "published_on": _("Publication date"),
    "comment": _("Comment"),
}


def get_opportunity(request) -> Opportunity:
    """The opportunity of the URL, if this user may see it (else 404)."""
    opportunity = request.dbsession.get(Opportunity, int(request.matchdict["id"]))
    if opportunity is None or not can_see(request.access, opportunity):
        raise HTTPNotFound()
    return opportunity


def get_editable(request) -> Opportunity:
    """The opportunity of the URL, if this user may change it (else 404/403)."""
    opportunity = get_opportunity(request)
    if not can_change(request.access, opportunity):
        raise HTTPForbidden()
    return opportunity


def get_open(request) -> Opportunity:
    """The opportunity of the URL, if it may be changed now.

    A closed one is read-only until reopened: the page comes back with the
    reason instead of the change.
    """
    opportunity = get_editable(request)
    if opportunity.closed:
        flash(request, _("This opportunity is closed: reopen it to change it."))
        raise HTTPSeeOther(request.route_url("opportunity", id=opportunity.id))
    return opportunity


def get_line(request, opportunity: Opportunity) -> OpportunityLine:
    line = request.dbsession.get(OpportunityLine, int(request.matchdict["line"]))
    if line is None or line.opportunity_id != opportunity.id:
        raise HTTPNotFound()
    return line


def flash(request, message) -> None:
    request.session.flash(request.localizer.translate(message))


def form_page(request, title, action, form, opportunity=None, errors=None):
    session = request.dbsession
    company = None
    if opportunity is not None:
        company = opportunity.company
    elif form.get("company_id"):
        company = session.get(Company, int(form["company_id"]))
    return {
        "title": title,
        "action": action,
        "form": form,
        "errors": errors or {},
        "opportunity": opportunity,
        "statuses": service.statuses(session),
        "owners": service.salespeople(session),
        "contacts": service.contacts_of(session, company.id if company else None),
    }


def read_form(request):
    data = clean_form(request.POST)
    data["private"] = "private" in request.POST
    return validate(OpportunityForm, data)


def new_form(request) -> dict:
    """The creation form, filled from where it was opened (a contact, a company)."""
    session = request.dbsession
    params = request.params
    status = service.default_status(session)
    form = {
        "title": params.get("title", ""),
        "owner_id": str(request.identity.id),
        "status_id": str(status.id) if status else "",
        "company": "",
    }
    contact_id = params.get("contact_id", "")
    contact = get_by_id(session, Contact, contact_id)
    action_id = params.get("action_id", "")
    action = get_by_id(session, Action, action_id)
    if action is not None:
        # Proposed during an action: its subject, contact and company by default.
        form["action_id"] = str(action.id)
        form["title"] = form["title"] or action.subject
        contact = contact or next(iter(action.contacts), None)
    company_id = params.get("company_id", "")
    company = active_company(session, int(company_id)) if company_id.isdigit() else None
    if contact is not None and contact.active:
        form["contact_id"] = str(contact.id)
        company = company or contact.company
    if company is not None:
        form["company"] = picker_label(company)
        form["company_id"] = str(company.id)
    return form


@view_config(route_name="opportunity_new", renderer=FORM, permission=EDIT)
def opportunity_new(request):
    title = _("New opportunity")
    action = request.route_url("opportunity_new")
    if request.method != "POST":
        return form_page(request, title, action, new_form(request))
    shown = dict(request.POST)
    form, errors = read_form(request)
    if not errors:
        try:
            opportunity = service.save_opportunity(
                request.dbsession, request.identity, form
            )
        except FormErrors as exc:
            errors = exc.errors
    if errors:
        request.response.status = 400
        return form_page(request, title, action, shown, errors=errors)
    flash(request, _("The opportunity is created."))
    return HTTPSeeOther(request.route_url("opportunity", id=opportunity.id))


@view_config(route_name="opportunity_edit", renderer=FORM, permission=EDIT)
def opportunity_edit(request):
    opportunity = get_open(request)
    title = _("Edit the opportunity")
    action = request.route_url("opportunity_edit", id=opportunity.id)
    if request.method != "POST":
        form = service.form_values(opportunity)
        return form_page(request, title, action, form, opportunity)
    shown = dict(request.POST)
    now = service.form_values(opportunity)
    stale = stale_form(request, opportunity, now, shown, LABELS)
    if stale:
        return form_page(request, title, action, shown, opportunity, errors=stale)
    form, errors = read_form(request)
    if not errors:
        try:
            service.save_opportunity(
                request.dbsession, request.identity, form, opportunity
            )
        except FormErrors as exc:
            errors = exc.errors
    if errors:
        request.response.status = 400
        return form_page(request, title, action, shown, opportunity, errors=errors)
    flash(request, _("The opportunity is saved."))
    return HTTPSeeOther(request.route_url("opportunity", id=opportunity.id))


def sheet_values(request, opportunity, line_form=None, errors=None, **extra):
    values = {
        "title": opportunity.title,
        "opportunity": opportunity,
        "figures": amounts.figures(opportunity),
        "products": service.products(request.dbsession),
        "line_form": line_form or {},
        "errors": errors or {},
        "duplicate_errors": {},
        "duplicate_line": None,
        "fmt": Formatter(request),
        "editable": request.has_permission(EDIT)
        and can_change(request.access, opportunity),
        "documents": render(
            "core:templates/documents/panel.pt",
            document_values(opportunity, request),
            request=request,
        ),
        "comments": render(
            "core:templates/comments/panel.pt",
            comment_values(opportunity, request),
            request=request,
        ),
    }
    values.update(extra)
    return values


@view_config(route_name="opportunity", renderer=SHEET)
def opportunity_sheet(request):
    return sheet_values(request, get_opportunity(request))


@view_config(
    route_name="opportunity_lines",
    renderer=SHEET,
    request_method="POST",
    permission=EDIT,
)
def line_add(request):
    opportunity = get_open(request)
    form, errors = validate(LineForm, clean_form(request.POST))
    if not errors:
        try:
            line_service.save_line(
                request.dbsession, request.identity, opportunity, form
            )
        except FormErrors as exc:
            errors = exc.errors
    if errors:
        request.response.status = 400
        return sheet_values(request, opportunity, dict(request.POST), errors)
    flash(request, _("The line is added."))
    return HTTPSeeOther(request.route_url("opportunity", id=opportunity.id))


@view_config(route_name="opportunity_line_edit", renderer=LINE_FORM, permission=EDIT)
def line_edit(request):
    opportunity = get_open(request)
    line = get_line(request, opportunity)
    values = {
        "title": _("Edit the line"),
        "opportunity": opportunity,
        "line": line,
        "products": service.products(request.dbsession),
        "errors": {},
    }
    if request.method != "POST":
        form = line_service.line_values(line)
        return {**values, "form": {**form, "version": str(opportunity.version)}}
    shown = dict(request.POST)
    now = line_service.line_values(line)
    stale = stale_form(request, opportunity, now, shown, LINE_LABELS)
    if stale:
        return {**values, "form": shown, "errors": stale}
    form, errors = validate(LineForm, clean_form(request.POST))
    if not errors:
        try:
            line_service.save_line(
                request.dbsession, request.identity, opportunity, form, line
            )
        except FormErrors as exc:
            errors = exc.errors
    if errors:
        request.response.status = 400
        return {**values, "form": shown, "errors": errors}
    flash(request, _("The line is saved."))
    return HTTPSeeOther(request.route_url("opportunity", id=opportunity.id))


@view_config(
    route_name="opportunity_line_archive", request_method="POST", permission=EDIT
)
def line_archive(request):
    opportunity = get_open(request)
    line = get_line(request, opportunity)
    form, errors = validate(ArchiveForm, clean_form(request.POST))
    if errors:
        flash(request, _("Choose won, lost or deleted."))
    else:
        line_service.archive_line(
            request.dbsession, request.identity, line, form.archive
        )
        flash(request, _("The line is archived."))
    return HTTPSeeOther(request.route_url("opportunity", id=opportunity.id))


@view_config(
    route_name="opportunity_line_restore", request_method="POST", permission=EDIT
)
def line_restore(request):
    opportunity = get_open(request)
    line = get_line(request, opportunity)
    line_service.restore_line(request.dbsession, request.identity, line)
    flash(request, _("The line is back in the pipe."))
    return HTTPSeeOther(request.route_url("opportunity", id=opportunity.id))


@view_config(
    route_name="opportunity_line_duplicate",
    renderer=SHEET,
    request_method="POST",
    permission=EDIT,
)
def line_duplicate(request):
    opportunity = get_open(request)
    line = get_line(request, opportunity)
    data = clean_form(request.POST)
    data["split"] = "split" in request.POST
    form, errors = validate(DuplicateForm, data)
    if errors:
        request.response.status = 400
        return sheet_values(
            request, opportunity, duplicate_errors=errors, duplicate_line=line.id
        )
    copies = line_service.duplicate_line(
        request.dbsession, request.identity, line, form
    )
    flash(
        request,
        _("${count} copies added.", mapping={"count": len(copies)}),
    )
    return HTTPSeeOther(request.route_url("opportunity", id=opportunity.id))


@view_config(route_name="opportunity_close", request_method="POST", permission=EDIT)
def opportunity_close(request):
    opportunity = get_editable(request)
    form, errors = validate(CloseForm, clean_form(request.POST))
    if errors:
        flash(request, _("Choose won or lost."))
    else:
        service.close(request.dbsession, request.identity, opportunity, form.outcome)
        flash(request, _("The opportunity is closed: it left the pipe."))
    return HTTPSeeOther(request.route_url("opportunity", id=opportunity.id))


@view_config(route_name="opportunity_reopen", request_method="POST", permission=EDIT)
def opportunity_reopen(request):
    opportunity = get_editable(request)
    service.reopen(request.dbsession, request.identity, opportunity)
    flash(request, _("The opportunity is back in the pipe."))
    return HTTPSeeOther(request.route_url("opportunity", id=opportunity.id))


@view_config(
    route_name="opportunity_contacts",
    renderer="core:templates/opportunities/contact_options.pt",
)
def contact_options(request):
    """The contacts of the company a picker names, as ``<option>`` elements."""
    from core.directory.services.companies import resolve_company

    try:
        company = resolve_company(request.dbsession, request.params.get("company"))
    except LookupError:
        company = None
    contacts = service.contacts_of(request.dbsession, company.id if company else None)
    return {"contacts": contacts}
