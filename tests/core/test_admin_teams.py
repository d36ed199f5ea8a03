"""Administrators manage the sales teams."""

from sqlalchemy import select

from core.auth.models import Team


def team_row(page, team):
    return page.html.select_one(f'tr[data-team="{team.id}"]')


def test_create_rename_and_deactivate_a_team(admin_app, dbsession):
    form = admin_app.get("/admin/teams").forms["team-form"]
    form["name"] = "Équipe Lyon"
    form.submit(status=303)
    team = dbsession.scalar(select(Team).where(Team.name == "Équipe Lyon"))
    assert team.active

    form = admin_app.get(f"/admin/teams/{team.id}").forms["team-form"]
    assert form["name"].value == "Équipe Lyon"
    form["name"] = "Équipe Rhône-Alpes"
    form.submit(status=303)
    dbsession.refresh(team)
    assert team.name == "Équipe Rhône-Alpes"

    page = admin_app.get("/admin/teams")
    page.forms[f"team-{team.id}-active"].submit(status=303)
    dbsession.refresh(team)
    assert not team.active
    assert "inactive" in team_row(admin_app.get("/admin/teams"), team).text


def test_members_are_shown(admin_app, factories):
    team = factories.team("Équipe Presse")
    factories.user(first_name="Léa", last_name="Moreau", team=team)
    factories.user(first_name="Hugo", last_name="Roux", team=team)
    row = team_row(admin_app.get("/admin/teams"), team)
    members = row.select_one(".members").get_text(" ", strip=True)
    assert "Léa Moreau" in members and "Hugo Roux" in members


def test_a_team_name_is_unique(admin_app, factories):
    factories.team("Équipe Nord")
    form = admin_app.get("/admin/teams").forms["team-form"]
    form["name"] = "équipe nord"
    page = form.submit(status=400)
    assert "Another team already has this name." in page.html.select_one("#e-name").text

    form = page.forms["team-form"]
    form["name"] = "  "
    page = form.submit(status=400)
    assert "required" in page.html.select_one("#e-name").text


def test_an_inactive_team_is_not_offered_to_new_users(admin_app, factories):
    old = factories.team("Équipe Ancienne")
    old.active = False
    factories.dbsession.flush()
    page = admin_app.get("/admin/users/new")
    offered = [o.text for o in page.html.select("#f-team_id option")]
    assert "Équipe Ancienne" not in offered
