"""The forgotten-password path: a mailed single-use link to a new password."""

import datetime as dt
import re

from sqlalchemy import select

from core.auth.models import PasswordReset
from core.testing import sign_in

NEW_PASSWORD = "a brand new secret"
LINK = re.compile(r"http://localhost/password/reset/[\w-]+")


def ask_for_link(app, email: str):
    form = app.get("/password/forgot").forms[0]
    form["email"] = email
    return form.submit(status="*")


def link_in(message) -> str:
    body = message.get_body(("plain",)).get_content()
    return LINK.search(body).group(0)


def mailed_link(app, outbox, email: str) -> str:
    ask_for_link(app, email)
    return link_in(outbox.wait_for_recipient(email))


def choose_password(app, link: str, password=NEW_PASSWORD, confirm=None):
    form = app.get(link).forms[0]
    form["password"] = password
    form["confirm"] = password if confirm is None else confirm
    return form.submit(status="*")


def test_the_sign_in_page_links_to_the_forgotten_password_form(app):
    page = app.get("/login").click(description="Forgotten password?")
    assert page.forms[0].action.endswith("/password/forgot")


def test_a_known_address_receives_a_link(app, factories, outbox):
    user = factories.user(first_name="Zoé", last_name="Bernard")
    response = ask_for_link(app, user.email)
    assert response.status_int == 200
    assert "a message with a link to choose a new password is on its way" in (
        response.text
    )

    message = outbox.wait_for_recipient(user.email)
    assert message["To"] == user.email
    assert message["Subject"] == "Reset your Relais password"
    body = message.get_body(("plain",)).get_content()
    assert "Hello Zoé Bernard," in body
    assert LINK.search(body)


def test_the_answer_is_the_same_whether_or_not_the_address_exists(
    app, factories, outbox
):
    user = factories.user()
    known = ask_for_link(app, user.email)
    unknown = ask_for_link(app, "nobody@relais.test")

    assert known.status_int == unknown.status_int == 200
    assert known.text == unknown.text
    outbox.wait_for_recipient(user.email)
    assert outbox.to("nobody@relais.test") == []


def test_an_inactive_account_gets_no_link(app, factories, outbox, dbsession):
    user = factories.user(active=False)
    assert ask_for_link(app, user.email).status_int == 200
    assert dbsession.scalars(select(PasswordReset)).all() == []
    assert outbox.to(user.email) == []


def test_an_invalid_address_is_flagged_beside_the_field(app):
    response = ask_for_link(app, "not an address")
    assert response.status_int == 400
    assert response.html.select_one("#e-email").text == "Enter a valid e-mail address."


def test_the_new_password_replaces_the_old_one(app, factories, outbox):
    user = factories.user()
    link = mailed_link(app, outbox, user.email)

    response = choose_password(app, link)
    assert response.status_int == 303
    assert response.location == "http://localhost/login"
    assert "Your password is changed. Sign in with it." in response.follow().text

    assert sign_in(app, user.email).status_int == 400
    assert sign_in(app, user.email, NEW_PASSWORD).status_int == 303


def test_the_link_works_only_once(app, factories, outbox):
    user = factories.user()
    link = mailed_link(app, outbox, user.email)
    choose_password(app, link)

    again = app.get(link, status="*")
    assert again.status_int == 410
    assert "This link has expired or has already been used." in again.text
    assert again.forms == {}
    token = again.html.find("meta", attrs={"name": "csrf-token"})["content"]
    values = {"password": "yet another secret", "confirm": "yet another secret"}
    refused = app.post(link, {**values, "csrf_token": token}, status="*")
    assert refused.status_int == 410
    assert sign_in(app, user.email, "yet another secret").status_int == 400


def test_using_one_link_cancels_the_other_links(app, factories, outbox):
    user = factories.user()
    first = mailed_link(app, outbox, user.email)
    outbox.clear()
    second = mailed_link(app, outbox, user.email)
    assert first != second

    choose_password(app, second)
    assert app.get(first, status="*").status_int == 410


def test_the_link_expires_after_its_lifetime(make_app, factories, outbox, dbsession):
    app = make_app(**{"relais.password_reset.lifetime": "600"})
    user = factories.user()
    link = mailed_link(app, outbox, user.email)

    reset = dbsession.scalars(select(PasswordReset)).one()
    assert reset.expires_at - reset.created_at == dt.timedelta(seconds=600)
    assert app.get(link).status_int == 200

    reset.created_at -= dt.timedelta(seconds=601)
    reset.expires_at -= dt.timedelta(seconds=601)
    dbsession.flush()
    expired = app.get(link, status="*")
    assert expired.status_int == 410
    assert "This link has expired or has already been used." in expired.text


def test_an_unknown_link_is_refused(app):
    response = app.get("/password/reset/not-a-real-token", status="*")
    assert response.status_int == 410


def test_the_two_passwords_must_match(app, factories, outbox):
    user = factories.user()
    link = mailed_link(app, outbox, user.email)

    response = choose_password(app, link, confirm="something else entirely")
    assert response.status_int == 400
    assert response.html.select_one("#e-confirm").text == "The two passwords differ."
    assert response.html.select_one("#e-password") is None
    # The link is still good after a mistake.
    assert choose_password(app, link).status_int == 303


def test_a_weak_password_is_refused_beside_its_field(app, factories, outbox):
    user = factories.user()
    link = mailed_link(app, outbox, user.email)

    short = choose_password(app, link, "short")
    assert short.status_int == 400
    assert short.html.select_one("#e-password").text == "Use at least 10 characters."

    same_as_address = choose_password(app, link, user.email.upper())
    assert same_as_address.status_int == 400
    assert same_as_address.html.select_one("#e-password").text == (
        "The password must differ from the e-mail address."
    )
    assert sign_in(app, user.email).status_int == 303


def test_a_reset_signs_out_every_other_session(make_app, factories, outbox):
    user = factories.user()
    laptop, phone = make_app(), make_app()
    sign_in(laptop, user.email)
    assert laptop.get("/").status_int == 200

    choose_password(phone, mailed_link(phone, outbox, user.email))
    response = laptop.get("/")
    assert response.status_int == 302
    assert "/login" in response.location


def test_a_reset_lifts_the_sign_in_throttle(app, factories, outbox):
    user = factories.user()
    for _attempt in range(5):
        sign_in(app, user.email, "not the password")
    assert sign_in(app, user.email).status_int == 429

    choose_password(app, mailed_link(app, outbox, user.email))
    assert sign_in(app, user.email, NEW_PASSWORD).status_int == 303
