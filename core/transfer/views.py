"""Import pages: upload, preview with the mapping, dry run, import."""

from __future__ import annotations

import logging

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.renderers import get_renderer
from pyramid.view import view_config
from sqlalchemy import select

from core.forms import parse_id
from core.i18n import _
from core.reference.models import CompanyType
from core.transfer import background, jobs
from core.transfer.decoding import ENCODINGS
from core.transfer.fields import TARGET_KEYS, TARGETS
from core.transfer.importing import REJECT, plan_import, run_import
from core.transfer.models import ImportJob
from core.transfer.report import rejected_rows, summary_of
from core.transfer.tables import DELIMITERS, FileRefused

log = logging.getLogger(__name__)

PREVIEW_ROWS = 10
REPORT_ROWS = 500
MACROS = "core:templates/transfer/macros.pt"
DELIMITER_NAMES = {
    ";": _("semicolon (;)"),
    ",": _("comma (,)"),
    "\t": _("tab"),
    "|": _("bar (|)"),
}


def get_job(request) -> ImportJob:
    job = request.dbsession.get(ImportJob, int(request.matchdict["id"]))
    if job is None:
        raise HTTPNotFound()
    if job.user_id != request.identity.id:
        raise HTTPForbidden()
    return job


def company_types(request):
    query = select(CompanyType).where(CompanyType.active.is_(True))
    return request.dbsession.scalars(query.order_by(CompanyType.position)).all()


def column_names(request, table) -> list[str]:
    """What each column is called on the page.

    A vCard has no header row: its columns are the fields it fills, named with
    the same labels as the mapping's choices rather than their internal keys.
    """
    if table is None:
        return []
    if table.kind != "vcard":
        return list(table.headers)
    return [
        request.localizer.translate(TARGET_KEYS[header].title)
        if header in TARGET_KEYS
        else header
        for header in table.headers
    ]


def page_values(request, job, table=None, error=None, **extra) -> dict:
    mapping = jobs.mapping_for(job, table) if table is not None else []
    names = column_names(request, table)
    unmapped = (
        [name for name, m in zip(names, mapping, strict=True) if not m] if table else []
    )
    values = {
        "title": _("Import companies and contacts"),
        "job": job,
        "table": table,
        "rows": table.rows[:PREVIEW_ROWS] if table else [],
        "mapping": mapping,
        "unmapped": unmapped,
        "column_names": names,
        "targets": TARGETS,
        "delimiters": DELIMITERS,
        "delimiter_names": DELIMITER_NAMES,
        "encodings": ENCODINGS,
        "types": company_types(request),
        "error": error,
        "plan": None,
        "report": [],
        "errors": {},
        "reason": None,
        "transfer_macros": get_renderer(MACROS).implementation(),
    }
    if job.status == "done":
        # The rows the import left out, with why: the page can be reopened
        # from the history as long as the job is kept.
        values["report"] = rejected_rows(job.summary)[:REPORT_ROWS]
    if job.status == "failed":
        values["reason"] = background.reason_of(job)
    values.update(extra)
    return values


def _close_body(request) -> None:
    # WebOb spools a large body to a temporary file it leaves to the garbage
    # collector; an upload of several megabytes should not wait for it.
    body = request.environ.get("wsgi.input")
    if hasattr(body, "close") and hasattr(body, "fileno"):
        body.close()


@view_config(
    route_name="import",
    renderer="core:templates/transfer/upload.pt",
    permission="transfer.import",
)
def upload(request):
    values = {
        "title": _("Import companies and contacts"),
        "errors": {},
        "history": jobs.recent_jobs(request.dbsession, request.identity),
    }
    if request.method != "POST":
        return values
    request.add_finished_callback(_close_body)
    upload = request.POST.get("file")
    if upload is None or not hasattr(upload, "file"):
        request.response.status = 400
        values["errors"] = {"file": _("Choose a file.")}
        return values
    try:
        data = upload.file.read()
    finally:
        upload.file.close()
    try:
        job = jobs.new_job(request.dbsession, request.identity, upload.filename, data)
    except FileRefused as exc:
        request.response.status = 400
        values["errors"] = {"file": exc.message}
        return values
    return HTTPSeeOther(request.route_url("import_job", id=job.id))


def _read(request, job):
    try:
        return jobs.read_table(job), None
    except FileRefused as exc:
        return None, exc.message


@view_config(
    route_name="import_job",
    renderer="core:templates/transfer/preview.pt",
    permission="transfer.import",
    request_method="GET",
)
def preview(request):
    job = get_job(request)
    _end_if_interrupted(job)
    if job.status in background.UNDER_WAY:
        # The file is being imported: the page follows it, nothing to read.
        return page_values(request, job)
    table, error = _read(request, job)
    return page_values(request, job, table, error)


def _posted_options(request, job, table_width: int | None) -> dict:
    post = request.POST
    options = {}
    delimiter = post.get("delimiter", "")
    options["delimiter"] = delimiter if delimiter in DELIMITERS else None
    encoding = post.get("encoding", "")
    options["encoding"] = encoding if encoding in ENCODINGS else None
    header = post.get("has_header")
    if header in ("1", "0"):
        options["has_header"] = header == "1"
    type_id = post.get("company_type_id", "")
    options["company_type_id"] = parse_id(type_id)
    if table_width is not None:
        options["mapping"] = [post.get(f"map.{i}", "") for i in range(table_width)]
    return options


@view_config(
    route_name="import_job",
    renderer="core:templates/transfer/preview.pt",
    permission="transfer.import",
    request_method="POST",
)
def preview_post(request):
    """Re-read with new options, run the dry run, or import for real."""
    job = get_job(request)
    if job.status != "pending":
        return HTTPSeeOther(request.route_url("import_job", id=job.id))
    table, error = _read(request, job)
    width = len(table.headers) if table is not None else None
    options = _posted_options(request, job, width)
    jobs.set_options(job, **options)
    if request.POST.get("step") == "read" or error or _reading_changed(table, options):
        # The columns may have changed: the mapping is suggested again.
        jobs.set_options(job, mapping=None)
        table, error = _read(request, job)
        return page_values(request, job, table, error)

    mapping = jobs.mapping_for(job, table)
    if request.POST.get("step") != "import":
        plan = plan_import(request.dbsession, table, mapping, request.access)
        report = [row for row in plan.rows][:REPORT_ROWS]
        return page_values(request, job, table, plan=plan, report=report)
    if background.is_large(request.registry, len(table.rows)):
        return run_later(request, job, len(table.rows))
    return run(request, job, table, mapping)


def _end_if_interrupted(job) -> None:
    # A worker stopped mid-way never finishes the job: say so rather than
    # leave its requester waiting (the periodic check also notifies them).
    if background.is_interrupted(job):
        log.warning("transfer.import.interrupted job_id=%s", job.id)
        jobs.finish(job, "failed", {"reason": str(background.INTERRUPTED)})


@view_config(
    route_name="import_job_status",
    renderer="core:templates/transfer/progress.pt",
    permission="transfer.import",
)
def import_status(request):
    """The progress of a background import, polled by its page every 2 s.

    Once the import is over the whole page is loaded again, with its result.
    """
    job = get_job(request)
    _end_if_interrupted(job)
    if job.status not in background.UNDER_WAY:
        request.response.headers["HX-Refresh"] = "true"
    return {"job": job, "transfer_macros": get_renderer(MACROS).implementation()}


def run_later(request, job, rows: int):
    """Queue the import for the worker; a second click finds it already queued."""
    link = request.route_path("import_job", id=job.id)
    if background.queue(request.dbsession, job, rows, link):
        request.tasks.enqueue(background.TASK, job.id)
        request.session.flash(
            request.localizer.translate(
                _(
                    "The import of ${count} rows has started: you will be "
                    "notified when it is over.",
                    mapping={"count": rows},
                )
            )
        )
    return HTTPSeeOther(request.route_url("import_job", id=job.id))


def _reading_changed(table, options: dict) -> bool:
    """Whether the posted reading options differ from how the file was read."""
    if table.kind != "csv":
        return False
    wanted = {
        "delimiter": options.get("delimiter") or table.delimiter,
        "encoding": options.get("encoding") or table.encoding,
        "has_header": options.get("has_header", table.has_header),
    }
    actual = {
        "delimiter": table.delimiter,
        "encoding": table.encoding,
        "has_header": table.has_header,
    }
    return wanted != actual


def run(request, job, table, mapping):
    session = request.dbsession
    savepoint = session.begin_nested()
    try:
        plan, applied = run_import(
            session,
            request.identity,
            table,
            mapping,
            job.options.get("company_type_id"),
            request.access,
        )
        savepoint.commit()
    except Exception:
        # Everything the import wrote goes; the job keeps the failure.
        savepoint.rollback()
        log.exception("transfer.import.failed job_id=%s", job.id)
        jobs.finish(job, "failed", {})
        request.session.flash(
            request.localizer.translate(
                _("The import failed: nothing was saved. Check the file and try again.")
            )
        )
        return HTTPSeeOther(request.route_url("import_job", id=job.id))
    summary = summary_of(plan, applied.companies, applied.contacts)
    jobs.finish(job, "done", summary)
    request.session.flash(
        request.localizer.translate(
            _(
                "Import done: ${created} rows created, ${updated} updated, "
                "${rejected} rejected.",
                mapping={
                    "created": plan.counts["create"],
                    "updated": plan.counts["update"],
                    "rejected": plan.counts[REJECT],
                },
            )
        )
    )
    return HTTPSeeOther(request.route_url("import_job", id=job.id))
