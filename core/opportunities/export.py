"""The current pipe view as an XLSX file.

Texts typed by users are written as texts, and those a spreadsheet would read
as a formula (starting with ``=``, ``+``, ``-`` or ``@``) get a leading
apostrophe, so opening the file never runs anything. Amounts are written as
numbers with a euro format: a spreadsheet only knows binary floating point,
and two decimals survive that exactly enough for sums to the cent.
"""

from __future__ import annotations

import io

import xlsxwriter

from core.i18n import _
from core.opportunities.services.pipe import Row, sum_rows

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str | None) -> str:
    """A text that no spreadsheet will take for a formula."""
    text = text or ""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def headers(translate) -> list[str]:
    titles = (
        _("Company"),
        _("Contact"),
        _("Title"),
        _("Client"),
        _("Estimated decision date"),
        _("Status"),
        _("Probability (%)"),
        _("Total"),
        _("Weighted"),
        _("Amount without date"),
        _("Salesperson"),
        _("Campaign date"),
        _("Products"),
        _("Closed"),
    )
    return [translate(title) for title in titles]


def workbook(request, rows: list[Row], view: str) -> bytes:
    """The rows of the view, then one line of totals (the same figures as shown)."""
    translate = request.localizer.translate
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet(translate(_("Opportunities"))[:31])
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0.00 [$€-40C]"})
    money_bold = book.add_format({"num_format": "#,##0.00 [$€-40C]", "bold": True})
    day = book.add_format({"num_format": "dd/mm/yyyy"})

    for column, title in enumerate(headers(translate)):
        sheet.write_string(0, column, title, bold)
    won, lost = translate(_("Won")), translate(_("Lost"))
    for index, row in enumerate(rows, start=1):
        opp = row.opportunity
        texts = {
            0: opp.company.name,
            1: opp.contact.display_name if opp.contact else "",
            2: opp.title,
            3: opp.client.name if opp.client else "",
            5: opp.status.label,
            10: opp.owner.display_name,
            12: ", ".join(row.products),
            13: {"won": won, "lost": lost}.get(opp.outcome or "", ""),
        }
        for column, text in texts.items():
            sheet.write_string(index, column, neutralise(text))
        for column, value in ((4, opp.decision_on), (11, opp.campaign_on)):
            if value is not None:
                sheet.write_datetime(index, column, value, day)
        sheet.write_number(index, 6, opp.status.rate)
        figures = row.figures
        for column, amount in (
            (7, figures.total),
            (8, figures.weighted),
            (9, figures.undated),
        ):
            sheet.write_number(index, column, float(amount), money)

    totals = sum_rows(rows)
    last = len(rows) + 1
    sheet.write_string(last, 0, translate(_("Total")), bold)
    for column, amount in (
        (7, totals.total),
        (8, totals.weighted),
        (9, totals.undated),
    ):
        sheet.write_number(last, column, float(amount), money_bold)
    sheet.set_column(0, 3, 24)
    sheet.set_column(4, 13, 14)
    sheet.freeze_panes(1, 0)
    book.close()
    return output.getvalue()
