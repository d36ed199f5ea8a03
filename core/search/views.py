"""Search pages: the advanced search and the saved searches ("mes recherches")."""

from __future__ import annotations

import json
import logging

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from webob.multidict import MultiDict

from core.budgets.models import BudgetRole
from core.directory.models import Company
from core.directory.normalise import fold
from core.directory.services import FormErrors, references
from core.i18n import _
from core.keywords.models import Keyword
from core.opportunities.formatting import babel_locale
from core.search import geo
from core.search import services as service
from core.search.chips import LABELS, chips
from core.search.criteria import Criteria

PAGE = "core:templates/search/advanced.pt"
log = logging.getLogger(__name__)


def _page_number(request) -> int:
    raw = request.params.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 7 else 1


def _field(key: str) -> str:
    """The criterion an error is about: ``sector_ids.0`` is about the sectors."""
    return key.split(".")[0]


# Names a query string may carry that the chips do not show as criteria.
PAGE_LABELS = {"entity": _("Results"), "criteria": _("Search to save")}


def _label(name: str):
    """The label an error summary shows for a criterion, never its raw name."""
    return LABELS.get(name) or PAGE_LABELS.get(name) or _("A criterion")


def _kept(request, errors: dict) -> Criteria:
    """The criteria to show again beside errors: the valid ones stay filled.

    Leaving out a wrong criterion can make another one wrong (a radius
    without its place): those leave too, a few rounds at most.
    """
    wrong = {_field(key) for key in errors}
    for _round in range(3):
        valid = MultiDict((k, v) for k, v in request.params.items() if k not in wrong)
        criteria, more = Criteria.from_params(valid)
        if criteria is not None:
            return criteria
        wrong |= {_field(key) for key in more}
        if "radius_km" not in wrong and "near" in more:
            wrong.add("radius_km")
    return Criteria(entity=_entity(request))


def page_values(request, criteria: Criteria | None, errors: dict, **extra) -> dict:
    session = request.dbsession
    user = request.identity
    shown = criteria or _kept(request, errors)
    results = None
    if criteria is not None:
        page = _page_number(request)
        results = service.result_page(
            session, criteria, request.access, page, count=False
        )
    values = {
        "title": _("Advanced search"),
        "criteria": shown,
        "form": request.params,
        "errors": errors,
        # A folded section holding a criterion in error opens to show it.
        "has_error": lambda *names: any(_field(key) in names for key in errors),
        "error_summary": [
            (_field(key), _label(_field(key)), message)
            for key, message in errors.items()
        ],
        "results": results,
        "chips": chips(session, criteria, babel_locale(request)) if criteria else [],
        "types": references.company_types(session),
        "situations": references.situations(session),
        "sectors": references.sector_tree(session),
        "families": references.active(session, references.FunctionFamily),
        "functions": references.functions_by_family(session),
        "keywords": references.active(session, Keyword),
        "salespeople": _salespeople(session),
        # Île-de-France among the I's, not after Provence.
        "regions": sorted(geo.REGIONS.items(), key=lambda item: fold(item[1][0])),
        "departments": geo.departments(),
        "named": _named_companies(session, shown),
        "roles": references.active(session, BudgetRole),
        "saved": service.saved_searches(session, user),
        "url_for": lambda params: request.route_url("search", _query=params),
        "count_url": request.route_url("search_count", _query=shown.to_params()),
        "entity_urls": {
            entity: request.route_url(
                "search", _query=shown.replace(entity=entity).to_params()
            )
            for entity in ("company", "contact", "budget")
        },
        "criteria_json": json.dumps(shown.to_json()),
        "save_errors": {},
    }
    values.update(extra)
    return values


def _entity(request) -> str:
    wanted = request.params.get("entity")
    return wanted if wanted in ("contact", "budget") else "company"


COMPANY_NUMBERS = ("group_id", "works_with_id", "advertiser_id", "agency_id")


def _named_companies(session, criteria: Criteria) -> dict:
    """The companies the criteria name by number, to show their names."""
    named = {}
    for name in COMPANY_NUMBERS:
        ident = getattr(criteria, name)
        company = session.get(Company, ident) if ident is not None else None
        if company is not None:
            named[name] = company
    return named


def _salespeople(session):
    from core.directory.services.companies import salespeople

    return salespeople(session)


@view_config(route_name="search", renderer=PAGE, request_method="GET")
def advanced_search(request):
    criteria, errors = Criteria.from_params(request.params)
    if errors:
        request.response.status = 400
    return page_values(request, criteria, errors)


@view_config(
    route_name="search_count",
    renderer="core:templates/search/count.pt",
    request_method="GET",
)
def search_count(request):
    """The bounded count of a search, asked for once its page is drawn.

    The same criteria and access rules as the page: only the count differs.
    """
    criteria, errors = Criteria.from_params(request.params)
    if errors:
        request.response.status = 400
        return {"total": None, "bounded": False, "pages": None}
    total = service.count_matches(request.dbsession, criteria, request.access)
    return {
        "total": total,
        "bounded": total > service.COUNT_BOUND,
        "pages": service.pages_of(total),
    }


@view_config(route_name="search_saved", renderer=PAGE, request_method="POST")
def save_search(request):
    """Save the criteria of the page under a name, then show that search.

    Criteria that are not a search this page could run are refused, not
    saved as "everything".
    """
    criteria, problem = _posted_criteria(request.POST.get("criteria", ""))
    if criteria is None:
        log.info(
            "search.saved.refused user=%s reason=%s",
            getattr(request.identity, "id", None),
            problem,
        )
        request.response.status = 400
        return page_values(request, None, {"criteria": _REFUSALS[problem]})
    try:
        service.save_search(
            request.dbsession, request.identity, request.POST.get("name", ""), criteria
        )
    except FormErrors as exc:
        request.response.status = 400
        params = MultiDict(criteria.to_params())
        shown, errors = Criteria.from_params(params)
        return page_values(request, shown, errors, save_errors=exc.errors)
    request.session.flash(request.localizer.translate(_("The search is saved.")))
    return HTTPSeeOther(request.route_url("search", _query=criteria.to_params()))


_REFUSALS = {
    "json": _("The criteria to save are not readable: nothing was saved."),
    "unknown": _("The criteria to save name unknown criteria: nothing was saved."),
    "invalid": _("The criteria to save are not a valid search: nothing was saved."),
}


def _posted_criteria(raw: str) -> tuple[Criteria | None, str]:
    """The criteria of the save form, or ``None`` and why they are refused."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return None, "json"
    if not isinstance(data, dict):
        return None, "json"
    if set(data) - set(Criteria.model_fields):
        return None, "unknown"
    try:
        criteria = Criteria.from_json(data)
    except ValueError:
        return None, "invalid"
    if criteria.mistakes():
        return None, "invalid"
    return criteria, ""


@view_config(
    route_name="search_saved",
    renderer="core:templates/search/saved.pt",
    request_method="GET",
)
def saved_list(request):
    searches = service.saved_searches(request.dbsession, request.identity)
    return {
        "title": _("My searches"),
        "searches": searches,
        "open_url": lambda saved: request.route_url(
            "search", _query=Criteria.from_json(saved.criteria).to_params()
        ),
    }


@view_config(route_name="search_saved_delete", request_method="POST")
def saved_delete(request):
    saved = service.saved_search(
        request.dbsession, request.identity, int(request.matchdict["id"])
    )
    if saved is None:
        raise HTTPNotFound()
    service.delete_saved(request.dbsession, saved)
    request.session.flash(request.localizer.translate(_("The search is deleted.")))
    return HTTPSeeOther(request.route_url("search_saved"))


def includeme(config):
    config.add_route("search", "/search")
    config.add_route("search_count", "/search/count")
    config.add_route("search_saved", "/search/saved")
    config.add_route("search_saved_delete", r"/search/saved/{id:\d+}/delete")
    config.scan(__name__)
