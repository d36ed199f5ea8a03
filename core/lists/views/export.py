"""Export a list's shown rows to CSV (streamed) or XLSX."""

from __future__ import annotations

import logging
import re

from pyramid.response import FileIter, Response
from pyramid.view import view_config

from core.lists.access import get_list
from core.lists.models import ListRow
from core.lists.queries import RowFilter, filtered
from core.lists.services import row_column
from core.transfer.exporting import ExportOptions, csv_chunks, rows, write_xlsx

log = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(name: str, extension: str) -> str:
    stem = re.sub(r"[^\w.-]+", "_", name, flags=re.ASCII).strip("_") or "liste"
    return f"{stem[:60]}.{extension}"


@view_config(route_name="list_export", permission="transfer.export")
def list_export(request):
    """The rows the filter shows (hidden ones left out), in the page's order."""
    record_list = get_list(request)
    row_filter = RowFilter.from_params(request.params)
    column = row_column(record_list.kind)
    query = (
        filtered(
            record_list,
            RowFilter(text=row_filter.text, info=row_filter.info),
            request.access,
        )
        .with_only_columns(column)
        .order_by(ListRow.id)
    )
    ids = list(request.dbsession.scalars(query))
    options = ExportOptions.from_params(request.params)
    translate = request.localizer.translate
    log.info(
        "lists.export list_id=%s rows=%s format=%s user_id=%s",
        record_list.id,
        len(ids),
        request.params.get("format", "csv"),
        request.identity.id,
    )

    if request.params.get("format") == "xlsx":
        handle = write_xlsx(
            rows(request.dbsession, record_list.kind, ids, options, translate)
        )
        response = Response(app_iter=FileIter(handle), content_type=XLSX)
        filename = _filename(record_list.name, "xlsx")
    else:
        factory = request.registry.relais_session_factory

        def stream():
            # The request's transaction is over while this runs: read in a
            # session of our own.
            session = factory()
            try:
                yield from csv_chunks(
                    rows(session, record_list.kind, ids, options, translate)
                )
            finally:
                session.close()

        response = Response(app_iter=stream(), content_type="text/csv", charset="utf-8")
        filename = _filename(record_list.name, "csv")
    response.content_disposition = f'attachment; filename="{filename}"'
    return response
