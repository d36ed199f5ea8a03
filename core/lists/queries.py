"""The rows a list page shows: its filter, sort and page, and bulk targets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, selectinload

from core.actions.models import Action
from core.directory.models import Company, Contact
from core.forms import parse_id
from core.lists.models import COMPANY, ListInfo, ListRow, RecordList
from core.lists.services import base_rows, row_column
from core.search.index import folded_contains

PAGE_SIZES = (25, 50, 100, 200)
SORTS = ("name", "added", "info")
EMPTY = "empty"


@dataclass
class RowFilter:
    """What the user narrowed the list page to (kept in the page's URL)."""

    text: str = ""
    info: str = ""  # an info id, "empty", or "" for all
    hidden: bool = False  # show the hidden rows instead of the shown ones
    sort: str = "name"
    page: int = 1
    size: int = 50

    @classmethod
    def from_params(cls, params) -> RowFilter:
        def number(name, default):
            # A word or a number too long for the database: the default.
            value = parse_id(params.get(name, ""))
            return value if value is not None else default

        size = number("size", 50)
        sort = params.get("sort", "name")
        return cls(
            text=params.get("q", "").strip()[:100],
            info=params.get("info", ""),
            hidden=params.get("hidden") == "1",
            sort=sort if sort in SORTS else "name",
            page=number("page", 1),
            size=size if size in PAGE_SIZES else 50,
        )

    def params(self, **changes) -> dict:
        values = {
            "q": self.text,
            "info": self.info,
            "hidden": "1" if self.hidden else "",
            "sort": self.sort,
            "size": str(self.size),
            "page": str(self.page),
        }
        values.update({k: str(v) for k, v in changes.items()})
        return {k: v for k, v in values.items() if v}


def _text_condition(kind: str, text: str):
    if kind == COMPANY:
        return folded_contains(text, Company.name, Company.trade_name)
    company_name = select(Company.name).where(Company.id == Contact.company_id)
    return folded_contains(
        text,
        Contact.last_name,
        Contact.first_name,
        Contact.email,
        company_name.scalar_subquery(),
    )


def filtered(record_list: RecordList, row_filter: RowFilter, access=None):
    """Rows matching the filter, hidden ones only when asked for."""
    query = base_rows(record_list, access).where(ListRow.hidden.is_(row_filter.hidden))
    if row_filter.text:
        query = query.where(_text_condition(record_list.kind, row_filter.text))
    if row_filter.info == EMPTY:
        query = query.where(ListRow.info_id.is_(None))
    elif parse_id(row_filter.info) is not None:
        query = query.where(ListRow.info_id == parse_id(row_filter.info))
    return query


def _ordered(record_list: RecordList, query, sort: str):
    if sort == "added":
        return query.order_by(ListRow.added_at.desc(), ListRow.id.desc())
    if sort == "info":
        label = select(ListInfo.label).where(ListInfo.id == ListRow.info_id)
        query = query.order_by(
            label.scalar_subquery().is_(None), label.scalar_subquery()
        )
    if record_list.kind == COMPANY:
        return query.order_by(Company.name, ListRow.id)
    return query.order_by(Contact.last_name, Contact.first_name, ListRow.id)


@dataclass
class Page:
    rows: list[ListRow]
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def page_of(
    session: Session, record_list: RecordList, row_filter: RowFilter, access=None
) -> Page:
    query = filtered(record_list, row_filter, access)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // row_filter.size))
    number = min(row_filter.page, pages)
    options = (
        selectinload(ListRow.company).selectinload(Company.addresses),
        selectinload(ListRow.contact).selectinload(Contact.company),
        selectinload(ListRow.info),
        selectinload(ListRow.last_action).selectinload(Action.type),
    )
    rows = session.scalars(
        _ordered(record_list, query, row_filter.sort)
        .options(*options)
        .limit(row_filter.size)
        .offset((number - 1) * row_filter.size)
    ).all()
    return Page(list(rows), total, number, row_filter.size)


SELECTED = "selected"
VISIBLE = "visible"
TARGETS = (SELECTED, VISIBLE)


def target_rows(
    session: Session,
    record_list: RecordList,
    target: str,
    row_filter: RowFilter,
    access=None,
) -> list[ListRow]:
    """The rows a bulk action applies to.

    ``selected``: the ticked rows that are not hidden; ``visible``: every
    row the page's filter shows (all its pages), ticked or not.
    """
    if target == SELECTED:
        query = base_rows(record_list, access).where(
            ListRow.selected.is_(True), ListRow.hidden.is_(False)
        )
    else:
        shown = RowFilter(text=row_filter.text, info=row_filter.info)
        query = filtered(record_list, shown, access)
    return list(session.scalars(query.order_by(ListRow.id)))


def shown_query(record_list: RecordList, row_filter: RowFilter, access=None):
    """Row ids and record ids of the rows the filter shows (an export's rows)."""
    column = row_column(record_list.kind)
    shown = RowFilter(text=row_filter.text, info=row_filter.info)
    return filtered(record_list, shown, access).with_only_columns(ListRow.id, column)


def paged_ids(
    session: Session, query, page: int = 1000, between_pages=None
) -> Iterator[int]:
    """The record ids of :func:`shown_query`, in row order, a page at a time.

    Read by pages of row ids (keyset) so an export of any size holds one
    page in memory, whatever the database's cursor does. A background
    export passes ``between_pages(ids_read)``, called before each page after
    the first: it ends the transaction there and records the progress.
    """
    statement = (
        query.where(ListRow.id > bindparam("last")).order_by(ListRow.id).limit(page)
    )
    last = 0
    read = 0
    while True:
        if read and between_pages is not None:
            between_pages(read)
        # Plain rows from the connection, the statement built once: a page
        # of ids is then one round trip and nothing else.
        found = session.connection().execute(statement, {"last": last}).all()
        if not found:
            return
        yield from (ident for _row_id, ident in found)
        read += len(found)
        if len(found) < page:
            return
        last = found[-1][0]
