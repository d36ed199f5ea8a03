"""Bulk actions on the selected or visible rows, and their progress."""

from __future__ import annotations

import logging

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config

from core.auth.views import public_url
from core.directory.models import Contact
from core.i18n import _
from core.lists import bulk, services
from core.lists.access import get_list
from core.lists.emailing import FOOTER, contact_of_token
from core.lists.models import ListOperation, RecordList
from core.lists.queries import SELECTED, TARGETS, RowFilter, target_rows
from core.lists.services import ListError
from core.lists.views.pages import flash, list_values

log = logging.getLogger(__name__)

LIST_PAGE = "core:templates/lists/list.pt"


def _back(request, record_list):
    row_filter = RowFilter.from_params(request.POST)
    return HTTPSeeOther(
        request.route_url("list", id=record_list.id, _query=row_filter.params())
    )


def _refused(request, record_list, errors: dict):
    """The list page again, the form as posted and each error by its field."""
    values = list_values(
        request,
        record_list,
        bulk_values=request.POST.mixed(),
        bulk_errors=errors,
    )
    response = render_to_response(LIST_PAGE, values, request=request)
    response.status = 400
    return response


def _import_list(request, record_list):
    source_id = request.POST.get("source_id", "")
    source = (
        request.dbsession.get(RecordList, int(source_id))
        if source_id.isdigit()
        else None
    )
    if source is None or not request.access.can_view(source):
        return _refused(
            request, record_list, {"source_id": _("Choose a list to import.")}
        )
    try:
        added = services.import_list(request.dbsession, record_list, source)
    except ListError as exc:
        flash(request, exc.message)
        return _back(request, record_list)
    bulk.record_done(
        request.dbsession,
        request.identity,
        record_list,
        "import_list",
        added,
        {"source_id": source.id, "source_name": source.name},
    )
    flash(request, _("${count} added to the list.", mapping={"count": added}))
    return _back(request, record_list)


@view_config(route_name="list_bulk", request_method="POST", permission="lists.use")
def list_bulk(request):
    record_list = get_list(request, edit=True)
    name = request.POST.get("operation", "")
    if name == "import_list":
        return _import_list(request, record_list)
    operation = bulk.BY_NAME.get(name)
    if operation is None or record_list.kind not in operation.kinds:
        flash(request, _("Choose an action."))
        return _back(request, record_list)
    if not request.has_permission(operation.permission):
        raise HTTPForbidden()
    # The form posts every field; the operation gets only those it reads.
    parameters = {k: request.POST[k] for k in operation.fields if k in request.POST}
    # The worker has no request: the link and the footer are made here, in
    # the sender's language.
    parameters["unsubscribe_url"] = public_url(request, "unsubscribe", token="TOKEN")
    parameters["unsubscribe_footer"] = request.localizer.translate(FOOTER)
    try:
        parameters = bulk.check_parameters(request.dbsession, operation, parameters)
    except bulk.BulkError as exc:
        if exc.errors:
            return _refused(request, record_list, exc.errors)
        flash(request, exc.message)
        return _back(request, record_list)
    refused = bulk.refused_fields(
        request.identity, request.has_permission, operation, parameters
    )
    if refused:
        return _refused(request, record_list, refused)

    target = request.POST.get("target", SELECTED)
    target = target if target in TARGETS else SELECTED
    rows = target_rows(
        request.dbsession,
        record_list,
        target,
        RowFilter.from_params(request.POST),
        request.access,
    )
    if not rows:
        # Given back with the form, so a message already written is not lost.
        message = _("No row to apply it to: select rows first.")
        return _refused(request, record_list, {"target": message})
    record = bulk.start(
        request.dbsession,
        request.identity,
        record_list,
        operation,
        target,
        rows,
        parameters,
        checked=True,
    )

    if len(rows) <= bulk.INLINE_LIMIT:
        bulk.run_batches(request.dbsession, request.registry, record, request.tasks)
        flash(request, _done_message(request, operation, record, len(rows)))
    else:
        request.tasks.enqueue("lists.bulk", record.id)
        flash(
            request,
            _(
                "${title}: ${count} rows, under way.",
                mapping={
                    "title": request.localizer.translate(operation.title),
                    "count": len(rows),
                },
            ),
        )
    return _back(request, record_list)


@view_config(
    route_name="list_operation",
    renderer="core:templates/lists/operation.pt",
    permission="lists.use",
)
def operation_progress(request):
    """One operation's progress, polled by the list page while it runs."""
    record_list = get_list(request)
    record = request.dbsession.get(ListOperation, int(request.matchdict["op"]))
    if record is None or record.list_id != record_list.id:
        raise HTTPNotFound()
    return {"record_list": record_list, "operation": record}


def _done_message(request, operation, record, count: int):
    """What a finished bulk action did; an e-mailing says whom it skipped."""
    title = request.localizer.translate(operation.title)
    skipped = (record.parameters or {}).get("not_allowed")
    if skipped:
        return _(
            "${title}: done for ${done} rows; ${skipped} left as they were "
            "(records you may not change).",
            mapping={"title": title, "done": count - skipped, "skipped": skipped},
        )
    if "sent" not in (record.parameters or {}):
        return _(
            "${title}: done for ${count} rows.",
            mapping={"title": title, "count": count},
        )
    sent = record.parameters["sent"]
    return _(
        "${title}: ${sent} sent, ${skipped} skipped (do not contact or no "
        "e-mail address).",
        mapping={"title": title, "sent": sent, "skipped": count - sent},
    )


@view_config(
    route_name="unsubscribe",
    renderer="core:templates/lists/unsubscribed.pt",
    permission=NO_PERMISSION_REQUIRED,
)
def unsubscribe(request):
    """The link of an e-mailing: the contact asks not to be contacted again.

    Opening the link only asks; the button sends the request. Mail scanners
    and link previews open every link of a message, and must not unsubscribe
    anyone by doing so.
    """
    secret = request.registry.relais_settings["relais.secret"]
    ident = contact_of_token(secret, request.matchdict["token"])
    contact = request.dbsession.get(Contact, ident) if ident else None
    if contact is None:
        raise HTTPNotFound()
    if request.method != "POST":
        return {"title": _("Stop the e-mailings?"), "asking": True}
    if not contact.do_not_contact:
        contact.do_not_contact = True
        log.info("lists.unsubscribed contact_id=%s", contact.id)
    return {"title": _("You will not be contacted again"), "asking": False}
