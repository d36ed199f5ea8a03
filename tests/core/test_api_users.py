"""``/users``: colleagues listed and read by all, changed by administrators."""

from __future__ import annotations

from core.auth.models import ProfileGrant
from tests.core.test_api_support import assert_error, bearer_client

pytest_plugins = ["tests.core.test_api_support"]


def emails(response) -> list[str]:
    return [item["email"] for item in response.json["items"]]


def test_users_are_filtered_by_team_profile_activity_and_text(api, factories):
    north = factories.team("Équipe Nord")
    south = factories.team("Équipe Sud")
    anna = factories.user("anna@relais.test", team=north, last_name="Aubert")
    bruno = factories.user(
        "bruno@relais.test", team=north, profile="manager", last_name="Bernard"
    )
    factories.user("chloe@relais.test", team=south, last_name="Collin")
    factories.user("denis@relais.test", team=north, active=False, last_name="Dumas")

    team = api.get(f"/users?team_id={north.id}&sort=last_name")
    assert emails(team) == [anna.email, bruno.email, "denis@relais.test"]
    assert emails(api.get(f"/users?team_id={north.id}&active=true")) == [
        anna.email,
        bruno.email,
    ]
    assert emails(api.get(f"/users?team_id={north.id}&profile=manager")) == [
        bruno.email
    ]
    assert emails(api.get("/users?q=collin")) == ["chloe@relais.test"]
    assert emails(api.get("/users?q=bruno@")) == [bruno.email]
    assert emails(api.get(f"/users?team_id={north.id}&sort=-email&per_page=1")) == [
        "denis@relais.test"
    ]

    error = assert_error(api.get("/users?profile=boss", status=422), 422)
    assert set(error["fields"]) == {"profile"}


def test_a_user_is_read_with_team_and_profile(api, factories):
    team = factories.team("Équipe Presse")
    user = factories.user(team=team, profile="assistant")
    body = api.get(f"/users/{user.id}").json
    assert body["team"] == {"id": team.id, "name": "Équipe Presse"}
    assert body["profile"] == "assistant"
    assert body["display_name"] == user.display_name
    assert "password_hash" not in body and "session_version" not in body
    assert_error(api.get("/users/999999", status=404), 404)


def test_an_admin_changes_a_user(admin_api, factories):
    team = factories.team("Équipe Web")
    user = factories.user(last_name="Ancien")
    path = f"/users/{user.id}"
    changed = admin_api.patch(
        path,
        {
            "first_name": "Inès",
            "last_name": "Nouveau",
            "team_id": team.id,
            "profile": "manager",
            "timezone": "America/Martinique",
            "locale": "en",
        },
        etag=admin_api.etag(path),
    ).json
    assert changed["display_name"] == "Inès Nouveau"
    assert changed["team"]["id"] == team.id
    assert changed["profile"] == "manager"
    assert (changed["timezone"], changed["locale"]) == ("America/Martinique", "en")

    cleared = admin_api.patch(path, {"team_id": None}, etag=f'"{changed["version"]}"')
    assert cleared.json["team"] is None


def test_a_deactivated_user_is_signed_out_everywhere(
    app, admin_api, dbsession, factories
):
    user = factories.user()
    their_client = bearer_client(app, dbsession, user)
    session_version = user.session_version
    path = f"/users/{user.id}"

    admin_api.patch(path, {"active": False}, etag=admin_api.etag(path))
    dbsession.refresh(user)
    assert user.session_version == session_version + 1
    assert_error(their_client.get("/users/me", status=401), 401)
    assert admin_api.get(f"/users/{user.id}").json["active"] is False


def test_invalid_user_changes_name_each_field(admin_api, factories):
    user = factories.user()
    path = f"/users/{user.id}"
    response = admin_api.patch(
        path,
        {
            "timezone": "Mars/Olympus",
            "locale": "de",
            "profile": "boss",
            "last_name": "",
            "email": "new@relais.test",
        },
        etag=admin_api.etag(path),
        status=422,
    )
    fields = assert_error(response, 422)["fields"]
    assert set(fields) == {"timezone", "locale", "profile", "last_name", "email"}
    assert fields["timezone"] == "Unknown time zone."
    assert fields["email"] == "Unknown field."

    unknown_team = admin_api.patch(
        path, {"team_id": 999999}, etag=admin_api.etag(path), status=422
    )
    assert assert_error(unknown_team, 422)["fields"] == {"team_id": "No such team."}


def test_an_admin_cannot_lock_themself_out(admin_api):
    path = f"/users/{admin_api.user.id}"
    for change, field in (
        ({"active": False}, "active"),
        ({"profile": "manager"}, "profile"),
    ):
        response = admin_api.patch(path, change, etag=admin_api.etag(path), status=422)
        assert set(assert_error(response, 422, "invalid")["fields"]) == {field}
    assert admin_api.get("/users/me").json["profile"] == "admin"
    renamed = admin_api.patch(path, {"first_name": "Moi"}, etag=admin_api.etag(path))
    assert renamed.json["first_name"] == "Moi"


def test_a_manager_managing_users_cannot_make_admins(api_as, dbsession, factories):
    manager = api_as("manager")
    dbsession.add(
        ProfileGrant(
            profile=manager.user.profile, permission="admin.users", granted=True
        )
    )
    dbsession.flush()
    user = factories.user()
    path = f"/users/{user.id}"

    refused = manager.patch(
        path, {"profile": "admin"}, etag=manager.etag(path), status=422
    )
    assert set(assert_error(refused, 422)["fields"]) == {"profile"}
    moved = manager.patch(path, {"profile": "assistant"}, etag=manager.etag(path))
    assert moved.json["profile"] == "assistant"


def test_me_has_an_etag_and_refuses_changes(api):
    response = api.get("/users/me")
    assert response.headers["ETag"] == f'"{response.json["version"]}"'
    refused = api.send("PATCH", "/users/me", b"{}")
    assert_error(refused, 405)
