"""Contact pages: the form with its homonym check, the sheet, moves, departure."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import get_renderer
from pyramid.view import view_config

from core.access import require_edit, require_view
from core.directory.models import SOCIAL_NETWORKS, Contact
from core.directory.normalise import format_phone
from core.directory.schemas import ContactForm, form_data, remap_address_errors
from core.directory.services import FormErrors, portfolios, references
from core.directory.services import contacts as service
from core.directory.services.companies import (
    active_company,
    picker_label,
    salespeople,
)
from core.directory.services.duplicates import contact_homonyms
from core.directory.views.companies import FIELDS, assign, flash, posted_form, star
from core.forms import FieldError, parse_day, parse_id, validate
from core.history.tracking import CONTACT_FIELDS
from core.i18n import _
from core.reference.models import Function
from core.web.conflicts import stale_form
from core.web.returns import local_path

FORM = "core:templates/directory/contact_form.pt"


def get_contact(request, edit: bool = False) -> Contact:
    """The contact the path names, when the user may see (or edit) it."""
    contact = request.dbsession.get(Contact, int(request.matchdict["id"]))
    return require_edit(request, contact) if edit else require_view(request, contact)


def visible_companies(request):
    return request.access.filter("company")


def form_page(request, title, action, form, contact=None, errors=None, **extra):
    values = {
        "title": title,
        "action": action,
        "form": form,
        "errors": errors or {},
        "contact": contact,
        "civilities": service.CIVILITIES,
        "functions": references.functions_by_family(request.dbsession),
        "networks": SOCIAL_NETWORKS,
        "homonyms": [],
        "fields": get_renderer(FIELDS).implementation(),
    }
    # A page that sent the user here ("+ contact" on a list) gets them back.
    values["came_from"] = local_path(request.params.get("came_from"))
    values.update(extra)
    return values


def read_form(request):
    data = form_data(request.POST, checkboxes=("do_not_contact",))
    form, errors = validate(ContactForm, data)
    return form, remap_address_errors(errors, request.POST)


@view_config(
    route_name="contact_new",
    renderer=FORM,
    permission="directory.edit",
    request_method="GET",
)
def contact_new(request):
    form = {"addresses": [], "default_address": "0"}
    # The e-mail inbox links here with the unknown address filled in.
    form["email"] = request.params.get("email", "")[:254]
    company_id = request.params.get("company_id", "")
    company = (
        active_company(request.dbsession, int(company_id))
        if (company_id.isdigit())
        else None
    )
    if company is not None and request.access.can_view(company):
        # The switchboard comes down by default; a direct line replaces it.
        form["company"] = picker_label(company)
        form["phone"] = format_phone(company.phone)
    return form_page(request, _("New contact"), request.route_url("contact_new"), form)


@view_config(
    route_name="contact_new",
    renderer=FORM,
    permission="directory.edit",
    request_method="POST",
)
def contact_create(request):
    session = request.dbsession
    action = request.route_url("contact_new")
    shown = posted_form(request)
    form, errors = read_form(request)
    if errors:
        request.response.status = 400
        return form_page(request, _("New contact"), action, shown, errors=errors)

    moved_from = request.POST.get("moved_from", "")
    former = None
    if moved_from.isdigit():
        former = session.get(Contact, int(moved_from))
        if former is not None and not request.access.can_edit(former):
            former = None
    elif "not_duplicate" not in request.POST:
        company = service.resolved_company(session, form, visible_companies(request))
        homonyms = contact_homonyms(
            session,
            form.last_name,
            form.first_name,
            form.email,
            company.id if company else None,
            visible=request.access.filter("contact"),
        )
        if homonyms:
            return form_page(
                request,
                _("New contact"),
                action,
                shown,
                homonyms=homonyms,
                company=company,
            )
    try:
        contact = service.save_contact(
            session, request.identity, form, visible=visible_companies(request)
        )
    except FormErrors as exc:
        request.response.status = 400
        return form_page(request, _("New contact"), action, shown, errors=exc.errors)
    if former is not None and former.id != contact.id:
        service.move_from_homonym(session, request.identity, contact, former)
    flash(request, _("The contact is created."))
    came_from = local_path(request.POST.get("came_from"))
    return HTTPSeeOther(came_from or request.route_url("contact", id=contact.id))


@view_config(route_name="contact_edit", renderer=FORM, permission="directory.edit")
def contact_edit(request):
    contact = get_contact(request, edit=True)
    action = request.route_url("contact_edit", id=contact.id)
    title = _("Edit the contact")
    if request.method != "POST":
        return form_page(request, title, action, service.form_values(contact), contact)

    shown = posted_form(request)
    saved = service.form_values(contact)
    stale = stale_form(request, contact, saved, shown, CONTACT_FIELDS)
    if stale:
        return form_page(request, title, action, shown, contact, errors=stale)
    form, errors = read_form(request)
    if not errors:
        try:
            service.save_contact(
                request.dbsession,
                request.identity,
                form,
                contact,
                visible=visible_companies(request),
            )
        except FormErrors as exc:
            errors = exc.errors
    if errors:
        request.response.status = 400
        return form_page(request, title, action, shown, contact, errors=errors)
    flash(request, _("The contact is saved."))
    return HTTPSeeOther(request.route_url("contact", id=contact.id))


def sheet_values(request, contact: Contact, errors=None, move=None) -> dict:
    session = request.dbsession
    return {
        "title": contact.display_name,
        "contact": contact,
        "phone": format_phone(contact.phone),
        "mobile": format_phone(contact.mobile),
        "networks": SOCIAL_NETWORKS,
        "following": service.follows(session, request.identity, contact),
        "mine": portfolios.in_portfolio(session, request.identity, contact),
        "salespeople": salespeople(session),
        "editable": request.access.can_edit(contact),
        "functions": references.functions_by_family(session),
        "errors": errors or {},
        "move": move or {},
        "fields": get_renderer(FIELDS).implementation(),
    }


SHEET = "core:templates/directory/contact.pt"


@view_config(route_name="contact", renderer=SHEET)
def contact_sheet(request):
    from core.directory.views.merge import redirect_if_merged
    from core.history.recent import note_opened

    contact = get_contact(request)
    redirect_if_merged(request, "contact", contact)
    note_opened(request.dbsession, request.identity, "contact", contact.id)
    return sheet_values(request, contact)


@view_config(
    route_name="contact_portfolio",
    request_method="POST",
    permission="directory.edit",
)
def contact_portfolio(request):
    return star(request, get_contact(request), "contact")


@view_config(
    route_name="contact_owners",
    request_method="POST",
    permission="directory.assign",
)
def contact_owners(request):
    return assign(request, get_contact(request, edit=True), "contact")


@view_config(route_name="contact_follow", request_method="POST")
def contact_follow(request):
    contact = get_contact(request)
    following = service.toggle_follow(request.dbsession, request.identity, contact)
    flash(
        request,
        _("You follow this contact.")
        if following
        else _("You no longer follow this contact."),
    )
    return HTTPSeeOther(request.route_url("contact", id=contact.id))


@view_config(
    route_name="contact_move",
    request_method="POST",
    renderer=SHEET,
    permission="directory.edit",
)
def contact_move(request):
    """ "Change company": the person moves, the former position goes to the CV."""
    session = request.dbsession
    contact = get_contact(request, edit=True)
    move = dict(request.POST)
    errors = {}
    try:
        company = service.resolve_company(
            session, request.POST.get("company"), visible_companies(request)
        )
    except LookupError:
        company = None
    if company is None:
        errors["company"] = _("Choose a company from the list.")
    function_id = request.POST.get("function_id", "")
    function = None
    if function_id:
        function = references.get_active(session, Function, parse_id(function_id))
        if function is None:
            errors["function_id"] = _("Choose one of the proposed values.")
    title = request.POST.get("title", "").strip()[:200] or None
    if not errors:
        try:
            service.change_company(
                session, request.identity, contact, company, function, title
            )
        except FormErrors as exc:
            errors = exc.errors
    if errors:
        request.response.status = 400
        return sheet_values(request, contact, errors=errors, move=move)
    flash(request, _("The contact has moved; the former position is in the CV."))
    return HTTPSeeOther(request.route_url("contact", id=contact.id))


@view_config(
    route_name="contact_departure",
    request_method="POST",
    renderer=SHEET,
    permission="directory.edit",
)
def contact_departure(request):
    contact = get_contact(request, edit=True)
    text = request.POST.get("departed_on", "").strip()
    on = None
    if "cancel" not in request.POST:
        try:
            on = parse_day(text)
        except FieldError as exc:
            request.response.status = 400
            errors = {"departed_on": exc.message}
            return sheet_values(request, contact, errors=errors)
    service.set_departure(request.dbsession, request.identity, contact, on)
    flash(
        request,
        _("The departure is recorded.") if on else _("The departure is cancelled."),
    )
    return HTTPSeeOther(request.route_url("contact", id=contact.id))
