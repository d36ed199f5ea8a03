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

from core.forms import FIRST_YEAR, LAST_YEAR
from core.i18n import _
from core.opportunities.services.pipe import Row, sum_rows
from core.transfer.exporting import neutralise

MONEY = "#,##0.00 [$€-40C]"


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


def workbook(
    request, rows: list[Row], view: str, groups: list[tuple[str, list[Row]]] = ()
) -> bytes:
    """The rows of the view, then one line of totals (the same figures as shown).

    The month and status views come as ``groups`` (a column's title and its
    rows, in the order of the board): each starts with its title and ends
    with its count and sums, as the column heads show them.
    """
    translate = request.localizer.translate
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet(translate(_("Opportunities"))[:31])
    formats = {
        "bold": book.add_format({"bold": True}),
        "money": book.add_format({"num_format": MONEY}),
        "money_bold": book.add_format({"num_format": MONEY, "bold": True}),
        "day": book.add_format({"num_format": "dd/mm/yyyy"}),
    }
    for column, title in enumerate(headers(translate)):
        sheet.write_string(0, column, title, formats["bold"])

    line = 1
    for title, grouped in groups or [(None, rows)]:
        if title is not None:
            sheet.write_string(line, 0, neutralise(title), formats["bold"])
            line += 1
        for row in grouped:
            _write_row(sheet, line, row, translate, formats)
            line += 1
        if title is not None:
            label = translate(_("Subtotal: ${title}", mapping={"title": title}))
            _write_sums(sheet, line, neutralise(label), sum_rows(grouped), formats)
            line += 1
    _write_sums(sheet, line, translate(_("Total")), sum_rows(rows), formats)
    sheet.set_column(0, 3, 24)
    sheet.set_column(4, 13, 14)
    sheet.freeze_panes(1, 0)
    book.close()
    return output.getvalue()


def _write_row(sheet, line: int, row: Row, translate, formats) -> None:
    opp = row.opportunity
    won, lost = translate(_("Won")), translate(_("Lost"))
    texts = {
        0: opp.company.name,
        1: opp.contact.display_name if opp.contact else "",
        2: opp.title,
        3: opp.advertiser.name,
        5: opp.status.label,
        10: opp.owner.display_name,
        12: ", ".join(row.products),
        13: {"won": won, "lost": lost}.get(opp.outcome or "", ""),
    }
    for column, text in texts.items():
        sheet.write_string(line, column, neutralise(text))
    for column, value in ((4, opp.decision_on), (11, opp.campaign_on)):
        if value is None:
            continue
        if FIRST_YEAR <= value.year <= LAST_YEAR:
            sheet.write_datetime(line, column, value, formats["day"])
        else:
            # Stored before dates were bounded: a date cell would be invalid.
            sheet.write_string(line, column, value.isoformat())
    sheet.write_number(line, 6, opp.status.rate)
    figures = row.figures
    for column, amount in (
        (7, figures.total),
        (8, figures.weighted),
        (9, figures.undated),
    ):
        sheet.write_number(line, column, float(amount), formats["money"])


def _write_sums(sheet, line: int, label: str, totals, formats) -> None:
    """A line of sums: its label, the count under the title, the amounts."""
    sheet.write_string(line, 0, label, formats["bold"])
    sheet.write_number(line, 2, totals.count, formats["bold"])
    for column, amount in (
        (7, totals.total),
        (8, totals.weighted),
        (9, totals.undated),
    ):
        sheet.write_number(line, column, float(amount), formats["money_bold"])
