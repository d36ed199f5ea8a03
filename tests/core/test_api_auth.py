"""Who may call the API: bearer tokens, browser sessions, CSRF, permissions."""

from __future__ import annotations

from core.auth.models import ProfileGrant
from core.auth.services import revoke_token
from core.testing import csrf_token
from tests.core.test_api_support import PREFIX, assert_error, bearer_client

pytest_plugins = ["tests.core.test_api_support"]


def test_a_bearer_token_identifies_its_owner(api):
    me = api.get("/users/me").json
    assert me["id"] == api.user.id
    assert me["email"] == api.user.email
    assert me["profile"] == "salesperson"


def test_no_token_answers_401_with_a_challenge(app):
    response = app.get(PREFIX + "/users/me", status=401)
    assert_error(response, 401, "unauthenticated")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_or_malformed_token_answers_401(app):
    for header in ("Bearer rls_not-a-token", "Bearer ", "Basic dXNlcjpwdw==", "rls_x"):
        response = app.get(
            PREFIX + "/companies", headers={"Authorization": header}, status=401
        )
        assert_error(response, 401, "unauthenticated")


def test_a_revoked_token_stops_working(app, dbsession, factories):
    user = factories.user()
    client = bearer_client(app, dbsession, user)
    client.get("/users/me")

    token_id = user_token_id(dbsession, user)
    assert revoke_token(dbsession, user, token_id)
    dbsession.flush()
    assert_error(client.get("/users/me", status=401), 401)


def user_token_id(dbsession, user) -> int:
    from core.auth.services import tokens_of

    (token,) = tokens_of(dbsession, user)
    return token.id


def test_a_deactivated_users_token_stops_working(app, dbsession, factories):
    user = factories.user()
    client = bearer_client(app, dbsession, user)
    user.active = False
    dbsession.flush()
    assert_error(client.get("/users/me", status=401), 401)


def test_bearer_calls_need_no_csrf_token(api):
    created = api.post("/companies", {"name": "Sans CSRF", "type": "agence"})
    assert created.status_int == 201


def test_a_browser_session_reads_the_api(signed_in):
    me = signed_in.get(PREFIX + "/users/me").json
    assert me["id"] == signed_in.user.id


def test_a_browser_session_must_send_the_csrf_token_to_change(signed_in):
    body = {"name": "Par session", "type": "agence"}
    refused = signed_in.post_json(PREFIX + "/companies", body, status=400)
    assert_error(refused, 400, "bad_csrf_token")
    forged = signed_in.post_json(
        PREFIX + "/companies", body, headers={"X-CSRF-Token": "forged"}, status=400
    )
    assert_error(forged, 400, "bad_csrf_token")

    token = csrf_token(signed_in)
    created = signed_in.post_json(
        PREFIX + "/companies", body, headers={"X-CSRF-Token": token}, status=201
    )
    path = created.location
    changed = signed_in.patch_json(
        path,
        {"active": False},
        headers={"X-CSRF-Token": token, "If-Match": created.headers["ETag"]},
    )
    assert changed.json["active"] is False


def test_a_salesperson_may_not_change_a_user(api, factories):
    colleague = factories.user()
    path = f"/users/{colleague.id}"
    response = api.patch(path, {"last_name": "Pirate"}, etag=api.etag(path), status=403)
    assert_error(response, 403, "forbidden")
    assert api.get(path).json["last_name"] == colleague.last_name


def test_a_profile_without_the_api_right_is_refused(api, dbsession):
    profile = api.user.profile
    dbsession.add(ProfileGrant(profile=profile, permission="api", granted=False))
    dbsession.flush()
    assert_error(api.get("/companies", status=403), 403, "forbidden")
    assert_error(api.get("/users/me", status=403), 403)


def test_the_document_needs_no_sign_in_but_the_data_does(app):
    assert app.get(PREFIX + "/openapi.json").status_int == 200
    assert_error(app.get(PREFIX + "/companies", status=401), 401)
    assert_error(app.post_json(PREFIX + "/companies", {"name": "x"}, status=401), 401)
