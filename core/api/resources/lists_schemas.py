"""What ``/lists`` reads and writes: lists, their rows, and the changes to them.

A list's element counts and whether the caller may change it depend on who
asks (private records of others are not counted), so :meth:`ListOut.of`
reads the current request's access rules.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field
from pyramid.threadlocal import get_current_request

from core.api.schemas import Create, Filters, Patch, Resource
from core.api.types import Code, Id, Instant, text
from core.lists import services
from core.lists.access import can_change
from core.search.criteria import Criteria

Kind = Literal["company", "contact"]
Visibility = Literal["public", "private", "shared"]
RecordIds = Annotated[list[Id], Field(min_length=1, max_length=10_000)]


class InfoOut(BaseModel):
    id: int
    label: str


class CountsOut(BaseModel):
    total: int = Field(description="Rows of records the caller may see.")
    shown: int
    hidden: int
    selected: int


class ListOut(Resource):
    id: int
    name: str
    kind: Kind
    type: str | None = Field(description="The `code` of the list type.")
    owner_id: int
    visibility: Visibility
    allow_modification: bool
    editable: bool = Field(description="Whether the caller may change the list.")
    criteria: dict | None = Field(
        description="The advanced search the list is built from, if any."
    )
    infos: list[InfoOut] = Field(description="The values of the list's info tag.")
    counts: CountsOut
    created_at: Instant
    updated_at: Instant
    regenerated_at: Instant | None
    version: int

    @classmethod
    def of(cls, record_list) -> ListOut:
        request = get_current_request()
        counters = services.counters(request.dbsession, record_list, request.access)
        return cls(
            id=record_list.id,
            name=record_list.name,
            kind=record_list.kind,
            type=record_list.type.code if record_list.type else None,
            owner_id=record_list.owner_id,
            visibility=record_list.visibility,
            allow_modification=record_list.allow_modification,
            editable=can_change(request, record_list),
            criteria=record_list.criteria,
            infos=[InfoOut(id=i.id, label=i.label) for i in record_list.infos],
            counts=CountsOut(
                total=counters.shown + counters.hidden,
                shown=counters.shown,
                hidden=counters.hidden,
                selected=counters.selected,
            ),
            created_at=record_list.created_at,
            updated_at=record_list.updated_at,
            regenerated_at=record_list.regenerated_at,
            version=record_list.version,
        )


class ListFilters(Filters):
    kind: Kind | None = None
    type: Code | None = None
    owner_id: Id | None = None


class ListCreate(Create):
    name: text(200, min_length=1)
    kind: Kind | None = Field(
        default=None,
        description="Required unless `criteria` or `saved_search_id` say it.",
    )
    type: Code | None = None
    visibility: Visibility = "private"
    allow_modification: bool = False
    criteria: Criteria | None = Field(
        default=None,
        description="An advanced search (as `/search/results` takes) to fill "
        "the list with and to regenerate it from.",
    )
    saved_search_id: Id | None = Field(
        default=None, description="One of my saved searches, instead of `criteria`."
    )
    ids: Annotated[list[Id], Field(max_length=10_000)] = Field(
        default_factory=list, description="Companies or contacts to add by hand."
    )


class ListPatch(Patch):
    name: text(200, min_length=1) = None
    type: Code | None = None
    visibility: Visibility = Field(
        default=None,
        description="Only the owner of the list (or an administrator) changes this.",
    )
    allow_modification: bool = Field(
        default=None,
        description="Only the owner of the list (or an administrator) changes this.",
    )


class RecordOut(BaseModel):
    id: int
    name: str
    company_id: int | None = Field(description="A contact's company.")
    company_name: str | None


class RowOut(Resource):
    id: int
    kind: Kind
    record: RecordOut
    info: InfoOut | None
    hidden: bool
    selected: bool
    origin: Literal["criteria", "hand"]
    added_at: Instant

    @classmethod
    def of(cls, row) -> RowOut:
        if row.company_id is not None:
            company = row.company
            record = RecordOut(
                id=company.id, name=company.name, company_id=None, company_name=None
            )
        else:
            contact = row.contact
            record = RecordOut(
                id=contact.id,
                name=contact.display_name,
                company_id=contact.company_id,
                company_name=contact.company.name if contact.company else None,
            )
        info = InfoOut(id=row.info.id, label=row.info.label) if row.info else None
        return cls(
            id=row.id,
            kind="company" if row.company_id is not None else "contact",
            record=record,
            info=info,
            hidden=row.hidden,
            selected=row.selected,
            origin=row.origin,
            added_at=row.added_at,
        )


class RowFilters(Filters):
    q: text(100, min_length=1) | None = None
    info: (
        Annotated[
            str,
            Field(
                pattern=r"^(empty|[1-9][0-9]{0,9})$",
                description="The id of one of the list's infos, or `empty`.",
            ),
        ]
        | None
    ) = None
    hidden: bool = Field(
        default=False, description="`true`: the hidden rows instead of the shown."
    )


class RowsChange(Create):
    ids: RecordIds = Field(description="Ids of companies or contacts (the list's).")


class RowsChanged(BaseModel):
    count: int = Field(description="Rows that came in or went out.")


class RowPatch(Patch):
    info: text(80) | None = Field(
        default=None, description="A label; a new one is added, empty clears."
    )
    hidden: bool = Field(default=None, description="Hiding a row unselects it.")
    selected: bool = None


class Regenerated(BaseModel):
    added: int
    dropped: int
