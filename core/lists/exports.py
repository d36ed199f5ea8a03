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

from core.auth.models import User
from core.i18n import _
from core.lists.models import RecordList
from core.lists.queries import RowFilter, paged_ids, shown_query
from core.settings import as_positive_int
from core.transfer.exporting import ExportOptions, rows, write_xlsx
from core.transfer.models import ExportJob

log = logging.getLogger(__name__)

INLINE_ROWS = "relais.lists.export_inline_rows"
KEEP_HOURS = "relais.lists.export_keep_hours"
TASK = "lists.export"
CLEAN_TASK = "lists.exports.clean"
# Ids read per transaction: the worker commits between pages so that it
# never holds SQLite's write lock long, and the page sees the progress.
PAGE = 1000
RUNNING = ("pending", "running")


class ExportRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def filename_for(name: str, extension: str) -> str:
    stem = re.sub(r"[^\w.-]+", "_", name, flags=re.ASCII).strip("_") or "liste"
    return f"{stem[:60]}.{extension}"


def count_rows(session: Session, query) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery()))


def is_expired(job: ExportJob, at: dt.datetime | None = None) -> bool:
    return job.expires_at <= (at or now())


def start(
    session: Session,
    user: User,
    record_list: RecordList,
    row_filter: RowFilter,
    options: ExportOptions,
    locale: str,
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
        parameters={
            "q": row_filter.text,
            "info": row_filter.info,
            "options": dataclasses.asdict(options),
            "locale": locale,
        },
        total=total,
        expires_at=now() + dt.timedelta(hours=keep_hours),
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
                ExportJob.expires_at > now(),
            )
            .order_by(ExportJob.id.desc())
            .limit(5)
        )
    )


def _prepare(session: Session, registry, job: ExportJob):
    """The query and options the job asked for, with the requester's access."""
    from core.access import access_for

    user = session.get(User, job.user_id)
    record_list = session.get(RecordList, job.list_id) if job.list_id else None
    access = access_for(session, registry, user)
    if (
        record_list is None
        or not user.active
        or not access.holds("transfer.export")
        or not access.can_view(record_list)
    ):
        raise ExportRefused(_("The list is no longer available to you."))
    parameters = job.parameters
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


def _write(registry, job_id: int) -> tuple[bytes, int] | None:
    """Read the rows page by page and write the workbook; None if not to run."""
    session = registry.relais_session_factory()
    try:
        job = session.get(ExportJob, job_id)
        if job is None or job.status != "pending":
            return None
        job.status = "running"
        translate = _translator(registry, job.parameters.get("locale") or "fr")
        kind, query, options = _prepare(session, registry, job)
        session.commit()

        def between_pages(read: int) -> None:
            session.execute(
                update(ExportJob).where(ExportJob.id == job_id).values(done=read)
            )
            session.commit()

        written = 0

        def counted(cell_rows):
            nonlocal written
            for cells in cell_rows:
                yield cells
                written += 1

        ids = paged_ids(session, query, PAGE, between_pages=between_pages)
        handle = write_xlsx(counted(rows(session, kind, ids, options, translate)))
        session.commit()
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
        finished = now()
        keep = registry.relais_settings[KEEP_HOURS]
        job.status = status
        job.finished_at = finished
        job.expires_at = finished + dt.timedelta(hours=keep)
        for name, value in values.items():
            setattr(job, name, value)
        parameters = job.parameters or {}
        if status == "done":
            notify(
                session,
                job.user_id,
                "export_ready",
                job.filename,
                link=parameters.get("link"),
            )
        else:
            notify(
                session,
                job.user_id,
                "export_failed",
                job.filename,
                link=parameters.get("list_link"),
                message=job.message,
            )

    run_in_transaction(registry, work)


def export_task(registry, job_id: int) -> None:
    """The worker's side: write the workbook, store it, notify; never raise.

    A failure leaves a message the requester reads beside the list and in
    the notification centre, in the language of their request.
    """
    started = now()
    try:
        written = _write(registry, job_id)
    except ExportRefused as exc:
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
    if written is None:
        log.info("lists.export.skipped job_id=%s", job_id)
        return
    content, count = written
    _finish(registry, job_id, "done", content=content, size=len(content), done=count)
    log.info(
        "lists.export.done job_id=%s rows=%s bytes=%s seconds=%.1f",
        job_id,
        count,
        len(content),
        (now() - started).total_seconds(),
    )


def _fail(registry, job_id: int, message) -> None:
    from core.db import run_in_transaction

    def locale(session: Session) -> str:
        job = session.get(ExportJob, job_id)
        return (job.parameters or {}).get("locale", "fr") if job else "fr"

    text = _translator(registry, run_in_transaction(registry, locale))(message)
    _finish(registry, job_id, "failed", message=text[:300], content=None)


def clean_expired(registry) -> int:
    """The periodic task: delete the exports whose time has passed."""
    from core.db import run_in_transaction

    def work(session: Session) -> int:
        result = session.execute(delete(ExportJob).where(ExportJob.expires_at <= now()))
        return result.rowcount or 0

    deleted = run_in_transaction(registry, work)
    if deleted:
        log.info("lists.exports.cleaned count=%s", deleted)
    return deleted


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
    config.add_periodic_task(CLEAN_TASK, clean_expired, minute="23")
