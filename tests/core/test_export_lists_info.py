"""A list's export carries each row's Info value as its last column."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from core.lists import exports, services
from core.testing import sign_in
from core.transfer.models import ExportJob


def fill(dbsession, user, kind, records, infos):
    record_list = services.create_list(dbsession, user, "Relances", kind)
    services.add_records(dbsession, record_list, [r.id for r in records])
    rows = services.existing_rows(dbsession, record_list)
    for record, label in zip(records, infos, strict=True):
        if label:
            rows[record.id].info = services.info_for(dbsession, record_list, label)
    dbsession.flush()
    return record_list


def read_csv(body: bytes) -> list[list[str]]:
    text = body.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def read_xlsx(body: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


def by_first_cell(table) -> dict:
    assert table[0][-1] == "Info"
    return {row[0]: row[-1] or "" for row in table[1:]}


def test_company_csv_and_xlsx_have_the_info(signed_in, dbsession, factories):
    companies = [factories.company(name) for name in ("Alpha", "Beta", "Gamma")]
    record_list = fill(
        dbsession, signed_in.user, "company", companies, ["OUI", None, "=1+1"]
    )
    url = f"/lists/{record_list.id}/export"
    expected = {"Alpha": "OUI", "Beta": "", "Gamma": "'=1+1"}
    assert by_first_cell(read_csv(signed_in.get(url).body)) == expected
    # A workbook's text cell is never a formula: the value is kept as typed.
    body = signed_in.get(f"{url}?format=xlsx").body
    assert by_first_cell(read_xlsx(body)) == {**expected, "Gamma": "=1+1"}
    sheet = load_workbook(io.BytesIO(body)).active
    info = [row[-1] for row in sheet.iter_rows(min_row=2)]
    assert [cell.data_type for cell in info if cell.value] == ["s", "s"]


def test_contact_csv_has_the_info(signed_in, dbsession, factories):
    company = factories.company("Radio Sud")
    zoe = factories.contact(company, first_name="Zoé", last_name="Bernard")
    paul = factories.contact(company, first_name="Paul", last_name="Martin")
    record_list = fill(
        dbsession, signed_in.user, "contact", [zoe, paul], ["A rappeler", None]
    )
    table = read_csv(signed_in.get(f"/lists/{record_list.id}/export").body)
    assert table[0][-1] == "Info"
    last_names = table[0].index("Last name")
    infos = {row[last_names]: row[-1] for row in table[1:]}
    assert infos == {"Bernard": "A rappeler", "Martin": ""}


@pytest.fixture
def small_client(make_app, factories):
    app = make_app(**{exports.INLINE_ROWS: "1"})
    user = factories.user(profile="salesperson")
    sign_in(app, user.email)
    factories.dbsession.refresh(user)
    app.user = user
    return app


def test_the_background_export_has_the_info(small_client, dbsession, factories):
    companies = [factories.company(name) for name in ("Alpha", "Beta")]
    record_list = fill(
        dbsession, small_client.user, "company", companies, [None, "NON"]
    )
    answer = small_client.get(f"/lists/{record_list.id}/export?format=xlsx")
    assert answer.status_int == 303
    dbsession.expire_all()
    job = dbsession.scalars(select(ExportJob)).one()
    assert job.status == "done"
    download = small_client.get(f"/lists/exports/{job.id}")
    assert by_first_cell(read_xlsx(download.body)) == {"Alpha": "", "Beta": "NON"}
