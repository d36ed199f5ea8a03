"""Keep an uploaded file as an import job and read it back with its options."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from core.auth.models import User
from core.i18n import _
from core.transfer.fields import TARGET_KEYS, suggest_mapping
from core.transfer.models import ImportJob
from core.transfer.tables import FileRefused, Table, read_csv, read_xlsx
from core.transfer.vcard import read_vcards

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
KINDS = {"csv": "csv", "txt": "csv", "tsv": "csv", "xlsx": "xlsx", "vcf": "vcard"}


def kind_of(filename: str, data: bytes) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in KINDS:
        return KINDS[extension]
    if data.startswith(b"PK"):
        return "xlsx"
    if b"BEGIN:VCARD" in data[:4000].upper().replace(b"\x00", b""):
        return "vcard"
    return "csv"


def new_job(session: Session, user: User, filename: str, data: bytes) -> ImportJob:
    if not data:
        raise FileRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise FileRefused(_("The file is larger than 20 MB: split it in parts."))
    job = ImportJob(
        user_id=user.id,
        filename=filename[:255] or "import",
        kind=kind_of(filename, data),
        content=data,
        options={},
    )
    session.add(job)
    session.flush()
    log.info(
        "transfer.import.uploaded job_id=%s kind=%s bytes=%s",
        job.id,
        job.kind,
        len(data),
    )
    return job


def read_table(job: ImportJob) -> Table:
    """The job's file read with the options the user chose (or detected)."""
    options = job.options or {}
    if job.kind == "vcard":
        return read_vcards(job.content)
    if job.kind == "xlsx":
        return read_xlsx(job.content, has_header=options.get("has_header"))
    return read_csv(
        job.content,
        delimiter=options.get("delimiter") or None,
        encoding=options.get("encoding") or None,
        has_header=options.get("has_header"),
    )


def mapping_for(job: ImportJob, table: Table) -> list[str]:
    """The chosen mapping when it still fits the columns, else a suggestion."""
    chosen = (job.options or {}).get("mapping")
    if chosen and len(chosen) == len(table.headers):
        return [key if key in TARGET_KEYS else "" for key in chosen]
    if table.kind == "vcard":
        return list(table.headers)
    return suggest_mapping(table.headers, table.rows)


def set_options(job: ImportJob, **options) -> None:
    # A new dict, so that the JSON column sees the change.
    job.options = {**(job.options or {}), **options}


def finish(job: ImportJob, status: str, summary: dict) -> None:
    job.status = status
    job.summary = summary
    job.finished_at = dt.datetime.now(dt.UTC)


def recent_jobs(session: Session, user: User, limit: int = 20) -> list[ImportJob]:
    """The user's latest imports, newest first, without their files."""
    query = (
        select(ImportJob)
        .where(ImportJob.user_id == user.id)
        .options(defer(ImportJob.content))
        .order_by(ImportJob.created_at.desc(), ImportJob.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
