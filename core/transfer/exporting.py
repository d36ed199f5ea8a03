"""Export companies or contacts to CSV or XLSX, streamed row by row.

The CSV is what French Excel opens without a dialog: UTF-8 with a BOM,
``;`` between cells, CRLF. A text cell starting with ``=``, ``+``, ``-``,
``@`` (or a tab or carriage return) would be run as a formula by Excel or
LibreOffice: it is prefixed with ``'``. In XLSX every text is written as a
text cell, so nothing is ever a formula; numbers stay numbers.

Records are read by chunks of ids in a session of the export's own, so
100,000 rows go out in bounded memory while the response streams; contacts
are read as plain rows (:mod:`core.transfer.export_rows`).
"""

from __future__ import annotations

import csv
import itertools
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.i18n import _
from core.transfer.export_rows import (
    among,
    company_cells,
    contact_cells,
    ids_value,
    record_chunks,
)

log = logging.getLogger(__name__)

CHUNK = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_STARTS)


@dataclass(frozen=True)
class ExportOptions:
    exclude_refusing: bool = False
    reference_only: bool = False
    qualifications: bool = False
    keywords: bool = False
    portfolio: bool = False
    all_addresses: bool = False

    @classmethod
    def from_params(cls, params) -> ExportOptions:
        return cls(
            **{name: params.get(name) == "1" for name in cls.__dataclass_fields__}
        )


def neutralise(value) -> str:
    """Keep a spreadsheet from reading ``value`` as a formula (None is "")."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _address_headers(prefix, options: ExportOptions) -> list:
    headers = [_("Street"), _("Postcode"), _("City"), _("Country")]
    headers = [f"{prefix}{h}" for h in headers] if prefix else headers
    if options.all_addresses:
        headers.append(_("Other addresses"))
    return headers


def company_headers(options: ExportOptions) -> list:
    headers = [
        _("Company"),
        _("Trade name"),
        _("Type"),
        _("Situation"),
        _("Phone"),
        _("SIRET"),
        _("Website"),
        *_address_headers("", options),
    ]
    if options.qualifications:
        headers += [_("Sectors"), _("Qualifications")]
    if options.keywords:
        headers.append(_("Keywords"))
    if options.portfolio:
        headers.append(_("Portfolio"))
    return headers


def contact_headers(options: ExportOptions) -> list:
    headers = [
        _("Civility"),
        _("First name"),
        _("Last name"),
        _("Function"),
        _("Job title"),
        _("E-mail"),
        _("Phone"),
        _("Mobile"),
        _("Do not contact"),
        _("Company"),
        *_address_headers("", options),
    ]
    if options.qualifications:
        headers += [_("Sectors"), _("Company qualifications"), _("Qualifications")]
    if options.keywords:
        headers += [_("Company keywords"), _("Keywords")]
    if options.portfolio:
        headers.append(_("Portfolio"))
    return headers


class Tags:
    """Keywords and qualifications of one chunk of records, as cell texts."""

    def __init__(self, session: Session | None = None, kinds_ids=(), wanted=False):
        self._keywords: dict = {}
        self._qualifications: dict = {}
        if session is None or not wanted:
            return
        from core.keywords.models import (
            Keyword,
            Qualification,
            RecordKeyword,
            RecordQualification,
        )

        for kind, ids in kinds_ids:
            ids = [i for i in ids if i is not None]
            if not ids:
                continue
            for link, model, column, store in (
                (RecordKeyword, Keyword, "keyword_id", self._keywords),
                (
                    RecordQualification,
                    Qualification,
                    "qualification_id",
                    self._qualifications,
                ),
            ):
                query = (
                    select(link.target_id, model.label)
                    .join(model, model.id == getattr(link, column))
                    .where(link.target_kind == kind, link.target_id.in_(ids))
                    .order_by(model.position, model.id)
                )
                for target_id, label in session.execute(query):
                    store.setdefault((kind, target_id), []).append(label)

    def keywords(self, kind: str, ident) -> str:
        return ", ".join(self._keywords.get((kind, ident), []))

    def qualifications(self, kind: str, ident) -> str:
        return ", ".join(self._qualifications.get((kind, ident), []))


def reference_records(session: Session, ids: list[int]) -> list[int]:
    """One record per person among ``ids``: the reference one when present.

    Multi-company contacts are linked records of one person (see
    :mod:`core.directory.multi`); a person's other records are left out.
    """
    from core.directory.multi import ContactLink

    group: dict[int, int] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        query = select(ContactLink.contact_id, ContactLink.reference_id).where(
            ContactLink.contact_id.in_(chunk)
        )
        group.update(dict(session.execute(query).all()))
    present = set(ids)
    chosen: dict[int, int] = {}
    for ident in ids:
        reference = group.get(ident, ident)
        if reference in present:
            chosen[reference] = reference
        else:
            chosen.setdefault(reference, ident)
    keep = set(chosen.values())
    return [ident for ident in ids if ident in keep]


def chunked(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    """``ids`` (a list or a stream) ``size`` at a time."""
    stream = iter(ids)
    while chunk := list(itertools.islice(stream, size)):
        yield chunk


def rows(
    session: Session,
    kind: str,
    ids: Iterable[int],
    options: ExportOptions,
    tr,
    list_id: int | None = None,
):
    """Header then one list of cells per record; ``tr`` translates.

    ``ids`` may be a stream read as the export goes, so that memory stays
    bounded; keeping only the reference records needs them all at once.
    Exporting a list (``list_id``) adds its Info value as the last column.
    """
    wanted = options.keywords or options.qualifications
    company = kind == "company"
    headers = company_headers(options) if company else contact_headers(options)
    if list_id is not None:
        headers = [*headers, _("Info")]
    yield [tr(h) for h in headers]
    yes, no = tr(_("yes")), tr(_("no"))
    if options.reference_only and not company:
        ids = reference_records(session, list(ids))
    for chunk, extras in record_chunks(session, kind, chunked(ids), options):
        tags = Tags(session, _tagged(kind, chunk), wanted) if wanted else Tags()
        infos = (
            list_infos(session, list_id, kind, [row.id for row in chunk])
            if list_id is not None
            else None
        )
        for row in chunk:
            if company:
                cells = company_cells(row, options, extras, tags)
            elif not (options.exclude_refusing and row.do_not_contact):
                cells = contact_cells(row, options, yes, no, extras, tags)
            else:
                continue
            if infos is not None:
                cells = [*cells, infos.get(row.id) or ""]
            yield cells


def list_infos(session: Session, list_id: int, kind: str, ids: list[int]) -> dict:
    """Each record's Info value in the list, for one chunk: one query."""
    from core.lists.models import ListInfo, ListRow

    dialect = session.get_bind().dialect.name
    column = ListRow.company_id if kind == "company" else ListRow.contact_id
    query = (
        select(column, ListInfo.label)
        .join(ListInfo, ListInfo.id == ListRow.info_id)
        .where(ListRow.list_id == list_id, among(column, dialect))
    )
    values = {"ids": ids_value(ids, dialect)}
    return dict(session.connection().execute(query, values).all())


def _tagged(kind: str, chunk: list) -> list:
    """The records of a chunk whose keywords and qualifications are shown."""
    if kind == "company":
        return [("company", [row.id for row in chunk])]
    return [
        ("contact", [row.id for row in chunk]),
        ("company", sorted({row.company_id for row in chunk if row.company_id})),
    ]


class _Echo:
    def write(self, value):
        return value


def csv_chunks(cell_rows: Iterable[list]) -> Iterator[bytes]:
    """French-Excel CSV, a few hundred rows per chunk."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    buffer = ["\ufeff"]
    for index, cells in enumerate(cell_rows):
        # neutralise() inlined: this runs for every cell of the file.
        values = [
            ("'" + cell if cell[:1] in _FORMULA_FIRST else cell)
            if type(cell) is str
            else _number_text(cell)
            for cell in cells
        ]
        buffer.append(writer.writerow(values))
        if index % 500 == 499:
            yield "".join(buffer).encode("utf-8")
            buffer = []
    if buffer:
        yield "".join(buffer).encode("utf-8")


def _number_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    return str(value)


def write_xlsx(cell_rows: Iterable[list]):
    """Write the rows into a temporary workbook file; return it opened at 0.

    xlsxwriter's constant-memory mode writes each row as it comes; strings
    are never turned into formulas, numbers or links.
    """
    import xlsxwriter

    handle = tempfile.TemporaryFile()
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        book = xlsxwriter.Workbook(
            path,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        sheet = book.add_worksheet()
        for row_index, cells in enumerate(cell_rows):
            for column, cell in enumerate(cells):
                if isinstance(cell, int | float | Decimal) and not isinstance(
                    cell, bool
                ):
                    sheet.write_number(row_index, column, float(cell))
                elif cell:
                    sheet.write_string(row_index, column, str(cell))
        book.close()
        with open(path, "rb") as written:
            while block := written.read(1 << 16):
                handle.write(block)
    finally:
        os.unlink(path)
    handle.seek(0)
    return handle
