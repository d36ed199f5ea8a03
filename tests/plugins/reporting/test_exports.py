"""XLSX read back with openpyxl, PDF page sizes read from the produced file."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader

from core.i18n import _
from plugins.reporting.definitions import Column, ReportDefinition
from plugins.reporting.outputs import FORMATS, render
from plugins.reporting.services import build

# PDF points: 1 mm = 72 / 25.4 pt.
SIZES = {"A4": (595, 842), "A3": (842, 1191)}


def export(app, output, **filters):
    return app.get("/reports/reporting.companies/export", {"output": output, **filters})


def test_xlsx_keeps_types_groups_and_totals(reporting, factories):
    brand = factories.company("Brezh Export")
    factories.contact(brand)
    factories.company("Horizon Export", type_code="agence_media")

    response = export(reporting, "xlsx", created_from="2020-01-01")

    assert response.content_type == FORMATS["xlsx"].content_type
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.body)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Companies by type and situation"
    assert ["Created from", "01/01/2020 (2020-01-01)"] == rows[3][:2]
    assert rows[4][0] == "Generated on"
    header = rows.index(
        ["Type", "Company", "Situation", "Created on", "Contacts", "Companies"]
    )
    body = rows[header + 1 :]
    assert body[0][:2] == ["Annonceur", "Brezh Export"]
    assert body[0][3].year >= 2026  # a real date cell, not text
    assert body[0][4] == 1
    assert body[1][0] == "Total Annonceur"
    assert body[-1][0] == "Grand total"
    assert body[-1][5] == 2


def _money_report(rows):
    return ReportDefinition(
        name="test.money",
        title=_("Money test"),
        columns=(
            Column("label", _("Label")),
            Column("amount", _("Amount"), "money", total=True),
        ),
        query=lambda context: rows,
    )


def test_xlsx_neutralises_cells_that_look_like_formulas(dbsession, reporting):
    hostile = ['=HYPERLINK("http://x")', "+33 1 23", "-2+3", "@SUM(A1)", "Plain"]
    definition = _money_report(
        [{"label": text, "amount": Decimal("1.10")} for text in hostile]
    )
    table = build(definition, dbsession, {}, reporting.user, "Europe/Paris")

    data = render(table, FORMATS["xlsx"], _Words())

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=5) if row[0].value in hostile]
    assert [cell.value for cell in cells] == hostile
    for cell in cells:
        assert cell.data_type == "s"
        assert cell.quotePrefix == (cell.value != "Plain")
    totals = [row for row in sheet.iter_rows() if row[0].value == "Grand total"]
    assert totals[0][1].value == pytest.approx(5.5)
    assert totals[0][1].number_format == '#,##0.00 "€"'


class _Words:
    def translate(self, value, mapping=None):
        from translationstring import TranslationString

        if isinstance(value, TranslationString):
            return value.interpolate()
        return str(value)


@pytest.mark.parametrize(
    ("output", "size", "landscape"),
    [
        ("pdf-a4-portrait", "A4", False),
        ("pdf-a4-landscape", "A4", True),
        ("pdf-a3-portrait", "A3", False),
        ("pdf-a3-landscape", "A3", True),
    ],
)
def test_pdf_page_size_and_orientation(reporting, factories, output, size, landscape):
    factories.company("Valmont PDF")
    response = export(reporting, output)
    assert response.content_type == "application/pdf"

    reader = PdfReader(io.BytesIO(response.body))
    box = reader.pages[0].mediabox
    width, height = SIZES[size]
    if landscape:
        width, height = height, width
    assert (round(float(box.width)), round(float(box.height))) == (width, height)


def test_pdf_carries_name_filters_date_and_page_numbers(reporting, factories):
    for number in range(70):
        factories.company(f"Annonceur PDF {number:02d}")

    response = export(reporting, "pdf-a4-portrait", created_from="start of month")

    reader = PdfReader(io.BytesIO(response.body))
    assert len(reader.pages) >= 2
    first = reader.pages[0].extract_text()
    assert "Companies by type and situation" in first
    assert "Created from" in first and "(start of month)" in first
    assert "Generated on" in first
    count = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} / {count}" in page.extract_text()


def test_money_is_written_the_french_way(dbsession, reporting):
    from plugins.reporting.outputs.pdf import report_html

    definition = _money_report(
        [
            {"label": "PRINT", "amount": Decimal("7500.00")},
            {"label": "WEB", "amount": Decimal("10000.05")},
        ]
    )
    table = build(definition, dbsession, {}, reporting.user, "Europe/Paris")
    html = report_html(table, FORMATS["pdf-a4-portrait"], _Words().translate)
    assert "7\u202f500,00\u00a0€" in html
    assert "17\u202f500,05\u00a0€" in html
    assert table.totals["amount"] == Decimal("17500.05")
