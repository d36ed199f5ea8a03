"""Repeated failed sign-ins are slowed down per account and per address.

The waits are real (tens of seconds), so instead of sleeping the tests move
the recorded failures back in time, as the clock would.
"""

import datetime as dt

from sqlalchemy import select

from core.auth.models import LoginFailure
from core.testing import sign_in

WRONG = "not the password"


def age_failures(dbsession, seconds: int) -> None:
    """Make every recorded failure ``seconds`` older."""
    dbsession.expire_all()
    for failure in dbsession.scalars(select(LoginFailure)):
        failure.at -= dt.timedelta(seconds=seconds)
    dbsession.flush()


def test_an_account_is_slowed_down_after_repeated_failures(app, factories):
    user = factories.user()
    for _attempt in range(5):
        assert sign_in(app, user.email, WRONG).status_int == 400

    # Even the right password must wait now: guessing gains nothing.
    response = sign_in(app, user.email)
    assert response.status_int == 429
    wait = int(response.headers["Retry-After"])
    assert 0 < wait <= 31
    assert f"Too many failed attempts. Try again in {wait} seconds." in response.text
    assert app.get("/").status_int == 302


def test_the_account_is_allowed_again_after_the_wait(app, factories, dbsession):
    user = factories.user()
    for _attempt in range(5):
        sign_in(app, user.email, WRONG)
    wait = int(sign_in(app, user.email).headers["Retry-After"])

    age_failures(dbsession, wait)
    assert sign_in(app, user.email).status_int == 303
    assert app.get("/").status_int == 200


def test_each_further_failure_makes_the_wait_longer(app, factories, dbsession):
    user = factories.user()
    for _attempt in range(5):
        sign_in(app, user.email, WRONG)
    first = int(sign_in(app, user.email, WRONG).headers["Retry-After"])

    age_failures(dbsession, first)
    assert sign_in(app, user.email, WRONG).status_int == 400
    second = int(sign_in(app, user.email, WRONG).headers["Retry-After"])
    assert second > first


def test_a_successful_sign_in_clears_the_account_count(app, factories):
    user = factories.user()
    for _attempt in range(4):
        sign_in(app, user.email, WRONG)
    assert sign_in(app, user.email).status_int == 303

    other = app.__class__(app.app, extra_environ={"REMOTE_ADDR": "192.0.2.20"})
    for _attempt in range(4):
        assert sign_in(other, user.email, WRONG).status_int == 400
    assert sign_in(other, user.email).status_int == 303


def test_one_account_throttled_leaves_the_others_alone(app, factories):
    victim, colleague = factories.user(), factories.user()
    for _attempt in range(5):
        sign_in(app, victim.email, WRONG)
    assert sign_in(app, victim.email).status_int == 429
    assert sign_in(app, colleague.email).status_int == 303


def throttled_by_address(make_app):
    return make_app(**{"relais.login.max_failures_per_address": "4"})


def test_an_address_trying_many_accounts_is_slowed_down(make_app, factories):
    app = throttled_by_address(make_app)
    user = factories.user()
    for number in range(4):
        assert sign_in(app, f"guess{number}@relais.test", WRONG).status_int == 400

    response = sign_in(app, user.email)
    assert response.status_int == 429
    assert int(response.headers["Retry-After"]) > 0

    # The same account from another address is not affected.
    elsewhere = app.__class__(app.app, extra_environ={"REMOTE_ADDR": "198.51.100.7"})
    assert sign_in(elsewhere, user.email).status_int == 303


def test_a_forged_forwarded_header_does_not_escape_the_address_throttle(
    make_app, factories
):
    app = throttled_by_address(make_app)
    user = factories.user()
    for number in range(4):
        sign_in(app, f"guess{number}@relais.test", WRONG)

    forged = {"X-Forwarded-For": "203.0.113.99"}
    assert sign_in(app, user.email, headers=forged).status_int == 429


def test_the_address_is_allowed_again_after_the_wait(make_app, factories, dbsession):
    app = throttled_by_address(make_app)
    user = factories.user()
    for number in range(4):
        sign_in(app, f"guess{number}@relais.test", WRONG)
    wait = int(sign_in(app, user.email).headers["Retry-After"])

    age_failures(dbsession, wait)
    assert sign_in(app, user.email).status_int == 303


def test_failures_older_than_the_window_do_not_count(app, factories, dbsession):
    user = factories.user()
    for _attempt in range(4):
        sign_in(app, user.email, WRONG)
    age_failures(dbsession, 900)

    for _attempt in range(4):
        assert sign_in(app, user.email, WRONG).status_int == 400
    assert sign_in(app, user.email).status_int == 303
