"""Weekly and period reports of actions, their PDF and spreadsheet."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import openpyxl
import pytest

from core.actions import reports
from core.testing import sign_in

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


@pytest.fixture
def team(factories):
    team = factories.team("Équipe Presse")
    alice = factories.user(team=team, first_name="Alice", last_name="Aubert")
    bruno = factories.user(team=team, first_name="Bruno", last_name="Blanc")
    manager = factories.user(profile="manager", team=team, last_name="Chef")
    return team, alice, bruno, manager


def test_the_weekly_grid_counts_five_weeks_per_salesperson(make_app, factories, team):
    _team, alice, bruno, manager = team
    week = reports.monday(dt.date(2026, 4, 15))
    for offset, person, kind in [
        (-14, alice, "rdv"),
        (0, alice, "rdv"),
        (1, alice, "telephone"),
        (14, bruno, "dejeuner"),
        (21, bruno, "rdv"),  # S+3: outside the window
    ]:
        factories.action(
            author=person,
            type_code=kind,
            start=at(week + dt.timedelta(days=offset)),
            follow_up=None,
        )
    app = make_app()
    sign_in(app, manager.email)
    page = app.get("/actions/weekly", {"week": "2026-04-15"}).html
    weeks = [th["data-week"] for th in page.select("th[data-week]")]
    mondays = ["2026-03-30", "2026-04-06", "2026-04-13", "2026-04-20", "2026-04-27"]
    assert weeks == mondays

    def counts(user):
        row = page.find("tr", attrs={"data-person": str(user.id)})
        return [td.text for td in row.find_all("td")[1:]]

    assert counts(alice) == ["1", "0", "2", "0", "0", "3"]
    assert counts(bruno) == ["0", "0", "0", "0", "1", "1"]

    phone = next(
        o["value"]
        for o in page.select("input[name=type]")
        if o.parent.text.strip() == "Téléphone"
    )
    page = app.get("/actions/weekly", {"week": "2026-04-15", "type": phone}).html
    row = page.find("tr", attrs={"data-person": str(alice.id)})
    assert [td.text for td in row.find_all("td")[1:]] == ["0", "0", "1", "0", "0", "1"]


def test_a_salesperson_sees_only_their_own_row(signed_in, factories, team):
    _team, alice, _bruno, _manager = team
    factories.action(author=alice, start=at(dt.date(2026, 4, 15)))
    page = signed_in.get("/actions/weekly", {"week": "2026-04-15"}).html
    persons = [tr["data-person"] for tr in page.select("tr[data-person]")]
    assert persons == [str(signed_in.user.id)]


def test_the_weeks_meetings_as_a_pdf(make_app, factories, team, registry, dbsession):
    _team, alice, bruno, manager = team
    day = dt.date(2026, 4, 15)
    meeting = factories.action(author=alice, subject="Visite Orsay", start=at(day))
    factories.action(author=bruno, type_code="telephone", start=at(day))
    app = make_app()
    sign_in(app, manager.email)
    pdf = app.get("/actions/weekly.pdf", {"week": "2026-04-15"})
    assert pdf.content_type == "application/pdf"
    assert pdf.body.startswith(b"%PDF")
    assert "meetings-2026-04-13.pdf" in pdf.headers["Content-Disposition"]

    from core.access import access_for

    access = access_for(dbsession, registry, manager)
    meeting_types = [meeting.type_id]
    groups = reports.week_meetings(
        dbsession, registry, access, [alice, bruno], day, meeting_types
    )
    assert groups == [("Équipe Presse", [(alice, [meeting])])]


def test_the_period_list_and_its_export(signed_in, factories):
    me = signed_in.user
    contact = factories.contact(first_name='=HYPERLINK("http://x")', last_name="Z")
    first = factories.action(
        author=me,
        subject="Bilan trimestre",
        start=at(dt.date(2026, 2, 3)),
        contacts=[contact],
        report_html="<p>Très <b>bon</b> rendez-vous</p>",
        follow_up=at(dt.date(2026, 2, 20)),
    )
    factories.action(author=me, subject="Hors période", start=at(dt.date(2026, 3, 3)))
    params = {"start": "2026-02-01", "end": "2026-02-28"}
    page = signed_in.get("/actions/period", params).html
    assert [li["data-period-row"] for li in page.select("[data-period-row]")] == [
        str(first.id)
    ]
    assert page.select_one("[data-period-row] .report b").text == "bon"

    follow_ups = signed_in.get(
        "/actions/period",
        {"start": "2026-02-15", "end": "2026-02-28", "mode": "follow_ups"},
    ).html
    assert len(follow_ups.select("[data-period-row]")) == 1
    nothing = signed_in.get("/actions/period", {**params, "q": "zzz"}).html
    assert nothing.select("[data-period-row]") == []

    export = signed_in.get("/actions/period.xlsx", params)
    sheet = openpyxl.load_workbook(io.BytesIO(export.body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Date", "Type", "Subject")
    assert rows[1][0] == "03/02/2026 10:00"
    assert rows[1][2] == "Bilan trimestre"
    assert rows[1][4] == '\'=HYPERLINK("http://x") Z'
    assert rows[1][7] == "Très bon rendez-vous"
    assert all(cell.data_type == "s" for cell in sheet[2])


def test_bad_dates_are_flagged(signed_in):
    page = signed_in.get("/actions/period", {"start": "nope", "end": "2026-01-01"}).html
    assert page.find(id="e-start").text == "Enter a date, e.g. 31/12/2026."


def test_the_period_list_shows_the_budget(signed_in, factories, dbsession):
    from core.budgets.models import Budget

    company = factories.company("Lumen Parfums")
    lumen = Budget(name="Lumen Eau de nuit", company=company)
    dbsession.add(lumen)
    dbsession.flush()
    action = factories.action(
        author=signed_in.user,
        start=at(dt.date(2026, 2, 3)),
        contacts=[factories.contact(company)],
        budget=lumen,
    )
    params = {"start": "2026-02-01", "end": "2026-02-28"}
    row = signed_in.get("/actions/period", params).html.select_one(
        f"[data-period-row='{action.id}']"
    )
    assert row.select_one("[data-budget]").text == "Lumen Eau de nuit"

    export = signed_in.get("/actions/period.xlsx", params)
    rows = list(openpyxl.load_workbook(io.BytesIO(export.body)).active.values)
    assert (rows[0][-1], rows[1][-1]) == ("Budget", "Lumen Eau de nuit")
