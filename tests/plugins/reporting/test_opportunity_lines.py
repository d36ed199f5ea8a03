"""Opportunity lines by product and month, against the demo pipe and K-02."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

from core.opportunities import testing as opps
from core.opportunities.amounts import ZERO, line_weights
from core.opportunities.models import Opportunity
from plugins.reporting.services import build
from tests.plugins.reporting import demo

D = dt.date


def run(session, registry, user, **filters):
    definition = registry.relais_reports["reporting.opportunity_lines"]
    return build(definition, session, filters, user, "Europe/Paris", registry=registry)


def rows(table):
    return [row for group in table.groups for row in group.rows]


@pytest.fixture
def manual_example(factories, dbsession):
    """The example of the manual: Campagne été 2020, Froid 25 %."""
    owner = factories.user(first_name="Admin", last_name="TBS")
    agency = factories.company("HAVAS MEDIA", type_code="agence_media")
    contact = factories.contact(agency, first_name="Bénédicte", last_name="AUBER")
    opps.opportunity(
        dbsession,
        owner,
        agency,
        lines=[("print", "30000", D(2020, 7, 13)), ("web", "40000", D(2020, 8, 25))],
        title="Campagne été 2020",
        contact=contact,
        status=opps.status(dbsession, "froid"),
        decision_on=D(2020, 6, 30),
    )
    return owner


def test_the_manuals_example(manual_example, reporting_registry, dbsession):
    table = run(
        dbsession,
        reporting_registry,
        manual_example,
        start="2020-01-01",
        end="2020-12-31",
    )
    print_line, web_line = rows(table)
    assert print_line["product"] == "PRINT"
    assert print_line["m202007"] == Decimal("7500.00")
    assert print_line["m202008"] == ZERO
    assert web_line["m202008"] == Decimal("10000.00")
    assert web_line["status"] == "Froid 25\u00a0%"
    assert web_line["contact"] == "Bénédicte AUBER"
    assert web_line["closed"] is False
    assert table.totals["m202007"] == Decimal("7500.00")
    assert table.totals["weighted"] == Decimal("17500.00")
    labels = [str(c.label) for c in table.columns]
    assert labels.count("Jan") == 1 and "Dec" in labels


def test_three_lines_round_once_k02(factories, dbsession, reporting_registry):
    owner = factories.user()
    company = factories.company()
    opps.opportunity(
        dbsession,
        owner,
        company,
        lines=[("print", "10.05", D(2026, 5, day)) for day in (4, 11, 18)],
        status=opps.status(dbsession, "tiede"),
    )
    table = run(
        dbsession, reporting_registry, owner, start="2026-05-01", end="2026-05-31"
    )
    shares = [row["m202605"] for row in rows(table)]
    assert sum(shares) == Decimal("15.08")
    assert table.totals["m202605"] == Decimal("15.08")


def test_figures_match_the_demo_pipe(dbsession, reporting_registry, factories):
    demo.seed(dbsession, reporting_registry)
    manager = factories.user(profile="admin")
    today = dt.date.today()
    start, end = today.replace(month=1, day=1), today.replace(month=12, day=31)

    expected = defaultdict(lambda: ZERO)
    for opportunity in dbsession.scalars(select(Opportunity)):
        if opportunity.closed:
            continue
        weights = line_weights(opportunity)
        for line in opportunity.open_lines:
            day = line.published_on or opportunity.campaign_on
            if day and start <= day <= end:
                expected[f"m{day:%Y%m}"] += weights[line.id]
    assert expected  # the demo pipe has lines this year

    table = run(dbsession, reporting_registry, manager, start=str(start), end=str(end))
    for key, amount in expected.items():
        assert table.totals[key] == amount, key
    assert table.totals["weighted"] == sum(expected.values(), ZERO)


def test_xlsx_of_the_months(manual_example, make_app, factories):
    from core.testing import sign_in

    app = make_app("reporting")
    sign_in(app, manual_example.email)
    response = app.get(
        "/reports/reporting.opportunity_lines/export",
        {"output": "xlsx", "start": "2020-01-01", "end": "2020-12-31"},
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.body)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(row for row in values if row[:2] == ["Visitor", "Company"])
    july = header.index("Jul")
    line = next(row for row in values if row[9] == "-" and row[8] == "PRINT")
    assert line[july] == 7500


def test_months_of_two_years_are_french_for_a_french_user(
    manual_example, make_app, dbsession
):
    from core.testing import sign_in

    manual_example.locale = "fr"
    dbsession.flush()
    app = make_app("reporting")
    sign_in(app, manual_example.email)
    page = app.get(
        "/reports/reporting.opportunity_lines",
        {"start": "2020-07-01", "end": "2021-01-31"},
    )
    headers = [th.get_text(strip=True) for th in page.html.select("thead th")]
    assert "Juil. 2020" in headers
    assert "Déc. 2020" in headers
    assert "Janv. 2021" in headers
