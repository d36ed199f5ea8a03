"""The "Client" column: the advertiser, which is the company unless another is named."""

import io

import openpyxl

from core.opportunities.testing import opportunity


def clients(page) -> dict[str, str]:
    return {
        row.select_one('[data-field="title"]').text: row.select_one(
            '[data-field="client"]'
        ).text
        for row in page.html.select("tr[data-row]")
    }


def agency_and_direct(signed_in, factories, dbsession):
    agency, brand = factories.company("Havas Média"), factories.company("Brezh Lait")
    me = signed_in.user
    opportunity(dbsession, me, agency, title="Pour une marque", client=brand)
    opportunity(dbsession, me, brand, title="En direct")
    dbsession.flush()
    return agency, brand


def test_the_pipe_table_names_the_company_when_it_is_its_own_client(
    signed_in, factories, dbsession
):
    agency_and_direct(signed_in, factories, dbsession)
    assert clients(signed_in.get("/opportunities")) == {
        "Pour une marque": "Brezh Lait",
        "En direct": "Brezh Lait",
    }


def test_the_company_sheet_tab_names_the_client_too(signed_in, factories, dbsession):
    agency, brand = agency_and_direct(signed_in, factories, dbsession)
    page = signed_in.get(f"/companies/{agency.id}")
    tab = page.html.find(attrs={"data-tab": "opportunities"})
    cell = tab.select_one('tr[data-row] [data-field="client"]')
    assert cell.text == "Brezh Lait"
    page = signed_in.get(f"/companies/{brand.id}")
    tab = page.html.find(attrs={"data-tab": "opportunities"})
    names = {cell.text for cell in tab.select('[data-field="client"]')}
    assert names == {"Brezh Lait"}


def test_the_export_fills_the_client_column_the_same_way(
    signed_in, factories, dbsession
):
    agency_and_direct(signed_in, factories, dbsession)
    response = signed_in.get("/opportunities/export.xlsx?view=table")
    sheet = openpyxl.load_workbook(io.BytesIO(response.body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "Client"
    found = {row[2]: row[3] for row in rows[1:-1]}
    assert found == {"Pour une marque": "Brezh Lait", "En direct": "Brezh Lait"}
