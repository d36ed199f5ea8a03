"""Administrators manage the users: list, create, edit, deactivate, invite."""

import re

from sqlalchemy import select

from core.auth.models import Profile, User
from core.testing import sign_in


def profile_id(dbsession, code):
    return dbsession.scalar(select(Profile.id).where(Profile.code == code))


def user_rows(page):
    return [row.get_text(" ", strip=True) for row in page.html.select("tr[data-user]")]


def test_list_filters_by_state_team_profile_and_text(admin_app, factories):
    north = factories.team("Équipe Nord")
    south = factories.team("Équipe Sud")
    factories.user(last_name="Martin", team=north, email="martin@relais.test")
    factories.user(last_name="Petit", team=south, profile="manager")
    factories.user(last_name="Durand", team=north, active=False)

    page = admin_app.get("/admin/users")
    names = " ".join(user_rows(page))
    assert "Martin" in names and "Petit" in names
    assert "Durand" not in names

    inactive = " ".join(user_rows(admin_app.get("/admin/users", {"active": "0"})))
    assert "Durand" in inactive and "Martin" not in inactive

    in_north = user_rows(
        admin_app.get("/admin/users", {"team": north.id, "active": "all"})
    )
    assert len(in_north) == 2

    managers = user_rows(
        admin_app.get(
            "/admin/users", {"profile": profile_id(factories.dbsession, "manager")}
        )
    )
    assert len(managers) == 1 and "Petit" in managers[0]

    by_mail = user_rows(admin_app.get("/admin/users", {"q": "MARTIN@relais"}))
    assert len(by_mail) == 1
    by_name = user_rows(admin_app.get("/admin/users", {"q": "camille pet"}))
    assert len(by_name) == 1 and "Petit" in by_name[0]


def test_create_user_without_password(admin_app, factories, dbsession):
    team = factories.team("Équipe Paris")
    form = admin_app.get("/admin/users/new").forms["user-form"]
    form["email"] = "  Nadia.Benali@Relais.EXAMPLE "
    form["first_name"] = "Nadia"
    form["last_name"] = "Benali"
    form["team_id"] = str(team.id)
    form["profile_id"] = str(profile_id(dbsession, "assistant"))
    form["timezone"] = "America/Martinique"
    form["locale"] = "en"
    response = form.submit(status=303)

    user = dbsession.scalar(
        select(User).where(User.email == "nadia.benali@relais.example")
    )
    assert user.team is team
    assert user.profile.code == "assistant"
    assert (user.timezone, user.locale, user.active) == (
        "America/Martinique",
        "en",
        True,
    )
    assert user.password_hash is None
    assert "Send them a password link" in response.follow().text


def test_create_refuses_a_bad_or_taken_email_beside_the_field(admin_app, factories):
    factories.user(email="taken@relais.example")
    form = admin_app.get("/admin/users/new").forms["user-form"]
    form["last_name"] = "Doe"
    form["email"] = "not an address"
    page = form.submit(status=400)
    assert page.html.select_one("#e-email").get_text(strip=True) == (
        "Enter a valid e-mail address."
    )

    form = page.forms["user-form"]
    form["email"] = "TAKEN@relais.example"
    page = form.submit(status=400)
    assert "already has this e-mail address" in page.html.select_one("#e-email").text
    assert page.forms["user-form"]["last_name"].value == "Doe"


def test_edit_saves_and_a_stale_form_shows_a_conflict(admin_app, factories, dbsession):
    user = factories.user(last_name="Lefebvre", email="lefebvre@relais.example")
    mine = admin_app.get(f"/admin/users/{user.id}").forms["user-form"]
    theirs = admin_app.get(f"/admin/users/{user.id}").forms["user-form"]

    theirs["last_name"] = "Lefèvre"
    theirs.submit(status=303)

    mine["first_name"] = "Jeanne"
    page = mine.submit(status=409)
    assert "Someone else changed this user" in page.text
    dbsession.refresh(user)
    assert (user.first_name, user.last_name) == ("Camille", "Lefèvre")
    # The form now carries the saved values and version, so a retry works.
    retry = page.forms["user-form"]
    assert retry["last_name"].value == "Lefèvre"
    retry["first_name"] = "Jeanne"
    retry.submit(status=303)
    dbsession.refresh(user)
    assert user.first_name == "Jeanne"


def test_deactivation_signs_the_user_out_everywhere(admin_app, make_app, factories):
    user = factories.user()
    elsewhere = make_app()
    sign_in(elsewhere, user.email)
    assert elsewhere.get("/").status_int == 200
    version = user.session_version

    page = admin_app.get(f"/admin/users/{user.id}")
    page.forms["user-active"].submit(status=303)
    factories.dbsession.refresh(user)
    assert not user.active
    assert user.session_version == version + 1
    assert "/login" in elsewhere.get("/").location

    # Coming back does not revive the old sessions.
    admin_app.get(f"/admin/users/{user.id}").forms["user-active"].submit(status=303)
    factories.dbsession.refresh(user)
    assert user.active
    assert "/login" in elsewhere.get("/").location
    assert sign_in(elsewhere, user.email).status_int == 303


def test_admin_cannot_deactivate_themself_or_drop_their_admin_profile(
    admin_app, dbsession
):
    me = admin_app.user
    dbsession.refresh(me)
    # Addresses under .test are refused by the form, as they are undeliverable.
    me.email = "me@relais.example"
    dbsession.flush()
    page = admin_app.get(f"/admin/users/{me.id}")
    page.forms["user-active"].submit(status=303).follow()
    dbsession.refresh(me)
    assert me.active

    form = admin_app.get(f"/admin/users/{me.id}").forms["user-form"]
    form["profile_id"] = str(profile_id(dbsession, "manager"))
    page = form.submit(status=400)
    assert "own admin profile" in page.html.select_one("#e-profile_id").text

    form = admin_app.get(f"/admin/users/{me.id}").forms["user-form"]
    form["active"] = False
    page = form.submit(status=400)
    assert "deactivate your own account" in page.text
    dbsession.refresh(me)
    assert me.active and me.profile.code == "admin"


def test_password_link_is_the_first_sign_in_path(
    admin_app, make_app, factories, mail_sink
):
    user = factories.user(password=None, first_name="Inès")
    mail_sink.clear()
    page = admin_app.get(f"/admin/users/{user.id}")
    page.forms["password-link"].submit(status=303)

    message = mail_sink.wait_for(1)[0]
    assert message["To"] == user.email
    body = message.get_content()
    assert "Inès" in body
    link = re.search(r"https?://\S+/password/reset/\S+", body).group(0)

    newcomer = make_app()
    form = newcomer.get(link.split("localhost", 1)[-1]).forms[0]
    form["password"] = form["confirm"] = "a brand new secret phrase"
    form.submit(status=303)
    assert sign_in(newcomer, user.email, "a brand new secret phrase").status_int == 303


def test_no_password_link_for_an_inactive_user(admin_app, factories, mail_sink):
    user = factories.user(active=False)
    mail_sink.clear()
    page = admin_app.get(f"/admin/users/{user.id}")
    page = page.forms["password-link"].submit(status=303).follow()
    assert "Reactivate the user" in page.text
    assert mail_sink.messages == []


def test_manager_with_user_rights_cannot_make_an_admin(make_app, factories, dbsession):
    from core.auth.models import ProfileGrant

    manager_profile = dbsession.get(Profile, profile_id(dbsession, "manager"))
    dbsession.add(
        ProfileGrant(profile=manager_profile, permission="admin.users", granted=True)
    )
    dbsession.flush()
    manager = factories.user(profile="manager")
    app = make_app()
    sign_in(app, manager.email)
    target = factories.user(email="target@relais.example")

    form = app.get(f"/admin/users/{target.id}").forms["user-form"]
    form["profile_id"] = str(profile_id(dbsession, "admin"))
    page = form.submit(status=400)
    assert "Only an administrator" in page.html.select_one("#e-profile_id").text
