"""From a search to a list: new list, add to or remove from a list, regenerate."""

from __future__ import annotations

import json

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select

from core.forms import parse_id
from core.i18n import _
from core.lists import services
from core.lists.access import can_change, get_list
from core.lists.criteria import matching_ids, read_criteria, search_params
from core.lists.models import RecordList
from core.lists.views.pages import flash


def changeable_lists(request, kind: str) -> list[RecordList]:
    query = (
        select(RecordList)
        .where(request.access.filter("list"), RecordList.kind == kind)
        .order_by(RecordList.name)
    )
    return [r for r in request.dbsession.scalars(query) if can_change(request, r)]


@view_config(
    route_name="lists_for_search",
    renderer="core:templates/lists/search_options.pt",
    permission="lists.use",
)
def lists_for_search(request):
    """The lists a search's results can go to (loaded into the search page)."""
    kind = "contact" if request.params.get("entity") == "contact" else "company"
    return {"lists": changeable_lists(request, kind)}


@view_config(
    route_name="lists_from_search", request_method="POST", permission="lists.use"
)
def lists_from_search(request):
    criteria = read_criteria(request.POST.get("criteria", ""))
    back = request.route_url("search", _query=criteria.to_params() if criteria else {})
    if criteria is None:
        flash(request, _("The search could not be read: run it again."))
        return HTTPSeeOther(back)
    raw_target = request.POST.get("list_id", "").strip()
    target = parse_id(raw_target)
    if raw_target and target is None:
        raise HTTPNotFound()
    if target is None and request.POST.get("mode") == "remove":
        # Only an existing list has rows to remove: never open a new one.
        flash(request, _("Choose an existing list to remove the results from."))
        return HTTPSeeOther(back)
    if target is None:
        # A new list: its dialog keeps the criteria until it is saved.
        query = {"kind": criteria.entity, "criteria": json.dumps(criteria.to_json())}
        return HTTPSeeOther(request.route_url("list_new", _query=query))

    request.matchdict = {"id": str(target)}
    record_list = get_list(request, edit=True)
    if record_list.kind != criteria.entity:
        flash(request, _("Only a list of the same kind can take these results."))
        return HTTPSeeOther(back)
    ids = matching_ids(request.dbsession, criteria, request.access)
    if request.POST.get("mode") == "remove":
        rows = services.existing_rows(request.dbsession, record_list)
        row_ids = [rows[i].id for i in ids if i in rows and not rows[i].removed]
        count = services.remove_rows(request.dbsession, record_list, row_ids)
        flash(request, _("${count} removed from the list.", mapping={"count": count}))
    else:
        count = services.add_records(request.dbsession, record_list, ids)
        flash(request, _("${count} added to the list.", mapping={"count": count}))
    return HTTPSeeOther(request.route_url("list", id=record_list.id))


@view_config(
    route_name="list_regenerate", request_method="POST", permission="lists.use"
)
def list_regenerate(request):
    """Run the list's criteria again; manual changes and marks stay."""
    record_list = get_list(request, edit=True)
    criteria = read_criteria(json.dumps(record_list.criteria or {}))
    if record_list.criteria is None or criteria is None:
        flash(request, _("This list was not made from a search."))
        return HTTPSeeOther(request.route_url("list", id=record_list.id))
    ids = matching_ids(request.dbsession, criteria, request.access)
    result = services.regenerate(request.dbsession, record_list, ids)
    flash(
        request,
        _(
            "Regenerated: ${added} new, ${dropped} no longer matching.",
            mapping=result,
        ),
    )
    return HTTPSeeOther(request.route_url("list", id=record_list.id))


def back_to_search(request, record_list) -> str | None:
    """The search page with the list's criteria, to add or subtract."""
    if record_list.criteria is None:
        return None
    return request.route_url("search", _query=search_params(record_list.criteria))
