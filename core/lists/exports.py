"""Large exports of a list: built by the worker, downloaded from a link.

Writing 100,000 rows to XLSX takes tens of seconds, too long for a browser
to wait on. Above ``relais.lists.export_inline_rows`` rows the view records
an :class:`ExportJob` with the filter, options and language of the request;
the worker writes the workbook into that row with the requester's access,
notifies them, and the file stays downloadable by them alone for
``relais.lists.export_keep_hours``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from core.auth.models import User, utcnow
from core.i18n import _
from core.lists.models import RecordList
from core.lists.queries import RowFilter, paged_ids, shown_query
from core.settings import as_positive_int
from core.tasks import TaskRefused
from core.transfer.exporting import ExportOptions, rows, write_xlsx
from core.transfer.models import ExportJob

log = logging.getLogger(__name__)

INLINE_ROWS = "relais.lists.export_inline_rows"
KEEP_HOURS = "relais.lists.export_keep_hours"
TASK = "lists.export"
CLEAN_TASK = "lists.exports.clean"
# Ids read per transaction: the worker's read ends between pages, where the
# progress the page shows is recorded.
PAGE = 1000
RUNNING = ("pending", "running")
# Hours after which an export still under way is taken for interrupted.
STALE_HOURS = 2


def filename_for(name: str, extension: str) -> str:
    stem = re.sub(r"[^\w.-]+", "_", name, flags=re.ASCII).strip("_") or "liste"
    return f"{stem[:60]}.{extension}"


def count_rows(session: Session, query) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery()))


def is_expired(job: ExportJob, at: dt.datetime | None = None) -> bool:
    return job.expires_at <= (at or utcnow())


def job_parameters(row_filter: RowFilter, options: ExportOptions, locale: str):
    """What the worker needs to export the same rows as the request would."""
    return {
        "q": row_filter.text,
        "info": row_filter.info,
        "options": dataclasses.asdict(options),
        "locale": locale,
    }


def under_way(
    session: Session, user: User, record_list: RecordList, parameters: dict
) -> ExportJob | None:
    """The same export already asked for and not finished (a second click)."""
    wanted = {key: parameters[key] for key in ("q", "info", "options")}
    for job in recent_for(session, user, record_list):
        asked = {key: (job.parameters or {}).get(key) for key in wanted}
        if job.status in RUNNING and asked == wanted:
            return job
    return None


def start(
    session: Session,
    user: User,
    record_list: RecordList,
    parameters: dict,
    total: int,
    keep_hours: int,
) -> ExportJob:
    """Record what to export; the caller queues :data:`TASK` after commit.

    It expires even if no worker ever runs it, so it cannot linger.
    """
    job = ExportJob(
        user_id=user.id,
        list_id=record_list.id,
        format="xlsx",
        filename=filename_for(record_list.name, "xlsx"),
        parameters={**parameters, "list_name": record_list.name},
        total=total,
        expires_at=utcnow() + dt.timedelta(hours=keep_hours),
    )
    session.add(job)
    session.flush()
    log.info(
        "lists.export.queued job_id=%s list_id=%s user_id=%s rows=%s",
        job.id,
        record_list.id,
        user.id,
        total,
    )
    return job


def recent_for(session: Session, user: User, record_list: RecordList) -> list:
    """The user's exports of this list still downloadable or under way."""
    return list(
        session.scalars(
            select(ExportJob)
            .where(
                ExportJob.user_id == user.id,
                ExportJob.list_id == record_list.id,
                ExportJob.expires_at > utcnow(),
            )
            .order_by(ExportJob.id.desc())
            .limit(5)
        )
    )


def _prepare(session: Session, registry, claimed: dict):
    """The query and options the job asked for, with the requester's access."""
    from core.access import access_for

    user = session.get(User, claimed["user_id"])
    list_id = claimed["list_id"]
    record_list = session.get(RecordList, list_id) if list_id else None
    access = access_for(session, registry, user)
    if (
        record_list is None
        or not user.active
        or not access.holds("transfer.export")
        or not access.can_view(record_list)
    ):
        raise TaskRefused(_("The list is no longer available to you."))
    parameters = claimed["parameters"]
    row_filter = RowFilter(text=parameters["q"], info=parameters["info"])
    fields = ExportOptions.__dataclass_fields__
    options = ExportOptions(
        **{k: bool(v) for k, v in parameters["options"].items() if k in fields}
    )
    return record_list.kind, shown_query(record_list, row_filter, access), options


def _translator(registry, locale: str):
    from pyramid.interfaces import ITranslationDirectories

    from core.i18n import make_localizer

    directories = registry.queryUtility(ITranslationDirectories, default=[])
    return make_localizer(locale, directories).translate


def _claim(registry, job_id: int) -> dict | None:
    """Mark the job running; what it asks for, or None when not to run it."""
    from core.db import run_in_transaction

    def work(session: Session) -> dict | None:
        # One statement, so that two workers never both take the same job.
        taken = session.execute(
            update(ExportJob)
            .where(ExportJob.id == job_id, ExportJob.status == "pending")
            .values(status="running")
        )
        if not taken.rowcount:
            return None
        job = session.get(ExportJob, job_id)
        return {
            "user_id": job.user_id,
            "list_id": job.list_id,
            "parameters": dict(job.parameters or {}),
        }

    return run_in_transaction(registry, work)


def _write(registry, job_id: int) -> tuple[bytes, int] | None:
    """Read the rows page by page and write the workbook; None if not to run.

    The rows are read in a read-only session, its transaction ended between
    pages; the progress is written beside it in short transactions of its
    own, so other users keep working while the export runs.
    """
    from core.db import read_only_session, run_in_transaction

    claimed = _claim(registry, job_id)
    if claimed is None:
        return None
    translate = _translator(registry, claimed["parameters"].get("locale") or "fr")
    session = read_only_session(registry)

    def between_pages(read: int) -> None:
        session.commit()
        run_in_transaction(
            registry,
            lambda s: s.execute(
                update(ExportJob).where(ExportJob.id == job_id).values(done=read)
            ),
        )

    written = 0

    def counted(cell_rows):
        nonlocal written
        for cells in cell_rows:
            yield cells
            written += 1

    try:
        kind, query, options = _prepare(session, registry, claimed)
        ids = paged_ids(session, query, PAGE, between_pages=between_pages)
        cell_rows = rows(session, kind, ids, options, translate, claimed["list_id"])
        handle = write_xlsx(counted(cell_rows))
    finally:
        session.close()
    with handle:
        return handle.read(), max(written - 1, 0)


def _finish(registry, job_id: int, status: str, **values) -> None:
    """Record the outcome and tell the requester, in one transaction."""
    from core.db import run_in_transaction
    from core.notifications.services import notify

    def work(session: Session) -> None:
        job = session.get(ExportJob, job_id)
        if job is None:
            return
        finished = utcnow()
        keep = registry.relais_settings[KEEP_HOURS]
        job.status = status
        job.finished_at = finished
        job.expires_at = finished + dt.timedelta(hours=keep)
        for name, value in values.items():
            setattr(job, name, value)
        parameters = job.parameters or {}
        summary = parameters.get("list_name") or job.filename
        if status == "done":
            notify(
                session,
                job.user_id,
                "export_ready",
                summary,
                link=parameters.get("link"),
            )
        else:
            notify(
                session,
                job.user_id,
                "export_failed",
                summary,
                link=parameters.get("list_link"),
                message=job.message,
            )

    run_in_transaction(registry, work)


def export_task(registry, job_id: int) -> None:
    """The worker's side: write the workbook, store it, notify; never raise.

    A failure leaves a message the requester reads beside the list and in
    the notification centre, in the language of their request.
    """
    started = utcnow()
    try:
        written = _write(registry, job_id)
        if written is None:
            log.info("lists.export.skipped job_id=%s", job_id)
            return
        content, count = written
        _finish(
            registry, job_id, "done", content=content, size=len(content), done=count
        )
    except TaskRefused as exc:
        log.warning("lists.export.refused job_id=%s", job_id)
        _fail(registry, job_id, exc.message)
        return
    except Exception:
        log.exception("lists.export.failed job_id=%s", job_id)
        _fail(
            registry,
            job_id,
            _(
                "The export could not be written. Try again, or narrow the rows "
                "with the filter."
            ),
        )
        return
    log.info(
        "lists.export.done job_id=%s rows=%s bytes=%s seconds=%.1f",
        job_id,
        count,
        len(content),
        (utcnow() - started).total_seconds(),
    )


def _fail(registry, job_id: int, message) -> None:
    from core.db import run_in_transaction

    def locale(session: Session) -> str:
        job = session.get(ExportJob, job_id)
        return (job.parameters or {}).get("locale", "fr") if job else "fr"

    text = _translator(registry, run_in_transaction(registry, locale))(message)
    _finish(registry, job_id, "failed", message=text[:300], content=None)


def clean_expired(registry) -> int:
    """Delete the exports whose time has passed; return how many."""
    from core.db import run_in_transaction

    def work(session: Session) -> int:
        result = session.execute(
            delete(ExportJob).where(ExportJob.expires_at <= utcnow())
        )
        return result.rowcount or 0

    deleted = run_in_transaction(registry, work)
    if deleted:
        log.info("lists.exports.cleaned count=%s", deleted)
    return deleted


def fail_interrupted(registry) -> list[int]:
    """Say so of the exports a stopped worker left unfinished.

    An export takes well under a minute; one still under way hours after it
    was asked for will never end, and its requester should not wait on it.
    """
    from core.db import run_in_transaction

    def work(session: Session) -> list[int]:
        since = utcnow() - dt.timedelta(hours=STALE_HOURS)
        return list(
            session.scalars(
                select(ExportJob.id).where(
                    ExportJob.status.in_(RUNNING), ExportJob.created_at < since
                )
            )
        )

    stale = run_in_transaction(registry, work)
    for job_id in stale:
        log.warning("lists.export.interrupted job_id=%s", job_id)
        _fail(registry, job_id, _("The export was interrupted. Export the list again."))
    return stale


def clean(registry) -> None:
    """The periodic task: fail the interrupted exports, delete the expired."""
    fail_interrupted(registry)
    clean_expired(registry)


def includeme(config):
    config.add_setting(
        INLINE_ROWS,
        as_positive_int,
        5000,
        doc="XLSX exports of more rows are written in the background and "
        "downloaded from a notification.",
    )
    config.add_setting(
        KEEP_HOURS,
        as_positive_int,
        24,
        doc="Hours a background export stays downloadable before it is deleted.",
    )
    config.add_task(TASK, export_task)
    config.add_periodic_task(CLEAN_TASK, clean, minute="23")
