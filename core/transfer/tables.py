"""Read a CSV or XLSX file into rows of cells, ready to be mapped to fields."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field

from core.i18n import _
from core.transfer.decoding import decode

DELIMITERS = (";", ",", "\t", "|")
SAMPLE_ROWS = 50


class FileRefused(ValueError):
    """A file that cannot be read as a table; the message says what to do."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The cells of a file: a header (or column numbers) and numbered rows.

    ``rows`` holds ``(line, cells)`` where ``line`` is the number a person
    sees when opening the file (the header is line 1).
    """

    headers: list[str]
    rows: list[tuple[int, list]]
    kind: str = "csv"
    delimiter: str | None = None
    encoding: str | None = None
    has_header: bool = True
    notices: list = field(default_factory=list)


def _parse(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _width_profile(rows: list[list[str]]) -> tuple[int, int]:
    """The usual width of the non-blank rows and how many rows have it."""
    widths = Counter(len(row) for row in rows[:SAMPLE_ROWS] if any(row))
    if not widths:
        return 0, 0
    width, count = max(widths.items(), key=lambda item: (item[1] > 1, item[0]))
    return width, count


def sniff_delimiter(text: str) -> str:
    """The delimiter that cuts most sample rows into the same number of columns.

    ``csv.Sniffer`` guesses from character frequencies and is often fooled by
    commas inside quoted French addresses; parsing with each candidate is
    slower but reliable on a sample.
    """
    sample = text[:64_000]
    best, best_score = DELIMITERS[0], (-1, -1)
    for delimiter in DELIMITERS:
        rows = _parse(
            sample.rsplit("\n", 1)[0] if "\n" in sample else sample, delimiter
        )
        width, count = _width_profile(rows)
        score = (count if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _resplit(row: list[str], delimiter: str, width: int) -> list[str]:
    # A row exported with another delimiter than the rest of the file.
    if len(row) != 1 or width <= 1:
        return row
    for other in DELIMITERS:
        if other != delimiter and other in row[0]:
            cells = _parse(row[0], other)
            if cells and len(cells[0]) > 1:
                return cells[0]
    return row


def _looks_like_header(cells: list[str]) -> bool:
    filled = [cell.strip() for cell in cells if cell and cell.strip()]
    if not filled:
        return False
    for cell in filled:
        if "@" in cell or cell.replace(" ", "").replace("+", "").isdigit():
            return False
    return True


def read_csv(
    data: bytes,
    delimiter: str | None = None,
    encoding: str | None = None,
    has_header: bool | None = None,
) -> Table:
    decoded = decode(data, encoding)
    text = decoded.text
    delimiter = delimiter or sniff_delimiter(text)
    records = _parse(text, delimiter)

    # Line numbers as an editor shows them: a quoted line break adds a line.
    lines, line = [], 1
    for record in records:
        lines.append(line)
        line += 1 + sum(cell.count("\n") for cell in record)

    width, _count = _width_profile(records)
    if width <= 1:
        raise FileRefused(
            _(
                "Only one column was found. Is the separator a semicolon (;), "
                "a comma (,) or a tab? Choose it and read the file again."
            )
        )
    # Notes some exporters write above the header (LinkedIn) are skipped.
    start = 0
    while start < len(records) and len(_resplit(records[start], delimiter, width)) < 2:
        start += 1
    rows = [
        (lines[index], _resplit(records[index], delimiter, width))
        for index in range(start, len(records))
    ]
    rows = [(number, cells) for number, cells in rows if any(c.strip() for c in cells)]
    if not rows:
        raise FileRefused(_("The file holds no rows."))

    header_row = rows[0][1]
    if has_header is None:
        has_header = _looks_like_header(header_row)
    table = Table(
        headers=[],
        rows=[],
        delimiter=delimiter,
        encoding=decoded.encoding,
        has_header=has_header,
    )
    if has_header:
        table.headers = [cell.strip() for cell in header_row]
        table.rows = rows[1:]
    else:
        table.rows = rows
    _number_headers(table)
    if decoded.double_encoded:
        table.notices.append(
            _(
                "Some letters look encoded twice (such as \u00c3\u00a9 for "
                "\u00e9): the file was probably re-saved with the wrong "
                "encoding. Check the names below before importing."
            )
        )
    return table


def _number_headers(table: Table) -> None:
    """Give every column a name: its header, else "Column N"."""
    width = max([len(table.headers)] + [len(cells) for _n, cells in table.rows])
    names = []
    for index in range(width):
        header = table.headers[index] if index < len(table.headers) else ""
        names.append(header or f"#{index + 1}")
    table.headers = names


def _xlsx_cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def read_xlsx(data: bytes, has_header: bool | None = None) -> Table:
    """Read the first sheet; cells keep their type (numbers, dates, text)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileRefused(_("This file is not a readable Excel workbook.")) from exc
    try:
        sheet = book.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_xlsx_cell(value) for value in values]
            while cells and cells[-1] == "":
                cells.pop()
            if any(str(cell).strip() for cell in cells):
                rows.append((number, cells))
    finally:
        book.close()
    if not rows:
        raise FileRefused(_("The file holds no rows."))
    first = [str(cell) for cell in rows[0][1]]
    if has_header is None:
        has_header = _looks_like_header(first)
    table = Table(headers=[], rows=[], kind="xlsx", has_header=has_header)
    if has_header:
        table.headers = [cell.strip() for cell in first]
        table.rows = rows[1:]
    else:
        table.rows = rows
    _number_headers(table)
    return table
