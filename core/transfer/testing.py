"""Helpers for tests of imports: read a file of tests/data and import it."""

from __future__ import annotations

from pathlib import Path

from core.transfer.importing import run_import
from core.transfer.jobs import kind_of
from core.transfer.models import ImportJob
from core.transfer.tables import read_csv, read_xlsx
from core.transfer.vcard import read_vcards


def read_bytes(data: bytes, filename: str = "file.csv"):
    kind = kind_of(filename, data)
    if kind == "vcard":
        return read_vcards(data)
    if kind == "xlsx":
        return read_xlsx(data)
    return read_csv(data)


def import_bytes(session, user, data: bytes, filename: str = "file.csv"):
    """Import with the suggested mapping; return the plan and what was written."""
    from core.transfer.jobs import mapping_for

    table = read_bytes(data, filename)
    job = ImportJob(kind=table.kind, options={})
    return run_import(session, user, table, mapping_for(job, table))


def import_file(session, user, path: Path):
    return import_bytes(session, user, path.read_bytes(), path.name)
