"""The session cookie's flags and lifetime, asserted because nothing else would.

Pyramid's cookie sessions are signed, not encrypted. Knowing the test secret,
these tests read the cookie and rewrite its timestamps to stand for a
session left idle, or opened long ago, without waiting for the clock.
"""

import json
import time

import webtest
from pyramid.session import JSONSerializer
from webob.cookies import SignedSerializer

from core.testing import TEST_SECRET, sign_in

COOKIE = "relais"
HTTPS = {"wsgi.url_scheme": "https", "HTTP_HOST": "localhost", "SERVER_PORT": "443"}
SAME_ORIGIN = {"Origin": "https://localhost"}
SERIALIZER = SignedSerializer(
    TEST_SECRET, "pyramid.session.", "sha512", serializer=JSONSerializer()
)


def cookie_attributes(response) -> dict[str, str]:
    """The attributes of the session cookie a response sets, lower-cased."""
    for header in response.headers.getall("Set-Cookie"):
        name, _, rest = header.partition("=")
        if name == COOKIE:
            parts = [part.strip() for part in rest.split(";")[1:]]
            pairs = (part.partition("=") for part in parts)
            return {key.lower(): value for key, _eq, value in pairs}
    raise AssertionError(f"no {COOKIE} cookie set")


def session_cookie(app):
    (cookie,) = [c for c in app.cookiejar if c.name == COOKIE]
    return cookie


def read_session(app) -> tuple[float, float, dict]:
    accessed, created, state = SERIALIZER.loads(
        session_cookie(app).value.strip('"').encode()
    )
    return accessed, created, state


def rewrite_session(app, accessed: float, signed_in_at: float) -> None:
    """Re-sign the cookie as if last used at ``accessed``, signed in earlier."""
    _accessed, created, state = read_session(app)
    state["at"] = int(signed_in_at)
    # Edited in place: a second cookie of the same name would shadow the
    # server's next Set-Cookie in WebTest's jar.
    session_cookie(app).value = SERIALIZER.dumps((accessed, created, state)).decode()


def test_the_cookie_is_http_only_and_same_site_lax(app, factories):
    attributes = cookie_attributes(app.get("/login"))
    assert "httponly" in attributes
    assert attributes["samesite"].lower() == "lax"
    assert "secure" not in attributes

    signed_in = cookie_attributes(sign_in(app, factories.user().email))
    assert "httponly" in signed_in
    assert signed_in["samesite"].lower() == "lax"


def test_the_cookie_is_secure_over_https(app, factories):
    attributes = cookie_attributes(app.get("/login", extra_environ=HTTPS))
    assert "secure" in attributes
    assert "httponly" in attributes

    user = factories.user()
    response = sign_in(app, user.email, extra_environ=HTTPS, headers=SAME_ORIGIN)
    assert response.status_int == 303
    assert response.location == "https://localhost/"
    assert "secure" in cookie_attributes(response)
    assert app.get("/", extra_environ=HTTPS).status_int == 200


def test_over_https_a_form_posted_from_elsewhere_is_refused(app, factories):
    page = app.get("/login", extra_environ=HTTPS)
    form = page.forms[0]
    form["email"] = factories.user().email
    form["password"] = "correct horse battery"
    response = form.submit(
        extra_environ=HTTPS, headers={"Origin": "https://evil.example"}, status="*"
    )
    assert response.status_int == 400
    assert "Form expired" in response.text
    assert app.get("/", extra_environ=HTTPS).status_int == 302


def test_the_browser_drops_the_cookie_after_the_maximum_age(app):
    attributes = cookie_attributes(app.get("/login"))
    assert attributes["max-age"] == str(14 * 86400)


def test_the_cookie_holds_ids_only(signed_in):
    _accessed, _created, state = read_session(signed_in)
    assert set(state) == {"uid", "sv", "at", "_csrft_"}
    assert state["uid"] == signed_in.user.id
    text = json.dumps(state)
    assert signed_in.user.email not in text
    assert signed_in.user.last_name not in text


def test_a_session_idle_too_long_is_signed_out(make_app, factories):
    app = make_app(**{"relais.session.timeout": "600"})
    sign_in(app, factories.user().email)
    now = time.time()

    rewrite_session(app, accessed=now - 300, signed_in_at=now - 300)
    assert app.get("/").status_int == 200

    rewrite_session(app, accessed=now - 700, signed_in_at=now - 700)
    response = app.get("/")
    assert response.status_int == 302
    assert "/login" in response.location


def test_the_default_idle_timeout_is_eight_hours(app, factories):
    sign_in(app, factories.user().email)
    now = time.time()
    rewrite_session(app, accessed=now - 7 * 3600, signed_in_at=now - 7 * 3600)
    assert app.get("/").status_int == 200
    rewrite_session(app, accessed=now - 9 * 3600, signed_in_at=now - 9 * 3600)
    assert app.get("/").status_int == 302


def test_a_busy_session_still_ends_at_its_maximum_age(make_app, factories):
    app = make_app(**{"relais.session.max_age": "3600"})
    sign_in(app, factories.user().email)
    now = time.time()

    rewrite_session(app, accessed=now, signed_in_at=now - 3000)
    assert app.get("/").status_int == 200

    rewrite_session(app, accessed=now, signed_in_at=now - 3700)
    response = app.get("/")
    assert response.status_int == 302
    assert "/login" in response.location
    # Signing in again, with the same cookie jar, starts afresh.
    assert sign_in(app, factories.user().email).status_int == 303
    assert app.get("/").status_int == 200


def test_a_cookie_signed_with_another_secret_is_ignored(signed_in):
    accessed, created, state = read_session(signed_in)
    wrong = SignedSerializer(
        "another-secret-" + "y" * 40,
        "pyramid.session.",
        "sha512",
        serializer=JSONSerializer(),
    )
    forged = webtest.TestApp(signed_in.app)
    forged.set_cookie(COOKIE, wrong.dumps((accessed, created, state)).decode())
    assert forged.get("/").status_int == 302
