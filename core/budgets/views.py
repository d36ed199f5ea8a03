"""Budget pages: the form with its agency rows, the sheet, the panels."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.renderers import get_renderer
from pyramid.view import view_config

from core.budgets import services
from core.budgets.models import Budget
from core.budgets.schemas import BudgetForm, agency_blocks
from core.directory.models import Company
from core.directory.services import FormErrors, references
from core.directory.services.companies import active_company, resolve_company
from core.directory.views.companies import flash
from core.forms import validate
from core.history.recent import note_opened
from core.history.tracking import COMPANY_FIELDS
from core.history.views import history_values
from core.i18n import _
from core.web.conflicts import stale_form

FORM = "core:templates/budgets/form.pt"
PEOPLE = "core:templates/budgets/people.pt"
FIELDS = "core:templates/budgets/fields.pt"
SHEET = "core:templates/budgets/sheet.pt"
# The fields whose saved value a refused (stale) save lists.
LABELS = {"name": _("Name"), "brief": COMPANY_FIELDS["brief"]}


def get_budget(request) -> Budget:
    budget = request.dbsession.get(Budget, int(request.matchdict["id"]))
    if budget is None:
        raise HTTPNotFound()
    return budget


def posted(request) -> dict:
    """The posted values, as the form shows them again after an error."""
    post = request.POST
    blocks = agency_blocks(post)
    session = request.dbsession
    for block in blocks.values():
        try:
            block["agency"] = resolve_company(session, block.get("company"))
        except LookupError:
            block["agency"] = None
    return {
        "name": post.get("name", ""),
        "brief": post.get("brief", ""),
        "sector_ids": post.getall("sector_ids"),
        "advertiser_contact_ids": post.getall("advertiser_contact_ids"),
        "agencies": list(blocks.values()),
        "indexes": list(blocks),
        "version": post.get("version", ""),
    }


def form_page(request, title, action, advertiser, form, budget=None, errors=None):
    session = request.dbsession
    agencies = form.get("agencies") or []
    indexes = form.get("indexes") or list(range(len(agencies)))
    return {
        "title": title,
        "action": action,
        "advertiser": advertiser,
        "budget": budget,
        "form": form,
        "errors": errors or {},
        "rows": list(zip(indexes, agencies, strict=True)),
        "next_index": max(indexes, default=-1) + 1,
        "roles": services.roles(session),
        "sectors": references.sector_tree(session),
        "advertiser_contacts": services.current_contacts(session, advertiser),
        "contacts_of": lambda company: services.current_contacts(session, company),
        "fields": get_renderer(FIELDS).implementation(),
        "refused": None,
    }


def save(request, advertiser, budget=None):
    """Validate and save the posted form; return the budget or the errors."""
    data = {
        key: value
        for key, value in request.POST.items()
        if key in ("name", "brief") and value.strip()
    }
    data["sector_ids"] = [v for v in request.POST.getall("sector_ids") if v.strip()]
    data["advertiser_contact_ids"] = [
        v for v in request.POST.getall("advertiser_contact_ids") if v.strip()
    ]
    form, errors = validate(BudgetForm, data)
    blocks = agency_blocks(request.POST)
    if not errors:
        try:
            return services.save_budget(
                request.dbsession, request.identity, advertiser, form, blocks, budget
            ), {}
        except FormErrors as exc:
            errors = exc.errors
    return None, errors


@view_config(route_name="budget_new", renderer=FORM, permission="budgets.edit")
def budget_new(request):
    ident = request.params.get("company_id", "")
    advertiser = (
        active_company(request.dbsession, int(ident)) if ident.isdigit() else None
    )
    action = request.route_url("budget_new", _query={"company_id": ident})
    title = _("New budget")
    if advertiser is None or not services.is_advertiser(advertiser):
        request.response.status = 400
        message = (
            services.NOT_ADVERTISER
            if advertiser is not None
            else _("Choose an active advertiser.")
        )
        form = {"agencies": []}
        page = form_page(request, title, action, advertiser, form)
        page["refused"] = message
        return page
    if request.method != "POST":
        form = {
            "sector_ids": [str(s.id) for s in advertiser.sectors],
            "agencies": [],
        }
        return form_page(request, title, action, advertiser, form)

    budget, errors = save(request, advertiser)
    if errors:
        request.response.status = 400
        return form_page(
            request, title, action, advertiser, posted(request), errors=errors
        )
    flash(request, _("The budget is created."))
    return HTTPSeeOther(request.route_url("budget", id=budget.id))


@view_config(route_name="budget_edit", renderer=FORM, permission="budgets.edit")
def budget_edit(request):
    budget = get_budget(request)
    action = request.route_url("budget_edit", id=budget.id)
    title = _("Edit the budget")
    if request.method != "POST":
        form = services.form_values(budget)
        return form_page(request, title, action, budget.company, form, budget)
    shown = posted(request)
    now = services.form_values(budget)
    stale = stale_form(request, budget, now, shown, LABELS)
    if stale:
        return form_page(request, title, action, budget.company, shown, budget, stale)
    saved, errors = save(request, budget.company, budget)
    if errors:
        request.response.status = 400
        return form_page(request, title, action, budget.company, shown, budget, errors)
    flash(request, _("The budget is saved."))
    return HTTPSeeOther(request.route_url("budget", id=budget.id))


@view_config(route_name="budget", renderer=SHEET)
def budget_sheet(request):
    budget = get_budget(request)
    note_opened(request.dbsession, request.identity, "budget", budget.id)
    return {
        "title": budget.name,
        "budget": budget,
        "history": history_values(request, "budget", budget.id),
        "history_template": get_renderer(
            "core:templates/history/events.pt"
        ).implementation(),
        "people": get_renderer(PEOPLE).implementation(),
    }


def _set_active(request, value: bool, message):
    budget = get_budget(request)
    services.set_active(request.dbsession, request.identity, budget, value)
    flash(request, message)
    return HTTPSeeOther(request.route_url("budget", id=budget.id))


@view_config(
    route_name="budget_deactivate", request_method="POST", permission="budgets.edit"
)
def budget_deactivate(request):
    return _set_active(request, False, _("The budget is deactivated."))


@view_config(
    route_name="budget_reactivate", request_method="POST", permission="budgets.edit"
)
def budget_reactivate(request):
    return _set_active(request, True, _("The budget is active again."))


def _index(request) -> int:
    """The agency row a fragment is for (a hundred rows at most)."""
    text = request.params.get("index", "0")
    return int(text) if text.isdigit() and int(text) < 100 else 0


@view_config(
    route_name="budget_agency_row",
    renderer="core:templates/budgets/agency_row.pt",
    permission="budgets.edit",
)
def budget_agency_row(request):
    """One more empty agency row ("+ Add a role"), and the button after it."""
    return {
        "index": _index(request),
        "row": {},
        "errors": {},
        "roles": services.roles(request.dbsession),
        "contacts": [],
        "fields": get_renderer(FIELDS).implementation(),
        "more": True,
    }


@view_config(
    route_name="budget_agency_contacts",
    renderer="core:templates/budgets/agency_contacts.pt",
    permission="budgets.edit",
)
def budget_agency_contacts(request):
    """The contacts of the agency just chosen, to tick those in charge."""
    index = _index(request)
    try:
        company = resolve_company(
            request.dbsession, request.params.get(f"agencies.{index}.company")
        )
    except LookupError:
        company = None
    return {
        "index": index,
        "contacts": services.current_contacts(request.dbsession, company),
        "company": company,
        "fields": get_renderer(FIELDS).implementation(),
    }


@view_config(
    route_name="budget_company_picker",
    renderer="core:templates/directory/picker.pt",
    permission="budgets.edit",
)
def budget_company_picker(request):
    """Companies for an agency row's picker (its input is ``agencies.<n>.company``)."""
    from core.directory.services.companies import pick_companies, picker_label

    text = next((v for k, v in request.params.items() if k.endswith(".company")), "")
    companies = pick_companies(request.dbsession, text.strip())
    return {"labels": [picker_label(c) for c in companies]}


def company_budgets(company: Company, request) -> dict:
    return {
        "budgets": services.budgets_of_company(request.dbsession, company),
        "company": company,
        "can_add": services.is_advertiser(company) and company.active,
        "people": get_renderer(PEOPLE).implementation(),
    }


def contact_budgets(contact, request) -> dict:
    return {"budgets": services.budgets_of_contact(request.dbsession, contact)}
