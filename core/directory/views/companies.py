"""Company pages: the form with its duplicate warning, the sheet, its actions."""

from __future__ import annotations

import datetime as dt

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import get_renderer
from pyramid.view import view_config

from core.access import require_edit, require_view
from core.directory.models import SOCIAL_NETWORKS, Company
from core.directory.normalise import format_phone, format_siret
from core.directory.schemas import CompanyForm, form_data, remap_address_errors
from core.directory.services import FormErrors, portfolios, references
from core.directory.services import companies as service
from core.directory.services.duplicates import company_duplicates
from core.forms import validate
from core.i18n import _

FORM = "core:templates/directory/company_form.pt"
FIELDS = "core:templates/directory/fields.pt"


def get_company(request, edit: bool = False) -> Company:
    """The company the path names, when the user may see (or edit) it."""
    company = request.dbsession.get(Company, int(request.matchdict["id"]))
    return require_edit(request, company) if edit else require_view(request, company)


def flash(request, message) -> None:
    request.session.flash(request.localizer.translate(message))


def form_page(request, title, action, form, company=None, errors=None, **extra):
    session = request.dbsession
    values = {
        "title": title,
        "action": action,
        "form": form,
        "errors": errors or {},
        "company": company,
        "types": references.company_types(session),
        "situations": references.situations(session),
        "sectors": references.sector_tree(session),
        "networks": SOCIAL_NETWORKS,
        "duplicates": [],
        "fields": get_renderer(FIELDS).implementation(),
    }
    values.update(extra)
    return values


def posted_form(request) -> dict:
    """The posted values, as the form re-displays them after an error."""
    form = {key: value for key, value in request.POST.items() if key != "csrf_token"}
    form["sector_ids"] = request.POST.getall("sector_ids")
    blocks: dict[int, dict] = {}
    for key, value in request.POST.items():
        if key.startswith("addresses."):
            _prefix, index, field = key.split(".", 2)
            if index.isdigit():
                blocks.setdefault(int(index), {})[field] = value
    form["addresses"] = [blocks[index] for index in sorted(blocks)]
    return form


def read_form(request):
    data = form_data(request.POST, list_fields=("sector_ids",))
    form, errors = validate(CompanyForm, data)
    return form, remap_address_errors(errors, request.POST)


@view_config(
    route_name="company_new",
    renderer=FORM,
    permission="directory.edit",
    request_method="GET",
)
def company_new(request):
    form = {"sector_ids": [], "addresses": [], "default_address": "0"}
    return form_page(request, _("New company"), request.route_url("company_new"), form)


@view_config(
    route_name="company_new",
    renderer=FORM,
    permission="directory.edit",
    request_method="POST",
)
def company_create(request):
    action = request.route_url("company_new")
    shown = posted_form(request)
    form, errors = read_form(request)
    if errors:
        request.response.status = 400
        return form_page(request, _("New company"), action, shown, errors=errors)

    # Warn before saving; "no, create" posts the form again with not_duplicate.
    if "not_duplicate" not in request.POST:
        duplicates = company_duplicates(
            request.dbsession,
            form.name,
            form.trade_name,
            form.phone,
            form.siret,
            visible=request.access.filter("company"),
        )
        if duplicates:
            return form_page(
                request, _("New company"), action, shown, duplicates=duplicates
            )
    try:
        company = service.save_company(
            request.dbsession,
            request.identity,
            form,
            visible=request.access.filter("company"),
        )
    except FormErrors as exc:
        request.response.status = 400
        return form_page(request, _("New company"), action, shown, errors=exc.errors)
    if not request.access.can_view(company):
        # A salesperson who sees only their portfolio keeps what they create.
        portfolios.toggle_portfolio(request.dbsession, request.identity, company)
    flash(request, _("The company is created."))
    return HTTPSeeOther(request.route_url("company", id=company.id))


@view_config(
    route_name="company_edit",
    renderer=FORM,
    permission="directory.edit",
)
def company_edit(request):
    company = get_company(request, edit=True)
    action = request.route_url("company_edit", id=company.id)
    title = _("Edit the company")
    if request.method != "POST":
        form = service.form_values(company)
        return form_page(request, title, action, form, company)

    shown = posted_form(request)
    form, errors = read_form(request)
    if not errors:
        try:
            service.save_company(
                request.dbsession,
                request.identity,
                form,
                company,
                visible=request.access.filter("company"),
            )
        except FormErrors as exc:
            errors = exc.errors
    if errors:
        request.response.status = 400
        return form_page(request, title, action, shown, company, errors=errors)
    flash(request, _("The company is saved."))
    return HTTPSeeOther(request.route_url("company", id=company.id))


def sheet_values(request, company: Company) -> dict:
    session = request.dbsession
    user = request.identity
    departed = request.params.get("departed") == "1"
    contacts = service.contacts_of(
        session, company, departed=departed, visible=request.access.filter("contact")
    )
    return {
        "title": company.name,
        "company": company,
        "phone": format_phone(company.phone),
        "fax": format_phone(company.fax),
        "siret": format_siret(company.siret),
        "networks": SOCIAL_NETWORKS,
        "mine": portfolios.in_portfolio(session, user, company),
        "editable": request.access.can_edit(company),
        "following": service.follows(session, user, company),
        "salespeople": service.salespeople(session),
        "ancestors": service.ancestors(company),
        "subsidiaries": service.subsidiaries(
            session, company, visible=request.access.filter("company")
        ),
        "contacts": contacts,
        "departed": departed,
        "chart": request.params.get("chart") == "1",
        "org_chart": service.org_chart(contacts),
        "map_url": map_url(company),
        "h_phone": format_phone,
        "now": dt.datetime.now(dt.UTC),
    }


def map_url(company: Company) -> str | None:
    from urllib.parse import urlencode

    address = company.default_address
    if address is None:
        return None
    query = ", ".join([*address.lines, address.country or "FR"])
    return "https://www.google.com/maps/search/?" + urlencode(
        {"api": "1", "query": query}
    )


@view_config(route_name="company", renderer="core:templates/directory/company.pt")
def company_sheet(request):
    from core.directory.views.merge import redirect_if_merged
    from core.history.recent import note_opened

    company = get_company(request)
    redirect_if_merged(request, "company", company)
    note_opened(request.dbsession, request.identity, "company", company.id)
    return sheet_values(request, company)


@view_config(
    route_name="company_print", renderer="core:templates/directory/company_print.pt"
)
def company_print(request):
    return sheet_values(request, get_company(request))


@view_config(
    route_name="company_portfolio",
    request_method="POST",
    permission="directory.edit",
)
def company_portfolio(request):
    return star(request, get_company(request), "company")


def star(request, record, route: str):
    """The star of a sheet: the record in or out of my portfolio."""
    added = portfolios.toggle_portfolio(request.dbsession, request.identity, record)
    flash(
        request,
        _("Added to your portfolio.") if added else _("Removed from your portfolio."),
    )
    return HTTPSeeOther(request.route_url(route, id=record.id))


def assign(request, record, route: str):
    """The pencil of a sheet: exactly the salespeople ticked own the record."""
    owner_ids = [int(v) for v in request.POST.getall("owner_ids") if v.isdigit()]
    portfolios.assign_owners(request.dbsession, request.identity, record, owner_ids)
    flash(request, _("The portfolio is updated."))
    return HTTPSeeOther(request.route_url(route, id=record.id))


@view_config(
    route_name="company_owners",
    request_method="POST",
    permission="directory.assign",
)
def company_owners(request):
    return assign(request, get_company(request, edit=True), "company")


@view_config(route_name="company_follow", request_method="POST")
def company_follow(request):
    company = get_company(request)
    following = service.toggle_follow(request.dbsession, request.identity, company)
    flash(
        request,
        _("You follow this company.")
        if following
        else _("You no longer follow this company."),
    )
    return HTTPSeeOther(request.route_url("company", id=company.id))


@view_config(
    route_name="company_deactivate",
    request_method="POST",
    permission="directory.deactivate",
)
def company_deactivate(request):
    company = get_company(request, edit=True)
    service.set_active(request.dbsession, request.identity, company, False)
    flash(request, _("The company is deactivated."))
    return HTTPSeeOther(request.route_url("company", id=company.id))


@view_config(
    route_name="company_reactivate",
    request_method="POST",
    permission="directory.deactivate",
)
def company_reactivate(request):
    company = get_company(request, edit=True)
    service.set_active(request.dbsession, request.identity, company, True)
    flash(request, _("The company is active again."))
    return HTTPSeeOther(request.route_url("company", id=company.id))


@view_config(route_name="company_picker", renderer="core:templates/directory/picker.pt")
def company_picker(request):
    # The picker's input sends its own name: "group" on companies, "company"
    # on contacts.
    names = ("q", "group", "company")
    text = next((request.params[n] for n in names if n in request.params), "")
    companies = service.pick_companies(
        request.dbsession, text.strip(), visible=request.access.filter("company")
    )
    return {"labels": [service.picker_label(c) for c in companies]}
