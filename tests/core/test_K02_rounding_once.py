"""K-02: one rounding rule, the same cents in every view, export and the API."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl

from core.opportunities.testing import opportunity, status
from tests.core.test_api_support import bearer_client

pytest_plugins = ["tests.core.test_api_support"]


def test_three_lines_of_10_05_at_50_percent_weigh_15_08_everywhere(
    signed_in, factories, dbsession
):
    record = opportunity(
        dbsession,
        signed_in.user,
        factories.company(),
        status=status(dbsession, "tiede"),
        lines=[("print", "10.05", None)] * 3,
    )
    table = signed_in.get("/opportunities")
    row = table.html.select_one(f'tr[data-row="{record.id}"]')
    assert row.select_one('[data-field="weighted"]').text == "€15.08"
    for path in ("/opportunities/months", "/opportunities/statuses"):
        card = signed_in.get(path).html.select_one(f'[data-card="{record.id}"]')
        assert card.select_one('[data-field="weighted"]').text == "€15.08"
        assert card["data-weighted"] == "15.08"
    sheet = signed_in.get(f"/opportunities/{record.id}")
    assert sheet.html.select_one('[data-field="weighted"]').text == "€15.08"

    export = signed_in.get("/opportunities/export.xlsx?view=table")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(export.body)).active.iter_rows(
            values_only=True
        )
    )
    assert Decimal(str(rows[1][8])) == Decimal("15.08")
    api = bearer_client(signed_in, dbsession, signed_in.user)
    assert api.get(f"/opportunities/{record.id}").json["weighted"] == "15.08"


def test_1000_euros_split_in_three_lines(signed_in, factories, dbsession):
    record = opportunity(
        dbsession,
        signed_in.user,
        factories.company(),
        lines=[("web", "1000", None)],
    )
    sheet = signed_in.get(f"/opportunities/{record.id}")
    row = sheet.html.select_one(f'tr[data-line="{record.lines[0].id}"]')
    action = row.select_one('form[data-form="duplicate"]')["action"]
    form = next(f for f in sheet.forms.values() if f.action == action)
    form["copies"] = "2"
    form["split"] = True
    form.submit("duplicate")
    dbsession.expire_all()
    assert [line.amount for line in record.lines] == [
        Decimal("333.33"),
        Decimal("333.33"),
        Decimal("333.34"),
    ]
    page = signed_in.get(f"/opportunities/{record.id}")
    assert page.html.select_one('[data-field="total"]').text == "€1,000.00"
