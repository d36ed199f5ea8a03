"""``/search?q=``: the quick search's sources, as JSON."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from core.api.schemas import Filters
from core.api.types import text
from core.forms import FieldError
from core.i18n import _
from core.search.text import too_short

MAX_LIMIT = 50


class SearchQuery(Filters):
    # Long pastes are cut by the search itself rather than refused.
    q: Annotated[
        text(20_000, min_length=1),
        Field(description="At least 2 characters; only the first 100 count."),
    ]
    limit: Annotated[
        int, Field(ge=1, le=MAX_LIMIT, description="Hits per source at most.")
    ] = 10

    @field_validator("q")
    @classmethod
    def _two_characters(cls, value: str) -> str:
        # "a", "*a*" or "**" would find nothing: say why instead.
        if too_short(value):
            raise FieldError(_("Type at least two characters."))
        return value


class SearchHit(BaseModel):
    title: str
    detail: str
    url: str


class SearchGroup(BaseModel):
    source: str
    title: str
    total: int = Field(description="Matches found, counted up to a bound.")
    items: list[SearchHit]


class SearchResults(BaseModel):
    q: str
    groups: list[SearchGroup]


def _hit(hit) -> SearchHit:
    # Sources come from plugins too; read what a hit offers, nothing more.
    return SearchHit(
        title=str(getattr(hit, "title", hit)),
        detail=str(getattr(hit, "detail", "") or ""),
        url=str(getattr(hit, "url", "") or ""),
    )


def search(call) -> SearchResults:
    request = call.request
    text_, limit = call.query.q, call.query.limit
    groups = []
    for source in request.registry.relais_search_sources:
        hits, total = source.search(request, text_, limit)
        groups.append(
            SearchGroup(
                source=source.name,
                title=request.localizer.translate(source.title),
                total=total,
                items=[_hit(hit) for hit in hits[:limit]],
            )
        )
    return SearchResults(q=text_, groups=groups)


def includeme(config):
    config.add_api_operation(
        "search",
        "GET",
        "/search",
        search,
        summary=_("Search every source of the quick search"),
        query=SearchQuery,
        response=SearchResults,
    )
