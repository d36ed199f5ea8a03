"""``/search/results`` and ``/saved-searches``: the advanced search, as JSON.

The body of a search is the same :class:`core.search.criteria.Criteria`
the page and lists use, so a saved search means the same thing everywhere.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field
from sqlalchemy import select

from core.api.errors import invalid
from core.api.schemas import Create, Filters, Resource
from core.api.types import Instant, text
from core.directory.services import FormErrors
from core.i18n import _
from core.search import services
from core.search.criteria import Criteria
from core.search.models import SavedSearch


class SearchRun(Create):
    criteria: Criteria = Field(default_factory=Criteria)
    page: Annotated[int, Field(ge=1, le=10_000)] = 1
    per_page: Annotated[int, Field(ge=1, le=100)] = services.PER_PAGE
    count: bool = Field(
        True,
        description="Count the matches. False answers faster on a large result: "
        "total is then null unless this page is the last one; has_next tells "
        "whether a next page exists.",
    )


class ResultItem(BaseModel):
    id: int
    title: str
    detail: str
    url: str


class SearchResultsOut(BaseModel):
    total: int | None = Field(
        description="Matches, counted up to 10,000 (then 10001); null when "
        "not counted (count false)."
    )
    bounded: bool = Field(description="Whether more than 10,000 matched.")
    page: int
    per_page: int
    has_next: bool = Field(description="Whether a next page exists.")
    items: list[ResultItem]


class SavedSearchCreate(Create):
    name: text(120, min_length=1)
    criteria: Criteria = Field(default_factory=Criteria)


class SavedSearchOut(Resource):
    id: int
    name: str
    criteria: dict
    created_at: Instant


def _item(request, entity: str, record) -> ResultItem:
    if entity == "company":
        detail = " · ".join(p for p in (record.type_label, record.city) if p)
        url = request.route_url("company", id=record.id)
        return ResultItem(id=record.id, title=record.name, detail=detail, url=url)
    if entity == "budget":
        url = request.route_url("budget", id=record.id)
        detail = record.company.name
        return ResultItem(id=record.id, title=record.name, detail=detail, url=url)
    url = request.route_url("contact", id=record.id)
    return ResultItem(
        id=record.id, title=record.display_name, detail=record.company_name, url=url
    )


def _check(criteria: Criteria) -> None:
    """Refuse criteria that would be ignored together, as the page does."""
    mistakes = criteria.mistakes()
    if mistakes:
        raise invalid({f"criteria.{name}": text for name, text in mistakes.items()})


def run_search(call) -> SearchResultsOut:
    body = call.body
    _check(body.criteria)
    page = services.result_page(
        call.dbsession,
        body.criteria,
        call.request.access,
        body.page,
        body.per_page,
        count=body.count,
    )
    entity = body.criteria.entity
    return SearchResultsOut(
        total=page.total,
        bounded=page.bounded,
        page=page.page,
        per_page=page.per_page,
        has_next=page.has_next,
        items=[_item(call.request, entity, record) for record in page.records],
    )


class SavedFilters(Filters):
    pass


def list_saved(call):
    return select(SavedSearch).where(SavedSearch.user_id == call.user.id)


def create_saved(call):
    _check(call.body.criteria)
    try:
        return services.save_search(
            call.dbsession, call.user, call.body.name, call.body.criteria
        )
    except FormErrors as exc:
        raise invalid(exc.errors) from exc


def includeme(config):
    config.add_api_operation(
        "search.results",
        "POST",
        "/search/results",
        run_search,
        summary=_("Run an advanced search"),
        body=SearchRun,
        response=SearchResultsOut,
        status=200,
    )
    config.add_api_operation(
        "saved_searches.list",
        "GET",
        "/saved-searches",
        list_saved,
        summary=_("List my saved searches"),
        query=SavedFilters,
        response=SavedSearchOut,
        paginated=True,
        sort={"name": SavedSearch.name, "created_at": SavedSearch.created_at},
        default_sort="name",
    )
    config.add_api_operation(
        "saved_searches.create",
        "POST",
        "/saved-searches",
        create_saved,
        summary=_("Save a search under a name"),
        body=SavedSearchCreate,
        response=SavedSearchOut,
        status=201,
    )
