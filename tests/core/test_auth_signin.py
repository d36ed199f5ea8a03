"""Signing in and out through the real forms."""

import pytest

from core.testing import csrf_token, sign_in


def test_sign_in_opens_the_home_page(app, factories, dbsession):
    user = factories.user(first_name="Zoé")
    response = sign_in(app, user.email)
    assert response.status_int == 303
    home = response.follow()
    assert "Zoé" in home.text

    dbsession.refresh(user)
    assert user.last_login_at is not None


def test_e_mail_address_is_matched_whatever_its_case(app, factories):
    factories.user(email="zoe.bernard@relais.test")
    response = sign_in(app, "  Zoe.Bernard@Relais.TEST ")
    assert response.status_int == 303


def test_wrong_password_says_so_beside_the_form(app, factories):
    user = factories.user()
    response = sign_in(app, user.email, "not the password")
    assert response.status_int == 400
    assert "Wrong e-mail address or password." in response.text
    # The address stays in the form; the password does not.
    form = response.forms[0]
    assert form["email"].value == user.email
    assert form["password"].value == ""
    assert app.get("/").status_int == 302


def test_unknown_address_gets_the_same_answer_as_a_wrong_password(app, factories):
    user = factories.user()
    wrong = sign_in(app, user.email, "not the password")
    unknown = sign_in(app, "nobody@relais.test", "not the password")
    assert unknown.status_int == wrong.status_int == 400
    assert "Wrong e-mail address or password." in unknown.text


def test_inactive_user_is_refused_with_the_usual_message(app, factories):
    user = factories.user(active=False)
    response = sign_in(app, user.email)
    assert response.status_int == 400
    assert "Wrong e-mail address or password." in response.text
    assert app.get("/").status_int == 302


def test_deactivating_a_user_ends_their_session(signed_in, dbsession):
    assert signed_in.get("/").status_int == 200
    signed_in.user.active = False
    dbsession.flush()
    response = signed_in.get("/")
    assert response.status_int == 302
    assert "/login" in response.location


def test_empty_fields_are_flagged_beside_each_field(app):
    form = app.get("/login").forms[0]
    response = form.submit(status=400)
    assert response.html.select_one("#e-email").text == "This field is required."
    assert response.html.select_one("#e-password").text == "This field is required."


def test_anonymous_visitor_is_sent_to_sign_in(app):
    response = app.get("/")
    assert response.status_int == 302
    assert "/login?next=%2F" in response.location


def test_sign_in_returns_to_the_page_asked_for(app, factories):
    user = factories.user()
    login = app.get("/account").follow()
    form = login.forms[0]
    assert form["next"].value == "/account"
    form["email"] = user.email
    form["password"] = "correct horse battery"
    response = form.submit()
    assert response.status_int == 303
    assert response.location == "http://localhost/account"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "/\t/evil.example/",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_next_never_leaves_the_site(app, factories, target):
    user = factories.user()
    form = app.get("/login", params={"next": target}).forms[0]
    form["email"] = user.email
    form["password"] = "correct horse battery"
    response = form.submit()
    assert response.status_int == 303
    assert response.location == "http://localhost/"


def test_signed_in_user_visiting_the_sign_in_page_goes_on(signed_in):
    response = signed_in.get("/login", params={"next": "/account"})
    assert response.status_int == 302
    assert response.location == "http://localhost/account"


def test_sign_in_renews_the_csrf_token(app, factories):
    """A token planted before sign-in is worthless afterwards."""
    user = factories.user()
    page = app.get("/login")
    before = page.html.find("meta", attrs={"name": "csrf-token"})["content"]
    sign_in(app, user.email)
    assert csrf_token(app) != before


def test_sign_out_needs_a_post(signed_in):
    response = signed_in.get("/logout", status="*")
    assert response.status_int == 404
    assert signed_in.get("/").status_int == 200


def test_sign_out_without_the_csrf_token_is_refused(signed_in):
    response = signed_in.post("/logout", status="*")
    assert response.status_int == 400
    assert "Form expired" in response.text
    assert signed_in.get("/").status_int == 200


def test_sign_out_from_the_user_menu(signed_in):
    home = signed_in.get("/")
    form = next(f for f in home.forms.values() if f.action.endswith("/logout"))
    response = form.submit()
    assert response.status_int == 303
    assert response.location == "http://localhost/login"

    after = signed_in.get("/")
    assert after.status_int == 302
    assert "/login" in after.location
