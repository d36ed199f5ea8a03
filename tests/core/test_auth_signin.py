"""Signing in and out through the real forms."""

from core.testing import sign_in


def test_sign_in_opens_the_home_page(app, factories):
    user = factories.user(first_name="Zoé")
    response = sign_in(app, user.email)
    assert response.status_int == 303
    home = response.follow()
    assert "Zoé" in home.text


def test_wrong_password_says_so_beside_the_form(app, factories):
    user = factories.user()
    response = sign_in(app, user.email, "not the password")
    assert response.status_int == 400
    assert "Wrong e-mail address or password." in response.text


def test_anonymous_visitor_is_sent_to_sign_in(app):
    response = app.get("/")
    assert response.status_int == 302
    assert "/login?next=%2F" in response.location
