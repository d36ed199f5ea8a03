"""Reports as Excel workbooks, written with xlsxwriter.

Cells keep their types (dates, numbers, amounts in euros with two decimals),
so a reader can sort and sum. Text that a spreadsheet would take for a
formula (starting with ``=``, ``+``, ``-`` or ``@``) is written as text with
Excel's quote prefix: it shows as typed and never runs, even once edited.
"""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import xlsxwriter
from translationstring import TranslationString

from core.i18n import _
from plugins.reporting import formatting

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Writer:
    def __init__(self, workbook, sheet, zone: str, translate):
        self.sheet = sheet
        self.zone = zoneinfo.ZoneInfo(zone)
        self.translate = translate
        self.row = 0
        add = workbook.add_format
        self.formats = {
            "title": add({"bold": True, "font_size": 14}),
            "header": add({"bold": True, "bg_color": "#dde4ee", "border": 1}),
            "text": add({}),
            "quoted": add({"quote_prefix": True}),
            "date": add({"num_format": "dd/mm/yyyy"}),
            "datetime": add({"num_format": "dd/mm/yyyy hh:mm"}),
            "money": add({"num_format": '#,##0.00 "€"'}),
            "integer": add({"num_format": "#,##0"}),
            "total": add({"bold": True, "top": 1}),
            "total_money": add({"bold": True, "top": 1, "num_format": '#,##0.00 "€"'}),
            "total_integer": add({"bold": True, "top": 1, "num_format": "#,##0"}),
        }

    def text(self, col: int, value, bold=False) -> None:
        value = value if isinstance(value, str) else self.translate(value)
        style = "quoted" if value.startswith(FORMULA_STARTS) else "text"
        self.sheet.write_string(self.row, col, value, self.formats[style])

    def value(self, col: int, value, kind: str) -> None:
        if value is None:
            return
        if kind == "money" and isinstance(value, Decimal):
            self.sheet.write_number(self.row, col, float(value), self.formats["money"])
        elif kind == "integer" and isinstance(value, int):
            self.sheet.write_number(self.row, col, value, self.formats["integer"])
        elif kind == "datetime" and isinstance(value, dt.datetime):
            local = value.astimezone(self.zone).replace(tzinfo=None)
            self.sheet.write_datetime(self.row, col, local, self.formats["datetime"])
        elif kind == "date" and isinstance(value, dt.date):
            self.sheet.write_datetime(self.row, col, value, self.formats["date"])
        elif kind == "bool":
            self.text(col, _("yes") if value else _("no"))
        elif isinstance(value, str | TranslationString):
            self.text(col, value)
        else:
            self.text(col, str(value))

    def totals(self, columns, label, totals) -> None:
        self.sheet.write_string(
            self.row, 0, self.translate(label), self.formats["total"]
        )
        for col, column in enumerate(columns):
            if column.key in totals:
                style = "total_money" if column.kind == "money" else "total_integer"
                total = totals[column.key]
                number = float(total) if isinstance(total, Decimal) else total
                self.sheet.write_number(self.row, col, number, self.formats[style])
        self.row += 1


def render_xlsx(table, translate, include_table=True, include_filters=True) -> bytes:
    """The workbook of ``table``: title, filters, date, then the grid."""
    buffer = io.BytesIO()
    # Money goes through float only at the cell: xlsx stores IEEE numbers.
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(translate(_("Report"))[:31])
    out = _Writer(workbook, sheet, table.timezone, translate)

    sheet.write_string(0, 0, translate(table.title), out.formats["title"])
    out.row = 1
    if include_filters:
        for label, shown in table.filters:
            out.text(0, translate(label))
            out.text(1, shown)
            out.row += 1
    generated = formatting.instant(table.generated_at, table.timezone)
    out.text(0, translate(_("Generated on")))
    out.text(1, generated)
    out.row += 2
    if include_table:
        _grid(out, table)
    sheet.set_column(0, max(len(table.columns) - 1, 0), 16)
    workbook.close()
    return buffer.getvalue()


def _grid(out: _Writer, table) -> None:
    columns = table.columns
    for col, column in enumerate(columns):
        out.sheet.write_string(
            out.row, col, out.translate(column.label), out.formats["header"]
        )
    out.sheet.freeze_panes(out.row + 1, 0)
    out.row += 1
    for group in table.groups:
        for row in group.rows:
            for col, column in enumerate(columns):
                out.value(col, row.get(column.key), column.kind)
            out.row += 1
        if table.grouped and table.has_totals:
            label = group.label if isinstance(group.label, str) else ""
            out.totals(
                columns, _("Total ${group}", mapping={"group": label}), group.totals
            )
    if table.has_totals:
        out.totals(columns, _("Grand total"), table.totals)
