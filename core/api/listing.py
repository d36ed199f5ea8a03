"""Pagination and sorting of list operations.

``?page=2&per_page=50&sort=name,-created_at`` pages a list; the body is
``{"items": [...], "page", "per_page", "total"}`` and the ``Link`` header
names the first, previous, next and last pages (RFC 8288).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select

from core.api.errors import invalid
from core.api.validation import check
from core.i18n import _

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_PAGE = 100_000

LIST_PARAMS = ("page", "per_page", "sort")


class PageParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    page: Annotated[int, Field(ge=1, le=MAX_PAGE, description="Page number.")] = 1
    per_page: Annotated[
        int,
        Field(
            ge=1,
            le=MAX_PER_PAGE,
            description=f"Items per page, at most {MAX_PER_PAGE}.",
        ),
    ] = DEFAULT_PER_PAGE


@dataclass(frozen=True)
class SortKey:
    name: str
    descending: bool


def parse_sort(text: str, allowed, default: str) -> list[SortKey]:
    """Read ``name,-created_at``; a field not declared for sorting is refused."""
    parts = [part.strip() for part in (text or default).split(",") if part.strip()]
    keys: list[SortKey] = []
    unknown = []
    for part in parts:
        name = part.removeprefix("-")
        if name not in allowed:
            unknown.append(name)
        elif name not in {key.name for key in keys}:
            keys.append(SortKey(name, part.startswith("-")))
    if unknown:
        raise invalid(
            {
                "sort": _(
                    "Sort by one of: ${fields}.",
                    mapping={"fields": ", ".join(allowed) or "-"},
                )
            }
        )
    return keys


def page_params(values: dict[str, str]) -> PageParams:
    return check(
        PageParams, {k: v for k, v in values.items() if k in PageParams.model_fields}
    )


def ordered(statement, keys: list[SortKey], columns, tiebreaker):
    clauses = []
    for key in keys:
        column = columns[key.name]
        clause = column.desc() if key.descending else column.asc()
        # SQLite and PostgreSQL disagree on where NULL sorts: say it.
        clauses.append(clause.nulls_last())
    # A unique last key keeps pages stable when sort values tie.
    clauses.append(tiebreaker)
    return statement.order_by(None).order_by(*clauses)


def count(dbsession, statement) -> int:
    subquery = statement.order_by(None).subquery()
    return dbsession.scalar(select(func.count()).select_from(subquery))


def fetch_page(dbsession, statement, params: PageParams) -> list[Any]:
    offset = (params.page - 1) * params.per_page
    return list(dbsession.scalars(statement.offset(offset).limit(params.per_page)))


def link_header(request, params: PageParams, total: int) -> str:
    """Links to the neighbouring pages, keeping the caller's other parameters."""
    last = max(1, -(-total // params.per_page))
    others = [(k, v) for k, v in request.GET.items() if k not in ("page", "per_page")]
    base = request.path_url

    def url(page: int) -> str:
        query = others + [("page", str(page)), ("per_page", str(params.per_page))]
        return f"{base}?{urlencode(query)}"

    links = [(url(1), "first")]
    if params.page > 1:
        links.append((url(min(params.page - 1, last)), "prev"))
    if params.page < last:
        links.append((url(params.page + 1), "next"))
    links.append((url(last), "last"))
    return ", ".join(f'<{target}>; rel="{rel}"' for target, rel in links)
