"""The todo: counters, filters, team view, postponing, browser reminders."""

import datetime as dt
import zoneinfo

from core.actions.models import ActionPreference
from core.testing import sign_in

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def now_paris():
    return dt.datetime.now(PARIS).replace(second=0, microsecond=0)


def rows(page):
    return [row["data-todo-row"] for row in page.html.select("[data-todo-row]")]


def arrange(factories, user):
    """A late, a due and an upcoming follow-up, and a planned meeting."""
    now = now_paris()
    today_noon = now.replace(hour=12, minute=0)
    late = factories.action(
        author=user,
        subject="Relance tardive",
        start=now - dt.timedelta(days=10),
        end=now - dt.timedelta(days=10) + dt.timedelta(minutes=30),
        follow_up=now - dt.timedelta(days=2),
        report_html="<p>fait</p>",
    )
    due = factories.action(
        author=user,
        subject="Relance du jour",
        start=now - dt.timedelta(days=7),
        follow_up=today_noon,
    )
    upcoming = factories.action(
        author=user,
        subject="Relance prochaine",
        start=now - dt.timedelta(days=1),
        follow_up=now + dt.timedelta(days=3),
        report_html="<p>ok</p>",
    )
    meeting = factories.action(
        author=user,
        subject="Rendez-vous agence",
        start=now + dt.timedelta(days=2),
        follow_up=None,
    )
    return late, due, upcoming, meeting


def test_the_todo_lists_follow_ups_and_actions_in_order(signed_in, factories):
    late, due, upcoming, meeting = arrange(factories, signed_in.user)
    factories.action(subject="Someone else's")
    page = signed_in.get("/todo")
    assert rows(page) == [
        f"follow_up-{late.id}",
        f"follow_up-{due.id}",
        f"action-{meeting.id}",
        f"follow_up-{upcoming.id}",
    ]
    states = [r["data-state"] for r in page.html.select("[data-todo-row]")]
    assert states == ["late", "due", "none", "upcoming"]
    counters = page.html.find(attrs={"data-counters": ""})
    assert counters.find(attrs={"data-counter": "today"}).strong.text == "1"
    assert counters.find(attrs={"data-counter": "late"}).strong.text == "1"
    # The action of seven days ago has no report yet.
    assert counters.find(attrs={"data-counter": "cr"}).strong.text == "1"

    reverse = signed_in.get(
        "/todo", {"order": "desc", "filtered": "1", "kind": ["follow_ups", "actions"]}
    )
    assert rows(reverse) == list(reversed(rows(page)))


def test_filters_by_subject_kind_and_report(signed_in, factories):
    late, due, upcoming, meeting = arrange(factories, signed_in.user)
    page = signed_in.get("/todo", {"q": "agence"})
    assert rows(page) == [f"action-{meeting.id}"]
    page = signed_in.get("/todo", {"filtered": "1", "kind": "follow_ups"})
    assert f"action-{meeting.id}" not in rows(page)
    page = signed_in.get("/todo", {"cr": "1"})
    assert rows(page) == [f"action-{due.id}"]
    page = signed_in.get("/todo", {"start": "pas une date"})
    assert page.html.find(id="e-start").text == "Enter a date, e.g. 31/12/2026."


def test_the_home_page_shows_the_todo(signed_in, factories):
    late, due, upcoming, meeting = arrange(factories, signed_in.user)
    home = signed_in.get("/")
    panel = home.html.find(attrs={"data-panel": "todo"})
    found = [r["data-todo-row"] for r in panel.select("[data-todo-row]")]
    assert found[0] == f"follow_up-{late.id}"
    assert panel.find(attrs={"data-counter": "late"}).strong.text == "1"


def test_postponing_from_the_todo_returns_to_it(signed_in, factories, dbsession):
    late, *_ = arrange(factories, signed_in.user)
    page = signed_in.get("/todo")
    form = next(
        f
        for f in page.forms.values()
        if f.action.endswith(f"/actions/{late.id}/follow-up")
    )
    target = (now_paris() + dt.timedelta(days=5)).replace(hour=14, minute=30)
    form["follow_up"] = target.strftime("%Y-%m-%dT%H:%M")
    back = form.submit("postpone")
    assert back.location.endswith("/todo")
    dbsession.refresh(late)
    assert late.follow_up_at == target
    assert rows(back.follow())[-1] == f"follow_up-{late.id}"


def test_do_not_follow_up_from_the_todo(signed_in, factories, dbsession):
    late, *_ = arrange(factories, signed_in.user)
    page = signed_in.get("/todo")
    form = next(
        f
        for f in page.forms.values()
        if f.action.endswith(f"/actions/{late.id}/follow-up")
    )
    page = form.submit("clear").follow()
    assert f"follow_up-{late.id}" not in rows(page)


def test_a_manager_sees_a_team_and_a_salesperson_only_themselves(make_app, factories):
    team = factories.team("Équipe Presse")
    seller = factories.user(team=team)
    other = factories.user()
    action = factories.action(
        author=seller, follow_up=now_paris() + dt.timedelta(days=1)
    )
    manager_app = make_app()
    manager = factories.user(profile="manager", team=team)
    sign_in(manager_app, manager.email)
    page = manager_app.get("/todo", {"team": str(team.id)})
    assert rows(page) == [f"follow_up-{action.id}"]
    page = manager_app.get("/todo", {"user": str(seller.id)})
    assert rows(page) == [f"follow_up-{action.id}"]

    seller_app = make_app()
    sign_in(seller_app, other.email)
    page = seller_app.get("/todo", {"user": str(seller.id)})
    assert rows(page) == []
    assert page.html.find(id="f-team") is None


def test_browser_reminders_list_what_just_fell_due(signed_in, factories, dbsession):
    now = dt.datetime.now(dt.UTC)
    action = factories.action(
        author=signed_in.user,
        start=now - dt.timedelta(days=7),
        follow_up=now - dt.timedelta(minutes=2),
    )
    factories.action(
        author=signed_in.user,
        start=now - dt.timedelta(days=7),
        follow_up=now + dt.timedelta(hours=2),
    )
    data = signed_in.get("/todo/reminders").json
    assert data["enabled"] is True
    assert [r["id"] for r in data["reminders"]] == [action.id]
    assert data["reminders"][0]["url"].endswith(f"/actions/{action.id}/next")

    form = signed_in.get("/todo").forms["reminder-preferences"]
    form["browser_reminders"] = False
    form.submit().follow()
    assert dbsession.get(ActionPreference, signed_in.user.id).browser_reminders is False
    assert signed_in.get("/todo/reminders").json == {
        "enabled": False,
        "reminders": [],
    }


def test_subject_search_ignores_accents_and_takes_wildcards_literally(
    signed_in, factories
):
    now = now_paris()
    summer = factories.action(
        author=signed_in.user, subject="Offre ÉTÉ 2027", start=now, follow_up=None
    )
    factories.action(
        author=signed_in.user, subject="Remise de 50 €", start=now, follow_up=None
    )
    percent = factories.action(
        author=signed_in.user, subject="Remise 50% web", start=now, follow_up=None
    )
    assert rows(signed_in.get("/todo", {"q": "offre été"})) == [f"action-{summer.id}"]
    assert rows(signed_in.get("/todo", {"q": "50%"})) == [f"action-{percent.id}"]
    assert rows(signed_in.get("/todo", {"q": "e_e"})) == []


def test_late_follow_ups_stay_whatever_the_range_starts_at(signed_in, factories):
    late, due, upcoming, meeting = arrange(factories, signed_in.user)
    start = now_paris().date().isoformat()
    page = signed_in.get(
        "/todo", {"start": start, "filtered": "1", "kind": "follow_ups"}
    )
    assert rows(page) == [
        f"follow_up-{late.id}",
        f"follow_up-{due.id}",
        f"follow_up-{upcoming.id}",
    ]


def test_follow_up_states_keep_their_code_in_french(make_app, factories):
    """A late follow-up is drawn red whatever the reader's language."""
    app = make_app(**{"relais.default_locale": "fr"})
    user = factories.user(profile="salesperson", locale="fr")
    sign_in(app, user.email)
    late, due, upcoming, _meeting = arrange(factories, user)

    page = app.get("/todo").html
    clocks = {
        row["data-todo-row"]: row.select_one(".clock")["class"]
        for row in page.select("[data-todo-row]")
        if row.select_one(".clock")
    }
    assert "follow-up-late" in clocks[f"follow_up-{late.id}"]
    assert "follow-up-due" in clocks[f"follow_up-{due.id}"]
    assert "follow-up-upcoming" in clocks[f"follow_up-{upcoming.id}"]
    states = {row["data-state"] for row in page.select("[data-todo-row]")}
    assert states == {"late", "due", "none", "upcoming"}
