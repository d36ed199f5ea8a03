"""Export a list's shown rows to CSV (streamed) or XLSX."""

from __future__ import annotations

import logging
import re

from pyramid.response import FileIter, Response
from pyramid.view import view_config

from core.lists.access import get_list
from core.lists.queries import RowFilter, paged_ids, shown_query
from core.transfer.exporting import ExportOptions, csv_chunks, rows, write_xlsx

log = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(name: str, extension: str) -> str:
    stem = re.sub(r"[^\w.-]+", "_", name, flags=re.ASCII).strip("_") or "liste"
    return f"{stem[:60]}.{extension}"


@view_config(route_name="list_export", permission="transfer.export")
def list_export(request):
    """The rows the filter shows (hidden ones left out), in the list's order.

    Nothing is read ahead: the CSV streams from a session of its own as
    the client reads; the XLSX is written row by row to a temporary file.
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
        return rows(session, record_list.kind, ids, options, translate)

    if request.params.get("format") == "xlsx":
        handle = write_xlsx(cell_rows(request.dbsession))
        response = Response(app_iter=FileIter(handle), content_type=XLSX)
        filename = _filename(record_list.name, "xlsx")
    else:
        factory = request.registry.relais_session_factory

        def stream():
            # The request's transaction is over while this runs: read in a
            # session of our own.
            session = factory()
            try:
                yield from csv_chunks(cell_rows(session))
            finally:
                session.close()

        response = Response(app_iter=stream(), content_type="text/csv", charset="utf-8")
        filename = _filename(record_list.name, "csv")
    response.content_disposition = f'attachment; filename="{filename}"'
    return response
