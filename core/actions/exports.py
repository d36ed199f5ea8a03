"""The period list as a spreadsheet and the week's meetings as a PDF.

Spreadsheet cells are written as text; a text a spreadsheet application
would read as a formula (starting with ``=``, ``+``, ``-`` or ``@``) gets a
leading apostrophe, so opening an export never runs what a contact's name or
a report contains.
"""

from __future__ import annotations

import io

import xlsxwriter

from core.actions.richtext import report_text
from core.transfer.exporting import neutralise


def period_workbook(headers: list[str], rows: list[list]) -> bytes:
    """An XLSX file of ``rows`` under ``headers``; every cell is text."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("Actions")
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for column, header in enumerate(headers):
        sheet.write_string(0, column, neutralise(header), bold)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            sheet.write_string(number, column, neutralise(value), wrap)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, len(headers) - 1, 22)
    workbook.close()
    return buffer.getvalue()


def period_rows(actions, local) -> list[list[str]]:
    """The cells of the period export, one row per action."""
    rows = []
    for action in actions:
        companies = sorted({c.company.name for c in action.contacts if c.company})
        rows.append(
            [
                local(action.starts_at),
                action.type.label,
                action.subject,
                ", ".join(companies),
                ", ".join(contact.display_name for contact in action.contacts),
                ", ".join(visitor.display_name for visitor in action.visitors),
                local(action.follow_up_at) if action.follow_up_open else "",
                report_text(action.report_html),
                action.budget.name if action.budget else "",
            ]
        )
    return rows


def pdf_from_html(html: str, base_url: str) -> bytes:
    """Render an HTML page (the week's meetings) to PDF with WeasyPrint."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
