"""Multi: the person's records at other companies, on the contact sheet."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import get_renderer
from pyramid.view import view_config

from core.access import require_edit
from core.directory import multi
from core.directory.models import Contact
from core.directory.services import FormErrors, references
from core.directory.services.companies import resolve_company
from core.i18n import _
from core.reference.models import Function

FORM = "core:templates/directory/multi_form.pt"
FIELDS = "core:templates/directory/fields.pt"


def panel_values(contact, request):
    records = multi.positions(
        request.dbsession, contact, request.access.filter("contact")
    )
    return {
        "contact": contact,
        "records": records,
        "reference_id": multi.reference_id(request.dbsession, contact),
        "editable": request.access.can_edit(contact),
    }


def _contact(request) -> Contact:
    ident = int(request.matchdict["id"])
    return require_edit(request, request.dbsession.get(Contact, ident))


@view_config(route_name="contact_multi", renderer=FORM, permission="directory.edit")
def multi_add(request):
    session = request.dbsession
    contact = _contact(request)
    form = {
        "company": request.POST.get("company", ""),
        "function_id": request.POST.get("function_id", ""),
        "title": request.POST.get("title", ""),
    }
    values = {
        "title": _("Also works at"),
        "contact": contact,
        "form": form,
        "errors": {},
        "functions": references.functions_by_family(session),
        "fields": get_renderer(FIELDS).implementation(),
    }
    if request.method != "POST":
        return values
    errors = {}
    try:
        company = resolve_company(
            session, form["company"], request.access.filter("company")
        )
    except LookupError:
        company = None
    if company is None:
        errors["company"] = _("Choose a company from the list.")
    function = None
    if form["function_id"]:
        ident = int(form["function_id"]) if form["function_id"].isdigit() else None
        function = references.get_active(session, Function, ident)
        if function is None:
            errors["function_id"] = _("Choose one of the proposed values.")
    if not errors:
        try:
            other = multi.add_position(
                session,
                request.identity,
                contact,
                company,
                function,
                form["title"].strip()[:200] or None,
            )
        except FormErrors as exc:
            errors = exc.errors
    if errors:
        request.response.status = 400
        values["errors"] = errors
        return values
    request.session.flash(
        request.localizer.translate(_("The record at the other company is created."))
    )
    return HTTPSeeOther(request.route_url("contact", id=other.id))


@view_config(
    route_name="contact_reference",
    request_method="POST",
    permission="directory.edit",
)
def multi_reference(request):
    contact = _contact(request)
    multi.make_reference(request.dbsession, request.identity, contact)
    request.session.flash(
        request.localizer.translate(_("This record is now the reference one."))
    )
    return HTTPSeeOther(request.route_url("contact", id=contact.id))


def includeme(config):
    config.add_route("contact_multi", r"/contacts/{id:\d+}/multi")
    config.add_route("contact_reference", r"/contacts/{id:\d+}/reference")
    config.add_panel(
        "contact",
        "multi",
        _("Multi: other companies"),
        "core:templates/directory/multi_panel.pt",
        view=panel_values,
        order=10,
    )
    config.scan(__name__)
