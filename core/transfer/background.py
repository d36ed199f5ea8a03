"""Large imports: written by the worker in one transaction, followed on a page.

Checking and writing 100,000 rows takes longer than a browser waits. Above
``relais.transfer.inline_rows`` rows the import step claims the job (status
``queued``) and queues :data:`TASK`; the worker marks it ``running``, imports
every row in a single transaction with the requester's access, records the
outcome in that same transaction and notifies the requester. A failure
rolls everything back and the job says so, like a failed import in the page.

SQLite lets one writer at a time: the import holds the write lock while it
runs, so the progress is recorded by stages (file read, rows being saved)
in short transactions before it starts, not row by row.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select, update
from sqlalchemy.orm import Session, defer

from core.auth.models import User, utcnow
from core.i18n import _
from core.settings import as_positive_int
from core.tasks import TaskRefused
from core.transfer import jobs
from core.transfer.importing import REJECT, run_import
from core.transfer.models import ImportJob
from core.transfer.report import summary_of

log = logging.getLogger(__name__)

INLINE_ROWS = "relais.transfer.inline_rows"
TASK = "transfer.import"
INTERRUPTED_TASK = "transfer.imports.interrupted"
UNDER_WAY = ("queued", "running")
# Hours after which an import still under way is taken for interrupted: the
# largest file accepted imports in a few minutes.
STALE_HOURS = 2


def is_large(registry, row_count: int) -> bool:
    return row_count > registry.relais_settings[INLINE_ROWS]


def queue(session: Session, job: ImportJob, rows: int, link: str) -> bool:
    """Claim a pending job for the worker; False when it was already taken.

    One UPDATE guarded by the status, so that two clicks (or two browsers)
    never queue the same file twice. The options chosen on the page go in
    the same statement; the caller queues :data:`TASK` once it has committed.
    """
    options = {**(job.options or {}), "link": link}
    with session.no_autoflush:
        taken = session.execute(
            update(ImportJob)
            .where(ImportJob.id == job.id, ImportJob.status == "pending")
            .values(
                status="queued",
                options=options,
                summary={"total": rows, "stage": "queued", "queued_at": _stamp()},
                version=ImportJob.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
    # The row changed behind the ORM's back: read it again, dropping the
    # options set in memory (they are in the statement).
    session.refresh(job)
    if not taken.rowcount:
        log.info("transfer.import.already_taken job_id=%s", job.id)
        return False
    log.info("transfer.import.queued job_id=%s rows=%s", job.id, rows)
    return True


def _stamp(at: dt.datetime | None = None) -> str:
    return (at or utcnow()).isoformat()


def is_interrupted(job: ImportJob, at: dt.datetime | None = None) -> bool:
    """Whether a job under way has been so for longer than any import takes."""
    if job.status not in UNDER_WAY:
        return False
    queued_at = (job.summary or {}).get("queued_at")
    if not queued_at:
        return True
    since = dt.datetime.fromisoformat(queued_at)
    return (at or utcnow()) - since > dt.timedelta(hours=STALE_HOURS)


def _set_stage(registry, job_id: int, **values) -> None:
    """Record a stage of the job in a short transaction of its own."""
    from core.db import run_in_transaction

    def work(session: Session) -> None:
        job = session.get(ImportJob, job_id, options=[defer(ImportJob.content)])
        if job is not None:
            job.summary = {**(job.summary or {}), **values}

    run_in_transaction(registry, work)


def _claim(registry, job_id: int) -> bool:
    """Mark the queued job running; False when it is not to run."""
    from core.db import run_in_transaction

    def work(session: Session) -> bool:
        taken = session.execute(
            update(ImportJob)
            .where(ImportJob.id == job_id, ImportJob.status == "queued")
            .values(status="running", version=ImportJob.version + 1)
            .execution_options(synchronize_session=False)
        )
        return bool(taken.rowcount)

    return run_in_transaction(registry, work)


def _read(registry, job_id: int):
    """The job's table and mapping, read before the import's transaction."""
    from core.db import read_only_session

    session = read_only_session(registry)
    try:
        job = session.get(ImportJob, job_id)
        table = jobs.read_table(job)
        return table, jobs.mapping_for(job, table)
    finally:
        session.close()


def _import(registry, job_id: int, table, mapping) -> dict:
    """Import every row and record the outcome, all in one transaction."""
    from core.access import access_for
    from core.db import run_in_transaction
    from core.notifications.services import notify

    def work(session: Session) -> dict:
        job = session.get(ImportJob, job_id, options=[defer(ImportJob.content)])
        user = session.get(User, job.user_id)
        access = access_for(session, registry, user)
        if not user.active or not access.holds("transfer.import"):
            raise TaskRefused(REFUSED)
        plan, applied = run_import(
            session,
            user,
            table,
            mapping,
            (job.options or {}).get("company_type_id"),
            access,
        )
        summary = summary_of(plan, applied.companies, applied.contacts)
        jobs.finish(job, "done", summary)
        notify(
            session,
            job.user_id,
            "import_done",
            job.filename,
            link=(job.options or {}).get("link"),
        )
        return summary

    return run_in_transaction(registry, work)


def import_task(registry, job_id: int) -> None:
    """The worker's side: import, record, notify; never raise.

    Whatever goes wrong, the base is left as it was and the requester reads
    why on the job's page and in the notification centre.
    """
    started = utcnow()
    if not _claim(registry, job_id):
        log.info("transfer.import.skipped job_id=%s", job_id)
        return
    try:
        _set_stage(registry, job_id, stage="reading", started_at=_stamp(started))
        table, mapping = _read(registry, job_id)
        _set_stage(registry, job_id, stage="importing", total=len(table.rows))
        summary = _import(registry, job_id, table, mapping)
    except TaskRefused as exc:
        log.warning("transfer.import.refused job_id=%s", job_id)
        fail(registry, job_id, exc.message)
        return
    except Exception:
        log.exception("transfer.import.failed job_id=%s", job_id)
        fail(registry, job_id, None)
        return
    log.info(
        "transfer.import.done job_id=%s created=%s updated=%s rejected=%s seconds=%.1f",
        job_id,
        summary.get("create"),
        summary.get("update"),
        summary.get(REJECT),
        (utcnow() - started).total_seconds(),
    )


def _message_key(message) -> str | None:
    # Stored as the message id, shown in the language of whoever reads it.
    return str(message) if message is not None else None


def fail(registry, job_id: int, message) -> None:
    """Record the failure and tell the requester, in one transaction."""
    from core.db import run_in_transaction
    from core.notifications.services import notify

    def work(session: Session) -> None:
        job = session.get(ImportJob, job_id, options=[defer(ImportJob.content)])
        if job is None:
            return
        reason = _message_key(message)
        jobs.finish(job, "failed", {"reason": reason} if reason else {})
        notify(
            session,
            job.user_id,
            "import_failed",
            job.filename,
            link=(job.options or {}).get("link"),
        )

    run_in_transaction(registry, work)


INTERRUPTED = _("The import was interrupted: nothing was saved. Import the file again.")
REFUSED = _("You may no longer import files.")
REASONS = {str(message): message for message in (INTERRUPTED, REFUSED)}


def reason_of(job: ImportJob):
    """Why a job failed, as a message to translate; None for the usual words."""
    if is_interrupted(job):
        return INTERRUPTED
    return REASONS.get((job.summary or {}).get("reason"))


def fail_interrupted(registry) -> list[int]:
    """Say so of the imports a stopped worker left unfinished."""
    from core.db import run_in_transaction

    def work(session: Session) -> list[int]:
        query = select(ImportJob).where(ImportJob.status.in_(UNDER_WAY))
        found = session.scalars(query.options(defer(ImportJob.content)))
        return [job.id for job in found if is_interrupted(job)]

    stale = run_in_transaction(registry, work)
    for job_id in stale:
        log.warning("transfer.import.interrupted job_id=%s", job_id)
        fail(registry, job_id, INTERRUPTED)
    return stale


def includeme(config):
    config.add_setting(
        INLINE_ROWS,
        as_positive_int,
        2000,
        doc="Imports of more rows run in the background; the page follows "
        "them and a notification tells when they are done.",
    )
    config.add_task(TASK, import_task)
    config.add_periodic_task(INTERRUPTED_TASK, fail_interrupted, minute="*/15")
