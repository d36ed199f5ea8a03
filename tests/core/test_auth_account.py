"""The user's own settings page: password change and personal API tokens."""

import pytest
import webtest
from sqlalchemy import select

from core.auth.models import ApiToken
from core.testing import base_settings, csrf_token, sign_in

NEW_PASSWORD = "a brand new secret"


def account_form(page, action: str):
    """One of the account page's forms, told apart by their ``action`` field."""
    for form in page.forms.values():
        field = form.get("action", default=None)
        if field is not None and field.value == action:
            return form
    raise AssertionError(f"no {action} form on the page")


def change_password(app, current, new=NEW_PASSWORD, confirm=None):
    form = account_form(app.get("/account"), "password")
    form["current"] = current
    form["password"] = new
    form["confirm"] = new if confirm is None else confirm
    return form.submit(status="*")


def create_token(app, name="Intégration ERP"):
    form = account_form(app.get("/account"), "token")
    form["name"] = name
    response = form.submit(status="*")
    return response, response.html.select_one("code.token")


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def test_the_settings_page_is_in_the_user_menu(signed_in):
    home = signed_in.get("/")
    page = home.click(href="/account", index=0)
    assert page.html.h1.text == "My settings"


def test_a_password_change_needs_the_current_password(signed_in):
    response = change_password(signed_in, "not my password")
    assert response.status_int == 400
    assert response.html.select_one("#e-current").text == (
        "This is not your current password."
    )
    assert sign_in(webtest.TestApp(signed_in.app), signed_in.user.email).status == (
        "303 See Other"
    )


def test_a_password_change_must_be_confirmed(signed_in):
    response = change_password(signed_in, "correct horse battery", confirm="other")
    assert response.status_int == 400
    assert response.html.select_one("#e-confirm").text == "The two passwords differ."


def test_a_password_change_keeps_this_session_and_ends_the_others(make_app, factories):
    user = factories.user()
    here, elsewhere = make_app(), make_app()
    sign_in(here, user.email)
    sign_in(elsewhere, user.email)

    response = change_password(here, "correct horse battery")
    assert response.status_int == 303
    assert "Your password is changed." in response.follow().text
    assert here.get("/").status_int == 200

    signed_out = elsewhere.get("/")
    assert signed_out.status_int == 302
    assert "/login" in signed_out.location

    fresh = make_app()
    assert sign_in(fresh, user.email).status_int == 400
    assert sign_in(fresh, user.email, NEW_PASSWORD).status_int == 303


def test_a_new_token_is_shown_once(signed_in):
    response, shown = create_token(signed_in)
    assert response.status_int == 200
    secret = shown.text
    assert secret.startswith("rls_")
    assert "Copy this token now; it will not be shown again." in response.text

    page = signed_in.get("/account")
    assert secret not in page.text
    row = page.html.select_one("table tbody tr")
    assert "Intégration ERP" in row.text
    assert secret[:10] in row.text


def test_only_a_hash_of_the_token_is_stored(signed_in, dbsession):
    _response, shown = create_token(signed_in)
    stored = dbsession.scalars(select(ApiToken)).one()
    assert shown.text not in (stored.token_hash, stored.prefix)


def test_a_token_needs_a_name(signed_in):
    response, shown = create_token(signed_in, name="  ")
    assert response.status_int == 400
    assert shown is None
    assert response.html.select_one("#e-name").text == "This field is required."


def test_a_token_signs_requests_in_without_a_session(signed_in):
    _response, shown = create_token(signed_in)
    client = webtest.TestApp(signed_in.app)
    page = client.get("/account", headers=bearer(shown.text))
    assert page.status_int == 200
    assert signed_in.user.display_name in page.text
    # The token opened no session: without it the client is anonymous.
    assert client.get("/", status="*").status_int == 302


def test_a_wrong_token_is_not_accepted(app):
    response = app.get("/account", headers=bearer("rls_not-a-token"), status="*")
    assert response.status_int == 302
    assert "/login" in response.location


def test_a_revoked_token_stops_working(signed_in):
    _response, shown = create_token(signed_in)
    client = webtest.TestApp(signed_in.app)
    assert client.get("/", headers=bearer(shown.text)).status_int == 200

    form = account_form(signed_in.get("/account"), "revoke")
    response = form.submit()
    assert response.status_int == 303
    assert "Intégration ERP" not in response.follow().text

    refused = client.get("/", headers=bearer(shown.text), status="*")
    assert refused.status_int == 302


def test_nobody_revokes_someone_else_s_token(make_app, factories, dbsession):
    owner, other = make_app(), make_app()
    sign_in(owner, factories.user().email)
    sign_in(other, factories.user().email)
    _response, shown = create_token(owner)
    token = dbsession.scalars(select(ApiToken)).one()

    response = other.post(
        "/account",
        {
            "action": "revoke",
            "token_id": str(token.id),
            "csrf_token": csrf_token(other),
        },
    )
    assert response.status_int == 303
    assert webtest.TestApp(owner.app).get("/", headers=bearer(shown.text)).status == (
        "200 OK"
    )


def test_the_token_of_a_deactivated_user_stops_working(signed_in, dbsession):
    _response, shown = create_token(signed_in)
    dbsession.refresh(signed_in.user)
    signed_in.user.active = False
    dbsession.flush()
    client = webtest.TestApp(signed_in.app)
    assert client.get("/", headers=bearer(shown.text), status="*").status_int == 302


@pytest.fixture(scope="session")
def _probe_app(database_url, mail_sink):
    """The core application plus one JSON view that needs the ``api`` right."""
    from core.app import make_configurator

    config = make_configurator(base_settings(database_url, mail_sink))
    config.add_route("api_probe", "/api/v1/probe")
    config.add_view(
        lambda request: {"user": request.identity.id},
        route_name="api_probe",
        renderer="json",
        permission="api",
    )
    wsgi = config.make_wsgi_app()
    yield wsgi
    config.registry.relais_engine.dispose()


@pytest.fixture
def api_client(_probe_app, connection):
    _probe_app.registry.relais_session_factory.configure(
        bind=connection, join_transaction_mode="create_savepoint"
    )
    return webtest.TestApp(_probe_app)


def test_the_api_answers_401_to_a_revoked_token(signed_in, api_client, dbsession):
    _response, shown = create_token(signed_in)
    ok = api_client.get("/api/v1/probe", headers=bearer(shown.text))
    assert ok.json == {"user": signed_in.user.id}

    token = dbsession.scalars(select(ApiToken)).one()
    account_form(signed_in.get("/account"), "revoke").submit()
    dbsession.refresh(token)
    assert token.revoked_at is not None

    refused = api_client.get("/api/v1/probe", headers=bearer(shown.text), status="*")
    assert refused.status_int == 401
    assert refused.json["error"]["code"] == "unauthenticated"
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
