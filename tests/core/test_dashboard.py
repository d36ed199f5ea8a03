"""The home dashboard: pipe and activity charts, their tables, whose figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.directory.models import CompanyPortfolio
from core.opportunities import amounts
from core.opportunities.testing import opportunity, status
from core.testing import sign_in


def figures(page, name):
    table = page.html.select_one(f'[data-figures="{name}"]')
    return [
        {cell["data-field"]: cell.text for cell in row.select("[data-field]")}
        for row in table.select("tbody tr")
    ]


def home(make_app, user, query=""):
    app = make_app()
    sign_in(app, user.email)
    return app, app.get("/" + query)


@pytest.fixture
def team(factories):
    group = factories.team()
    return {
        "manager": factories.user(profile="manager", team=group),
        "hugo": factories.user(team=group, first_name="Hugo"),
        "lea": factories.user(team=group, first_name="Léa"),
        "outsider": factories.user(),
    }


def test_pipe_panels_add_up_to_the_pipe(make_app, factories, dbsession, team):
    company = factories.company()
    today = dt.date.today()
    mine = [
        opportunity(
            dbsession,
            team["hugo"],
            company,
            amount="100",
            status=status(dbsession, "k99", rate=99),
            decision_on=today,
        ),
        opportunity(
            dbsession,
            team["hugo"],
            company,
            amount="10.05",
            status=status(dbsession, "tiede"),
        ),
        opportunity(
            dbsession,
            team["hugo"],
            company,
            amount="1000",
            private=True,
            status=status(dbsession, "chaude"),
        ),
    ]
    opportunity(dbsession, team["outsider"], company, amount="5000")
    app, page = home(make_app, team["hugo"])
    rows = figures(page, "pipe_by_status")
    assert sum(int(row["count"]) for row in rows) == 3
    weighted = sum((amounts.weighted_of(r) for r in mine), Decimal(0))
    assert weighted == Decimal("99.00") + Decimal("5.03") + Decimal("750.00")
    months = figures(page, "pipe_by_month")
    assert len(months) == 6
    assert months[-1]["count"] == "2"
    assert months[0]["total"] == "€100.00"

    data = app.get("/dashboard/pipe-statuses.json").json
    sets = {item["key"]: item["data"] for item in data["datasets"]}
    assert sum(Decimal(value) for value in sets["weighted"]) == weighted
    assert sum(int(value) for value in sets["count"]) == 3


def test_a_colleague_does_not_count_a_private_opportunity(
    make_app, factories, dbsession, team
):
    company = factories.company()
    opportunity(dbsession, team["hugo"], company, amount="1000", private=True)
    opportunity(dbsession, team["hugo"], company, amount="10")
    app, page = home(make_app, team["lea"])
    data = app.get(f"/dashboard/pipe-statuses.json?seller={team['hugo'].id}").json
    counts = {item["key"]: item["data"] for item in data["datasets"]}["count"]
    assert sum(int(value) for value in counts) == 0  # only her own figures

    app, page = home(make_app, team["manager"], f"?seller={team['hugo'].id}")
    rows = figures(page, "pipe_by_status")
    assert sum(int(row["count"]) for row in rows) == 2


def test_a_manager_sees_the_team_and_picks_a_salesperson(
    make_app, factories, dbsession, team
):
    company = factories.company()
    opportunity(dbsession, team["hugo"], company, amount="100")
    opportunity(dbsession, team["lea"], company, amount="30")
    opportunity(dbsession, team["outsider"], company, amount="7")

    app, page = home(make_app, team["manager"])
    picker = page.html.select_one('[data-form="dashboard-scope"] select')
    names = [option.text for option in picker.select("option")[1:]]
    assert "Hugo" in " ".join(names) and "Léa" in " ".join(names)
    rows = figures(page, "pipe_by_status")
    assert sum(int(row["count"]) for row in rows) == 2

    page = app.get(f"/?seller={team['lea'].id}")
    rows = figures(page, "pipe_by_status")
    assert sum(int(row["count"]) for row in rows) == 1
    assert page.html.select_one(f'option[value="{team["lea"].id}"]')["selected"]

    page = app.get(f"/?seller={team['outsider'].id}")
    rows = figures(page, "pipe_by_status")
    assert sum(int(row["count"]) for row in rows) == 2


def test_a_salesperson_has_no_picker(make_app, team):
    _app, page = home(make_app, team["hugo"])
    assert page.html.select_one('[data-form="dashboard-scope"]') is None


def test_actions_done_and_planned_per_week(make_app, factories, team):
    now = dt.datetime.now(dt.UTC)
    hugo = team["hugo"]
    factories.action(author=hugo, start=now - dt.timedelta(days=7))
    factories.action(author=hugo, start=now - dt.timedelta(days=7, hours=1))
    factories.action(author=hugo, start=now + dt.timedelta(days=7))
    factories.action(author=team["lea"], start=now + dt.timedelta(days=7))
    app, page = home(make_app, hugo)
    rows = figures(page, "actions_per_week")
    assert len(rows) == 8
    assert sum(int(row["done"]) for row in rows) == 2
    assert sum(int(row["planned"]) for row in rows) == 1
    data = app.get("/dashboard/actions-weeks.json").json
    sets = {item["key"]: item["data"] for item in data["datasets"]}
    assert sets["done"] == [row["done"] for row in rows]
    assert data["labels"] == [
        row.select_one("th").text
        for row in page.html.select('[data-figures="actions_per_week"] tbody tr')
    ]


def test_portfolio_coverage(make_app, factories, dbsession, team):
    hugo = team["hugo"]
    now = dt.datetime.now(dt.UTC)
    seen, forgotten, old = (factories.company() for _ in range(3))
    for company in (seen, forgotten, old):
        dbsession.add(CompanyPortfolio(user_id=hugo.id, company_id=company.id))
    dbsession.flush()
    factories.action(
        author=hugo, contacts=[factories.contact(seen)], start=now - dt.timedelta(3)
    )
    factories.action(
        author=hugo, contacts=[factories.contact(old)], start=now - dt.timedelta(200)
    )
    app, page = home(make_app, hugo)
    rows = figures(page, "portfolio_coverage")
    assert rows == [{"companies": "3"}, {"covered": "1"}]
    share = page.html.select_one('[data-field="share"]').text
    assert "33" in share and "90" in share
    data = app.get("/dashboard/coverage.json").json
    assert data["share"] == "33"
    assert data["datasets"][0]["data"] == ["1", "2"]


CHARTS = ["actions_per_week", "portfolio_coverage", "pipe_by_month", "pipe_by_status"]


def grid_of(page) -> tuple[list[str], list[str]]:
    """The panels of the lists column and of the charts area, in order."""
    grid = page.html.select_one("[data-home-grid]")
    lists = [s["data-panel"] for s in grid.select(".home-lists > [data-panel]")]
    charts = [s["data-panel"] for s in grid.select(".home-charts > [data-panel]")]
    return lists, charts


@pytest.mark.parametrize("theme", ["default", "marine"])
def test_the_home_puts_the_charts_beside_the_lists(make_app, team, theme):
    app = make_app(**{"relais.theme": theme})
    sign_in(app, team["manager"].email)
    page = app.get("/")
    lists, charts = grid_of(page)
    assert lists[0] == "todo"
    assert charts == ["dashboard_scope", *CHARTS]
    for name in CHARTS:
        chart = page.html.select_one(f'[data-chart="{name}"]')
        assert chart.select_one("canvas[data-chart-src]")
        assert chart.select_one("details table[data-figures] tbody tr")
    assert (page.html.select_one(".marine-welcome") is not None) == (theme == "marine")
