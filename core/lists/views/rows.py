"""A row's marks, saved as they happen (htmx): hide, select, info."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPBadRequest, HTTPNotFound, HTTPSeeOther
from pyramid.renderers import get_renderer
from pyramid.view import view_config

from core.lists import services
from core.lists.access import get_list
from core.lists.services import ListError

MACROS = "core:templates/lists/macros.pt"
ACTIONS = ("hide", "show", "select", "unselect", "info")


@view_config(
    route_name="list_row",
    request_method="POST",
    permission="lists.use",
    renderer="core:templates/lists/row_update.pt",
)
def row_mark(request):
    record_list = get_list(request, edit=True)
    what = request.matchdict["what"]
    if what not in ACTIONS:
        raise HTTPNotFound()
    try:
        row = services.get_row(
            request.dbsession, record_list, int(request.matchdict["row"])
        )
    except LookupError as exc:
        raise HTTPNotFound() from exc

    error = None
    if what in ("hide", "show"):
        row.hidden = what == "hide"
        if row.hidden:
            row.selected = False
    elif what in ("select", "unselect"):
        row.selected = what == "select"
    else:
        try:
            info = services.info_for(
                request.dbsession, record_list, request.POST.get("info", "")
            )
        except ListError as exc:
            error = exc.message
        else:
            row.info = info
            row.info_id = info.id if info else None
    request.dbsession.flush()

    if not request.headers.get("HX-Request"):
        if error:
            raise HTTPBadRequest()
        return HTTPSeeOther(
            request.route_url("list", id=record_list.id, _query=request.GET)
        )
    if error:
        request.response.status = 422
    return {
        "record_list": record_list,
        "row": row,
        "error": error,
        # The row says its info was kept, whether typed with Enter or not.
        "saved_info": what == "info" and error is None,
        "counters": services.counters(request.dbsession, record_list, request.access),
        "contact_counts": services.contact_counts(
            request.dbsession, [row.company_id] if row.company_id else []
        ),
        "editable": True,
        # A hidden row leaves the page of shown rows, and the other way round.
        "gone": row.hidden != (request.params.get("hidden") == "1"),
        "macros": macros(),
        "showing_hidden": request.params.get("hidden") == "1",
    }


def macros():
    return get_renderer(MACROS).implementation()
