"""The pipe views: each total is the direct sum of the opportunities shown."""

import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import openpyxl
import pytest

from core.opportunities import amounts
from core.opportunities.models import Opportunity
from core.opportunities.testing import opportunity, product, status

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def today() -> dt.date:
    return dt.datetime.now(PARIS).date()


def euros(amount: Decimal) -> str:
    return f"€{amount:,.2f}"


def shown_ids(page) -> set[int]:
    return {int(row["data-row"]) for row in page.html.select("tr[data-row]")}


def top_totals(page) -> tuple[str, str, str]:
    box = page.html.select_one("[data-totals]")
    return tuple(
        box.select_one(f'[data-total="{name}"]').text
        for name in ("count", "total", "weighted")
    )


def direct_sums(dbsession, ids):
    records = [dbsession.get(Opportunity, ident) for ident in ids]
    return (
        str(len(records)),
        euros(sum((amounts.total_of(r) for r in records), Decimal(0))),
        euros(sum((amounts.weighted_of(r) for r in records), Decimal(0))),
    )


@pytest.fixture
def pipe(signed_in, factories, dbsession):
    """A salesperson's pipe: odd rates, lines, dates, one closed, one colleague's."""
    me = signed_in.user
    company = factories.company("Brezh Lait")
    odd = status(dbsession, "odd33", rate=33)
    base = today().replace(day=1)
    records = {
        "typed": opportunity(
            dbsession,
            me,
            company,
            amount="70000",
            status=status(dbsession, "chaude"),
            decision_on=base + dt.timedelta(days=3),
        ),
        "lines": opportunity(
            dbsession,
            me,
            company,
            status=odd,
            decision_on=base + dt.timedelta(40),
            lines=[
                ("print", "10.05", base),
                ("print", "10.05", None),
                ("web", "10.05", base + dt.timedelta(days=70)),
            ],
        ),
        "undated": opportunity(
            dbsession, me, company, amount="1234.56", status=status(dbsession, "froid")
        ),
        "late": opportunity(
            dbsession,
            me,
            company,
            amount="99.99",
            status=status(dbsession, "tiede"),
            decision_on=base - dt.timedelta(days=20),
            campaign_on=base - dt.timedelta(days=2),
        ),
        "closed": opportunity(
            dbsession,
            me,
            company,
            amount="5000",
            outcome="won",
            decision_on=base + dt.timedelta(days=5),
        ),
        "colleague": opportunity(
            dbsession,
            factories.user(),
            company,
            amount="777",
            decision_on=base + dt.timedelta(days=5),
        ),
    }
    return {name: record.id for name, record in records.items()}


def test_table_shows_my_open_opportunities_and_their_sums(signed_in, dbsession, pipe):
    page = signed_in.get("/opportunities")
    mine = {pipe[k] for k in ("typed", "lines", "undated", "late")}
    assert shown_ids(page) == mine
    assert top_totals(page) == direct_sums(dbsession, mine)
    row = page.html.select_one(f'tr[data-row="{pipe["lines"]}"]')
    assert row.select_one('[data-field="total"]').text == "€30.15"
    assert row.select_one('[data-field="weighted"]').text == "€9.95"
    assert row.select_one('[data-field="undated"]').text == "€10.05"
    foot = page.html.select_one("tfoot")
    assert foot.select_one('[data-total="total"]').text == top_totals(page)[1]


@pytest.mark.parametrize(
    "query",
    [
        "product_ids={web}",
        "status_ids={odd}",
        "period=decision&start={start}&end={end}",
        "period=publication&start={start}&end={end}",
        "closed=all",
        "closed=closed",
    ],
)
def test_every_filter_keeps_totals_equal_to_the_rows(signed_in, dbsession, pipe, query):
    start = today().replace(day=1)
    values = {
        "web": product(dbsession, "web").id,
        "odd": status(dbsession, "odd33", rate=33).id,
        "start": start.isoformat(),
        "end": (start + dt.timedelta(days=45)).isoformat(),
    }
    url = f"/opportunities?filtered=1&{query.format(**values)}"
    page = signed_in.get(url)
    ids = shown_ids(page)
    assert ids
    assert top_totals(page) == direct_sums(dbsession, ids)


def test_filters_choose_the_right_opportunities(signed_in, pipe, dbsession):
    web = product(dbsession, "web").id
    page = signed_in.get(f"/opportunities?filtered=1&product_ids={web}")
    assert shown_ids(page) == {pipe["lines"]}
    start = today().replace(day=1) + dt.timedelta(days=60)
    page = signed_in.get(
        f"/opportunities?filtered=1&period=publication&start={start.isoformat()}"
    )
    assert shown_ids(page) == {pipe["lines"]}
    page = signed_in.get("/opportunities?filtered=1&closed=closed")
    assert shown_ids(page) == {pipe["closed"]}
    page = signed_in.get("/opportunities?filtered=1")
    assert pipe["colleague"] in shown_ids(page)


def test_bad_filters_are_said_and_ignored(signed_in, pipe):
    page = signed_in.get("/opportunities?filtered=1&start=31/31/2026&closed=maybe")
    assert page.status_int == 200
    assert "Some filters were not understood" in page.text


def column_totals(column):
    head = column.select_one("[data-column-totals]")
    return tuple(
        head.select_one(f'[data-total="{name}"]').text
        for name in ("count", "total", "weighted")
    )


def test_month_view_has_five_months_and_no_date(signed_in, dbsession, pipe):
    page = signed_in.get("/opportunities/months")
    columns = page.html.select("[data-view=months] .board-column")
    first = today().replace(day=1)
    assert [c["data-column"] for c in columns][0] == first.isoformat()[:7]
    assert len(columns) == 6
    assert columns[-1]["data-column"] == "none"
    for column in columns:
        ids = {int(card["data-card"]) for card in column.select("[data-card]")}
        assert column_totals(column) == direct_sums(dbsession, ids)
    first_ids = {int(c["data-card"]) for c in columns[0].select("[data-card]")}
    assert first_ids == {pipe["typed"], pipe["late"]}
    undated = {int(c["data-card"]) for c in columns[-1].select("[data-card]")}
    assert undated == {pipe["undated"]}
    all_ids = {int(c["data-card"]) for c in page.html.select("[data-card]")}
    assert top_totals(page) == direct_sums(dbsession, all_ids)


def test_month_view_marks_passed_dates(signed_in, pipe):
    page = signed_in.get("/opportunities/months")
    late = page.html.select_one(f'[data-card="{pipe["late"]}"]')
    markers = {m["data-marker"] for m in late.select("[data-marker]")}
    assert markers == {"decision-passed", "campaign-passed"}
    future = page.html.select_one(f'[data-card="{pipe["lines"]}"]')
    assert future.select("[data-marker]") == []


def test_month_view_pages_through_months(signed_in, pipe):
    later = today().replace(day=1) + dt.timedelta(days=200)
    page = signed_in.get(f"/opportunities/months?month={later.isoformat()[:7]}")
    assert page.html.select_one(f'[data-card="{pipe["typed"]}"]') is None
    assert "earlier, not shown" in page.text


def test_status_view_has_a_column_per_status(signed_in, dbsession, pipe):
    page = signed_in.get("/opportunities/statuses")
    columns = page.html.select("[data-view=statuses] .board-column")
    odd = status(dbsession, "odd33", rate=33)
    assert str(odd.id) in {c["data-status"] for c in columns}
    for column in columns:
        ids = {int(card["data-card"]) for card in column.select("[data-card]")}
        assert column_totals(column) == direct_sums(dbsession, ids)
    card = page.html.select_one(f'[data-card="{pipe["lines"]}"]')
    assert [b.text for b in card.select(".badge")] == ["PRINT", "WEB"]


def test_changing_the_status_answers_the_new_weighted_amount(
    signed_in, dbsession, pipe
):
    from core.testing import csrf_token

    token = csrf_token(signed_in)
    confirmed = status(dbsession, "confirmee")
    answer = signed_in.post(
        f"/opportunities/{pipe['typed']}/status",
        {"status_id": str(confirmed.id)},
        headers={"X-CSRF-Token": token},
    )
    assert answer.json == {
        "id": pipe["typed"],
        "status_id": confirmed.id,
        "total": "70000.00",
        "weighted": "70000.00",
    }
    refused = signed_in.post(
        f"/opportunities/{pipe['typed']}/status",
        {"status_id": "999999"},
        headers={"X-CSRF-Token": token},
        status=422,
    )
    assert refused.json["errors"]["status_id"] == "Choose one of the proposed values."


def test_export_holds_the_rows_and_totals_of_the_view(signed_in, dbsession, pipe):
    record = dbsession.get(Opportunity, pipe["typed"])
    record.title = '=HYPERLINK("http://evil.example")'
    dbsession.flush()
    response = signed_in.get("/opportunities/export.xlsx?view=table")
    assert response.content_type.endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(response.body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Title"
    titles = [row[2] for row in rows[1:-1]]
    assert '\'=HYPERLINK("http://evil.example")' in titles
    assert len(titles) == 4
    page = signed_in.get("/opportunities")
    totals = rows[-1]
    assert totals[0] == "Total"
    assert euros(Decimal(str(totals[7]))) == top_totals(page)[1]
    assert (
        euros(Decimal(str(totals[8])).quantize(Decimal("0.01")))
        == (top_totals(page)[2])
    )


def sums_in(row) -> tuple[str, str, str]:
    """A sums line of the export as the page shows it: count, total, weighted."""
    total, weighted = (Decimal(str(row[i])).quantize(Decimal("0.01")) for i in (7, 8))
    return (str(row[2]), euros(total), euros(weighted))


@pytest.mark.parametrize("view", ["months", "statuses"])
def test_export_of_a_board_has_each_column_and_its_sums(
    signed_in, dbsession, pipe, view
):
    page = signed_in.get(f"/opportunities/{view}")
    response = signed_in.get(page.html.select_one('a[data-action="export"]')["href"])
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.body)).active.iter_rows(
            values_only=True
        )
    )
    subtotals = [row for row in rows if str(row[0]).startswith("Subtotal: ")]
    columns = page.html.select(f"[data-view={view}] .board-column")
    assert [row[0].removeprefix("Subtotal: ") for row in subtotals] == [
        column.select_one("h2").text for column in columns
    ]
    for row, column in zip(subtotals, columns, strict=True):
        assert sums_in(row) == column_totals(column)
    assert rows[-1][0] == "Total"
    assert sums_in(rows[-1]) == top_totals(page)
    # One line per opportunity shown: those have a status.
    cards = [row for row in rows[1:-1] if row[5] is not None]
    assert len(cards) == int(top_totals(page)[0])
