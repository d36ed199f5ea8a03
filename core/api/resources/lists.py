"""``/lists``: company and contact lists, their rows and their regeneration.

The rules are the list pages' (:mod:`core.lists.access`): a caller sees the
public lists, their own and those shared with their team; the owner (or an
administrator) changes a list, others only when it allows modification.
Rows only ever show records the caller may see.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select

from core.access import api as access_api
from core.api.errors import ApiError, invalid
from core.api.resources.lists_schemas import (
    ListCreate,
    ListFilters,
    ListOut,
    ListPatch,
    Regenerated,
    RowFilters,
    RowOut,
    RowPatch,
    RowsChange,
    RowsChanged,
)
from core.api.resources.portfolios import Held
from core.directory.models import Company, Contact
from core.i18n import _
from core.lists import services
from core.lists.access import can_change
from core.lists.criteria import matching_ids, read_criteria
from core.lists.models import COMPANY, ListInfo, ListRow, ListType, RecordList
from core.lists.queries import RowFilter, filtered
from core.lists.services import ListError
from core.search.models import SavedSearch

CHOOSE = _("Choose one of the proposed values.")


def _refused(exc: ListError) -> ApiError:
    return invalid({"type" if exc.field == "type_id" else exc.field: exc.message})


def _type_id(call, code: str | None) -> int | None:
    if code is None:
        return None
    list_type = call.dbsession.scalar(select(ListType).where(ListType.code == code))
    if list_type is None or not list_type.active:
        raise invalid({"type": CHOOSE})
    return list_type.id


def _editable(call, record_list: RecordList | None = None) -> RecordList:
    record_list = call.target if record_list is None else record_list
    if not can_change(call.request, record_list):
        raise ApiError(403, "forbidden", _("You may not change this list."))
    return record_list


def load_list(call) -> RecordList | None:
    return access_api.visible(call, RecordList)


def list_lists(call):
    statement = select(RecordList).where(call.request.access.filter("list"))
    filters = call.query.given()
    if "kind" in filters:
        statement = statement.where(RecordList.kind == filters["kind"])
    if "type" in filters:
        statement = statement.join(ListType, ListType.id == RecordList.type_id)
        statement = statement.where(ListType.code == filters["type"])
    if "owner_id" in filters:
        statement = statement.where(RecordList.owner_id == filters["owner_id"])
    return statement


def _search_criteria(call, body: ListCreate):
    """The criteria sent, or those of the caller's saved search."""
    if body.saved_search_id is None:
        return body.criteria
    if body.criteria is not None:
        raise invalid({"saved_search_id": _("Send criteria or a saved search.")})
    saved = call.dbsession.get(SavedSearch, body.saved_search_id)
    criteria = read_criteria(json.dumps(saved.criteria)) if saved else None
    if saved is None or saved.user_id != call.user.id or criteria is None:
        raise invalid({"saved_search_id": _("No such saved search.")})
    return criteria


def _visible_ids(call, kind: str, ids: list[int]) -> list[int]:
    """The ids, all of records the caller may see; else a 422 on ``ids``."""
    model = Company if kind == COMPANY else Contact
    wanted = sorted(set(ids))
    found = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(
            call.dbsession.scalars(
                select(model.id).where(
                    model.id.in_(chunk), call.request.access.filter(kind)
                )
            )
        )
    missing = [ident for ident in wanted if ident not in found]
    if missing:
        shown = ", ".join(str(ident) for ident in missing[:10])
        message = (
            _("No such companies: ${ids}.", mapping={"ids": shown})
            if kind == COMPANY
            else _("No such contacts: ${ids}.", mapping={"ids": shown})
        )
        raise invalid({"ids": message})
    return wanted


def create_list(call):
    body = call.body
    criteria = _search_criteria(call, body)
    kind = body.kind
    if criteria is not None:
        if kind is not None and kind != criteria.entity:
            raise invalid({"kind": _("The search finds another kind of records.")})
        kind = criteria.entity
    if kind is None:
        raise invalid({"kind": _("Choose companies or contacts.")})
    ids = _visible_ids(call, kind, body.ids)
    try:
        record_list = services.create_list(
            call.dbsession,
            call.user,
            body.name,
            kind,
            _type_id(call, body.type),
            body.visibility,
            body.allow_modification,
            criteria.to_json() if criteria is not None else None,
        )
    except ListError as exc:
        raise _refused(exc) from exc
    services.add_records(call.dbsession, record_list, ids)
    if criteria is not None:
        found = matching_ids(call.dbsession, criteria, call.request.access)
        services.regenerate(call.dbsession, record_list, found)
    return record_list


def get_list(call):
    return call.target


def patch_list(call):
    record_list = _editable(call)
    changes = call.body.changes()
    if "type" in changes:
        changes["type_id"] = _type_id(call, changes.pop("type"))
    try:
        return services.update_list(call.dbsession, record_list, call.user, changes)
    except services.ListForbidden as exc:
        raise ApiError(403, "forbidden", exc.message) from exc
    except ListError as exc:
        raise _refused(exc) from exc


def delete_list(call):
    services.delete_list(call.dbsession, _editable(call))


def regenerate_list(call):
    record_list = _editable(call)
    criteria = read_criteria(json.dumps(record_list.criteria or {}))
    if record_list.criteria is None or criteria is None:
        raise ApiError(409, "conflict", _("This list was not made from a search."))
    found = matching_ids(call.dbsession, criteria, call.request.access)
    return Regenerated(**services.regenerate(call.dbsession, record_list, found))


def list_rows(call):
    query = call.query
    row_filter = RowFilter(
        text=query.q or "", info=query.info or "", hidden=query.hidden
    )
    return filtered(call.target, row_filter, call.request.access)


def add_rows(call):
    record_list = _editable(call)
    ids = _visible_ids(call, record_list.kind, call.body.ids)
    return RowsChanged(count=services.add_records(call.dbsession, record_list, ids))


def remove_rows(call):
    record_list = _editable(call)
    rows = services.existing_rows(call.dbsession, record_list)
    row_ids = [rows[i].id for i in call.body.ids if i in rows and not rows[i].removed]
    count = services.remove_rows(call.dbsession, record_list, row_ids)
    return RowsChanged(count=count)


def load_row(call) -> Held | None:
    record_list = access_api.visible(call, RecordList)
    if record_list is None:
        return None
    try:
        row = services.get_row(call.dbsession, record_list, call.ids["row_id"])
    except LookupError:
        return None
    visible = call.dbsession.scalar(
        services.base_rows(record_list, call.request.access)
        .where(ListRow.id == row.id)
        .with_only_columns(ListRow.id)
    )
    return Held(row) if visible is not None else None


def patch_row(call):
    row = call.target.row
    record_list = _editable(call, call.dbsession.get(RecordList, row.list_id))
    changes = call.body.changes()
    if "info" in changes:
        try:
            info = services.info_for(call.dbsession, record_list, changes["info"])
        except ListError as exc:
            raise _refused(exc) from exc
        row.info = info
        row.info_id = info.id if info else None
    if "selected" in changes:
        row.selected = changes["selected"]
    if "hidden" in changes:
        row.hidden = changes["hidden"]
        if row.hidden:
            row.selected = False
    return row


def _record_name():
    """Sort rows by their record's name, whichever kind the list holds."""
    # Correlated on the row only: the rows' query joins the record itself.
    company = (
        select(Company.name).where(Company.id == ListRow.company_id).correlate(ListRow)
    )
    contact = (
        select(Contact.last_name + " " + Contact.first_name)
        .where(Contact.id == ListRow.contact_id)
        .correlate(ListRow)
    )
    return func.lower(
        func.coalesce(company.scalar_subquery(), contact.scalar_subquery())
    )


def includeme(config):
    config.add_api_operation(
        "lists.list",
        "GET",
        "/lists",
        list_lists,
        summary=_("List the lists I may see"),
        description=_(
            "Public lists, mine and those shared with my team, with the number "
            "of their rows I may see."
        ),
        permission="lists.use",
        query=ListFilters,
        response=ListOut,
        paginated=True,
        sort={
            "name": RecordList.name,
            "created_at": RecordList.created_at,
            "updated_at": RecordList.updated_at,
        },
        default_sort="-created_at",
    )
    config.add_api_operation(
        "lists.create",
        "POST",
        "/lists",
        create_list,
        summary=_("Make a list, by hand or from an advanced search"),
        permission="lists.use",
        body=ListCreate,
        response=ListOut,
        status=201,
        location="/lists/{id}",
    )
    config.add_api_operation(
        "lists.get",
        "GET",
        "/lists/{id}",
        get_list,
        summary=_("Read a list"),
        permission="lists.use",
        response=ListOut,
        load=load_list,
    )
    config.add_api_operation(
        "lists.patch",
        "PATCH",
        "/lists/{id}",
        patch_list,
        summary=_("Change a list's name, type or visibility"),
        permission="lists.use",
        body=ListPatch,
        response=ListOut,
        load=load_list,
    )
    config.add_api_operation(
        "lists.delete",
        "DELETE",
        "/lists/{id}",
        delete_list,
        summary=_("Delete a list"),
        permission="lists.use",
        load=load_list,
    )
    config.add_api_operation(
        "lists.regenerate",
        "POST",
        "/lists/{id}/regenerate",
        regenerate_list,
        summary=_("Run a list's search again"),
        description=_(
            "New matches come in; rows added or removed by hand, and every mark, stay."
        ),
        permission="lists.use",
        response=Regenerated,
        load=load_list,
        errors=(409,),
    )
    config.add_api_operation(
        "lists.rows",
        "GET",
        "/lists/{id}/rows",
        list_rows,
        summary=_("List the rows of a list"),
        permission="lists.use",
        query=RowFilters,
        response=RowOut,
        load=load_list,
        paginated=True,
        sort={
            "name": _record_name(),
            "added_at": ListRow.added_at,
            "info": select(ListInfo.label)
            .where(ListInfo.id == ListRow.info_id)
            .scalar_subquery(),
        },
        default_sort="name",
    )
    config.add_api_operation(
        "lists.rows_add",
        "POST",
        "/lists/{id}/rows",
        add_rows,
        summary=_("Add companies or contacts to a list"),
        permission="lists.use",
        body=RowsChange,
        response=RowsChanged,
        load=load_list,
    )
    config.add_api_operation(
        "lists.rows_remove",
        "DELETE",
        "/lists/{id}/rows",
        remove_rows,
        summary=_("Take companies or contacts out of a list"),
        description=_(
            "Send the list's ETag or `*` in If-Match. Regenerating the list "
            "does not bring them back."
        ),
        permission="lists.use",
        body=RowsChange,
        response=RowsChanged,
        load=load_list,
    )
    config.add_api_operation(
        "lists.row_patch",
        "PATCH",
        "/lists/{id}/rows/{row_id}",
        patch_row,
        summary=_("Tag, hide or select a row of a list"),
        description=_("Send `If-Match: *`: a row has no version."),
        permission="lists.use",
        body=RowPatch,
        response=RowOut,
        load=load_row,
    )
