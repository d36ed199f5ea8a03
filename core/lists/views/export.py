"""Export a list's shown rows: CSV streamed, XLSX at once or in the background."""

from __future__ import annotations

import logging

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.renderers import get_renderer, render_to_response
from pyramid.response import FileIter, Response
from pyramid.view import view_config
from pyramid_retry import is_error_retryable

from core.db import read_only_session
from core.i18n import _
from core.lists import exports
from core.lists.access import get_list
from core.lists.queries import RowFilter, paged_ids, shown_query
from core.lists.views.pages import flash
from core.transfer.exporting import ExportOptions, csv_chunks, rows, write_xlsx
from core.transfer.models import ExportJob

log = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _back(request, record_list, row_filter):
    return HTTPSeeOther(
        request.route_url("list", id=record_list.id, _query=row_filter.params())
    )


def _attachment(response, filename: str):
    response.content_disposition = f'attachment; filename="{filename}"'
    return response


@view_config(route_name="list_export", permission="transfer.export")
def list_export(request):
    """The rows the filter shows (hidden ones left out), in the list's order.

    Nothing is read ahead: the CSV streams from a session of its own as
    the client reads; a small XLSX is written row by row to a temporary
    file; a large one is left to the worker, and the page says so.
    """
    record_list = get_list(request)
    row_filter = RowFilter.from_params(request.params)
    options = ExportOptions.from_params(request.params)
    translate = request.localizer.translate
    # Built now, with the user's access; run page by page as the file goes.
    query = shown_query(record_list, row_filter, request.access)
    log.info(
        "lists.export list_id=%s format=%s user_id=%s",
        record_list.id,
        request.params.get("format", "csv"),
        request.identity.id,
    )

    def cell_rows(session):
        ids = paged_ids(session, query)
        return rows(session, record_list.kind, ids, options, translate, record_list.id)

    if request.params.get("format") == "xlsx":
        total = exports.count_rows(request.dbsession, query)
        if total > request.registry.relais_settings[exports.INLINE_ROWS]:
            return _start_job(request, record_list, row_filter, options, total)
        try:
            handle = write_xlsx(cell_rows(request.dbsession))
        except Exception as exc:
            if is_error_retryable(request, exc):
                raise
            log.exception("lists.export.failed list_id=%s", record_list.id)
            flash(request, _("The export could not be written. Try again."))
            return _back(request, record_list, row_filter)
        response = Response(app_iter=FileIter(handle), content_type=XLSX)
        return _attachment(response, exports.filename_for(record_list.name, "xlsx"))

    registry = request.registry

    def stream():
        # The request's transaction is over while this runs: read in a
        # session of our own, which keeps no writer waiting.
        session = read_only_session(registry)
        try:
            yield from csv_chunks(cell_rows(session))
        finally:
            session.close()

    response = Response(app_iter=stream(), content_type="text/csv", charset="utf-8")
    return _attachment(response, exports.filename_for(record_list.name, "csv"))


def _start_job(request, record_list, row_filter, options, total: int):
    session, user = request.dbsession, request.identity
    parameters = exports.job_parameters(
        row_filter, options, request.localizer.locale_name
    )
    if exports.under_way(session, user, record_list, parameters) is not None:
        flash(request, _("This export is already being prepared."))
        return _back(request, record_list, row_filter)
    job = exports.start(
        session,
        user,
        record_list,
        parameters,
        total,
        request.registry.relais_settings[exports.KEEP_HOURS],
    )
    # The worker has no request: the links of its notification are made here.
    job.parameters = {
        **job.parameters,
        "link": request.route_path("export_file", job=job.id),
        "list_link": request.route_path(
            "list", id=record_list.id, _query=row_filter.params()
        ),
    }
    request.tasks.enqueue(exports.TASK, job.id)
    flash(
        request,
        _(
            "The Excel export of ${count} rows is being prepared: you will be "
            "notified when it is ready.",
            mapping={"count": total},
        ),
    )
    return _back(request, record_list, row_filter)


def _own_job(request) -> ExportJob:
    """The export of the URL; 404 unless the signed-in user asked for it."""
    job = request.dbsession.get(ExportJob, int(request.matchdict["job"]))
    if job is None or job.user_id != request.identity.id:
        raise HTTPNotFound()
    return job


def _macros():
    return get_renderer("core:templates/lists/macros.pt").implementation()


@view_config(
    route_name="export_job",
    renderer="core:templates/lists/export_job.pt",
    permission="transfer.export",
)
def export_job(request):
    """One background export, polled by the list page until it is ready."""
    job = _own_job(request)
    if exports.is_expired(job):
        raise HTTPNotFound()
    return {"job": job, "macros": _macros()}


@view_config(route_name="export_file", permission="transfer.export")
def export_file(request):
    """The finished workbook, for its requester, until it expires.

    Opened late it is deleted there and then, and the page says the file is
    gone; before it is ready (or after a failure) the page tells where it is.
    """
    job = _own_job(request)
    if exports.is_expired(job):
        log.info("lists.export.expired job_id=%s", job.id)
        request.dbsession.delete(job)
        return _page(request, None, 410)
    if job.status != "done":
        return _page(request, job, 409 if job.status == "failed" else 200)
    response = Response(body=job.content, content_type=XLSX)
    return _attachment(response, job.filename)


def _page(request, job, status: int):
    response = render_to_response(
        "core:templates/lists/export_page.pt",
        {"job": job, "macros": _macros(), "title": _("Export")},
        request=request,
    )
    response.status_int = status
    return response
