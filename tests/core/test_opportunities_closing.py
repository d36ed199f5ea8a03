"""Closing an opportunity as won or lost, and reopening it.

A closed opportunity is out of the pipe: its status follows the outcome
(confirmée 100 % when won, perdu 0 % when lost), the sheet shows the stamp
and no line "in the pipe", and nothing changes until it is reopened.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.opportunities.models import Opportunity
from core.opportunities.schemas import LineForm
from core.opportunities.services import lines as line_service
from core.opportunities.services import opportunities as service
from core.opportunities.testing import opportunity, status
from core.testing import csrf_token

pytest_plugins = ["tests.core.test_api_support"]


def with_lines(dbsession, user, factories):
    """A tiède (50 %) opportunity with two open lines: 500 €, weighted 250 €."""
    return opportunity(
        dbsession,
        user,
        factories.company(),
        lines=[("print", "300", dt.date(2027, 3, 1)), ("web", "200", None)],
    )


def close_on_sheet(app, record, outcome):
    sheet = app.get(f"/opportunities/{record.id}")
    form = next(f for f in sheet.forms.values() if f.action.endswith("/close"))
    return form.submit("outcome", value=outcome).follow()


def test_closing_as_won_confirms_the_status_and_freezes_the_sheet(
    signed_in, factories, dbsession
):
    record = with_lines(dbsession, signed_in.user, factories)
    sheet = close_on_sheet(signed_in, record, "won")
    dbsession.expire_all()
    assert record.status.code == "confirmee"
    assert sheet.html.select_one("h1 [data-outcome]").text.strip() == "WON"
    summary = sheet.html.select_one(".opportunity-summary")
    assert summary.select_one('[data-field="status"]').text == "Confirmée (100\xa0%)"
    assert summary.select_one('[data-field="total"]').text == "€500.00"
    weighted = summary.select_one('[data-field="weighted"]')
    assert weighted.text.strip() == "Out of the pipe"
    lines = sheet.html.select_one('[data-section="lines"]')
    assert "In the pipe" not in lines.text
    assert len(lines.select("[data-out-of-pipe]")) == 2
    assert lines.select(".line-actions") == []
    assert sheet.html.select_one('[data-action="edit"]') is None
    assert sheet.html.select_one('form[data-form="line"]') is None
    assert sheet.html.select_one("[data-read-only]") is not None
    assert sheet.html.select_one('[data-action="reopen"]') is not None


def test_closing_as_lost_sets_the_lost_status(signed_in, factories, dbsession):
    record = with_lines(dbsession, signed_in.user, factories)
    sheet = close_on_sheet(signed_in, record, "lost")
    dbsession.expire_all()
    assert record.status.code == "perdu"
    assert sheet.html.select_one("h1 [data-outcome]").text.strip() == "LOST"


def test_a_list_without_a_100_percent_status_keeps_the_status(
    signed_in, factories, dbsession
):
    confirmed = status(dbsession, "confirmee")
    confirmed.active = False
    record = with_lines(dbsession, signed_in.user, factories)
    service.close(dbsession, signed_in.user, record, "won")
    assert record.closed and record.status.code == "tiede"


def test_lines_and_fields_of_a_closed_opportunity_cannot_change(
    signed_in, factories, dbsession
):
    record = with_lines(dbsession, signed_in.user, factories)
    close_on_sheet(signed_in, record, "won")
    line = record.lines[0]
    token = csrf_token(signed_in)
    base = f"/opportunities/{record.id}"
    added = signed_in.post(
        f"{base}/lines",
        {"csrf_token": token, "product_id": "1", "amount": "10"},
        status=303,
    ).follow()
    assert "reopen it to change it" in added.text
    signed_in.get(f"{base}/lines/{line.id}/edit", status=303)
    signed_in.get(f"{base}/edit", status=303)
    for path, data in (
        (f"{base}/lines/{line.id}/archive", {"archive": "lost"}),
        (f"{base}/lines/{line.id}/duplicate", {"copies": "2", "every": "1"}),
    ):
        signed_in.post(path, {"csrf_token": token, **data}, status=303)
    moved = signed_in.post(
        f"{base}/status",
        {"status_id": str(status(dbsession, "froid").id)},
        headers={"X-CSRF-Token": token},
        status=422,
    )
    assert "reopen it" in moved.json["errors"]["__all__"]
    dbsession.expire_all()
    assert len(record.lines) == 2 and line.archived is None
    assert record.status.code == "confirmee"
    form = LineForm(product_id=line.product_id, amount=Decimal("1"))
    with pytest.raises(service.ClosedError):
        line_service.save_line(dbsession, signed_in.user, record, form)


def test_reopening_puts_it_back_in_the_pipe_editable(signed_in, factories, dbsession):
    record = with_lines(dbsession, signed_in.user, factories)
    sheet = close_on_sheet(signed_in, record, "lost")
    form = next(f for f in sheet.forms.values() if f.action.endswith("/reopen"))
    sheet = form.submit().follow()
    dbsession.expire_all()
    assert not record.closed and record.status.code == "tiede"
    assert sheet.html.select_one("h1 [data-outcome]") is None
    summary = sheet.html.select_one(".opportunity-summary")
    assert summary.select_one('[data-field="weighted"]').text == "€250.00"
    lines = sheet.html.select_one('[data-section="lines"]')
    assert lines.text.count("In the pipe") == 2
    assert sheet.html.select_one('form[data-form="line"]') is not None
    edit = signed_in.get(f"/opportunities/{record.id}/edit")
    assert "opportunity-form" in edit.forms


def test_the_pipe_keeps_the_open_ones_figures(signed_in, factories, dbsession):
    kept = with_lines(dbsession, signed_in.user, factories)
    closed = with_lines(dbsession, signed_in.user, factories)
    close_on_sheet(signed_in, closed, "won")
    dbsession.expire_all()
    assert kept.status.code == "tiede" and kept.outcome is None
    rows = signed_in.get(
        f"/opportunities?filtered=1&closed=open&owner_ids={signed_in.user.id}"
    ).html
    assert rows.select_one(f'tr[data-row="{closed.id}"]') is None
    row = rows.select_one(f'tr[data-row="{kept.id}"]')
    assert "€250.00" in row.text


def test_closing_and_reopening_through_the_api(api, factories, dbsession):
    record = with_lines(dbsession, api.user, factories)
    path = f"/opportunities/{record.id}"
    won = api.patch(path, {"outcome": "won"}, api.etag(path)).json
    assert (won["outcome"], won["status"]) == ("won", "confirmee")
    refused = api.patch(path, {"title": "Autre"}, api.etag(path), status=409).json
    assert "reopen it" in str(refused)
    api.post(f"{path}/lines", {"product": "print", "amount": "5"}, status=409)
    lost = api.patch(path, {"outcome": "lost"}, api.etag(path)).json
    assert (lost["outcome"], lost["status"]) == ("lost", "perdu")
    again = api.patch(path, {"outcome": None, "title": "Autre"}, api.etag(path)).json
    assert again["outcome"] is None and again["title"] == "Autre"
    assert again["status"] == "tiede"


def test_reopened_opportunity_is_in_the_database_open(dbsession, signed_in, factories):
    record = with_lines(dbsession, signed_in.user, factories)
    service.close(dbsession, signed_in.user, record, "won")
    service.reopen(dbsession, signed_in.user, record)
    dbsession.expire_all()
    reopened = dbsession.get(Opportunity, record.id)
    assert reopened.outcome is None and reopened.status.code == "tiede"
    assert reopened.open_status_id is None
