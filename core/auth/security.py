"""Who is asking: a browser session or a personal API token.

Nothing is public unless a view says so: the default permission is ``view``
and the few open views (sign-in, password reset, static files) declare
``NO_PERMISSION_REQUIRED``.
"""

from __future__ import annotations

import logging
import time

from pyramid.csrf import SessionCSRFStoragePolicy, new_csrf_token
from pyramid.exceptions import BadCSRFOrigin
from pyramid.request import RequestLocalCache
from pyramid.security import Allowed, Denied
from pyramid.session import SignedCookieSessionFactory

from core.auth import services
from core.auth.permissions import effective_permissions

log = logging.getLogger(__name__)

SESSION_USER = "uid"
SESSION_VERSION = "sv"
# Sign-in time. Not the session's own ``created``: Pyramid keeps that through
# ``invalidate()``, so an expired session could never be signed in again.
SESSION_SIGNED_IN_AT = "at"


def bearer_token(request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


class RelaisSecurityPolicy:
    """Identify the user by bearer token or session; rights come from profiles."""

    def __init__(self):
        # Pyramid asks for the identity many times a request; look it up once.
        self._identities = RequestLocalCache(self._load_identity)

    def identity(self, request):
        return self._identities.get_or_create(request)

    def _load_identity(self, request):
        token = bearer_token(request)
        if token is not None:
            user = services.user_for_token(request.dbsession, token)
            request.environ["relais.auth"] = "token" if user else "bad-token"
            return user
        user_id = request.session.get(SESSION_USER)
        if user_id is None:
            return None
        max_age = request.registry.relais_settings["relais.session.max_age"]
        signed_in_at = request.session.get(SESSION_SIGNED_IN_AT, 0)
        if time.time() - signed_in_at > max_age:
            request.session.invalidate()
            return None
        user = services.active_user(request.dbsession, user_id)
        if user is None or user.session_version != request.session.get(SESSION_VERSION):
            request.session.invalidate()
            return None
        request.environ["relais.auth"] = "session"
        return user

    def authenticated_userid(self, request):
        user = request.identity
        return None if user is None else user.id

    def permits(self, request, context, permission):
        user = request.identity
        if user is None:
            return Denied("not signed in")
        if permission in request.permissions:
            return Allowed(f"profile {user.profile.code} holds {permission}")
        return Denied(f"profile {user.profile.code} lacks {permission}")

    def remember(self, request, userid, **kw):
        user = services.active_user(request.dbsession, userid)
        # A fresh session on sign-in: an attacker's planted cookie is worthless.
        request.session.invalidate()
        request.session[SESSION_USER] = user.id
        request.session[SESSION_VERSION] = user.session_version
        request.session[SESSION_SIGNED_IN_AT] = int(time.time())
        new_csrf_token(request)
        self._identities.clear(request)
        return []

    def forget(self, request, **kw):
        request.session.invalidate()
        self._identities.clear(request)
        return []


def _permissions(request) -> frozenset[str]:
    user = request.identity
    if user is None:
        return frozenset()
    return effective_permissions(request.dbsession, request.registry, user.profile)


def _csrf_applies(request) -> bool:
    # A browser never adds an Authorization header on its own, so a request
    # signed in by a valid token cannot be forged cross-site. A bogus token
    # proves nothing: such a request is checked like any other.
    if bearer_token(request) is None:
        return True
    return request.identity is None


class _SessionFactory:
    """Pick the cookie flags per request: ``Secure`` whenever served over TLS."""

    def __init__(self, secret: str, timeout: int, max_age: int):
        common = dict(
            cookie_name="relais",
            httponly=True,
            samesite="Lax",
            timeout=timeout,
            max_age=max_age,
            reissue_time=60,
        )
        self.plain = SignedCookieSessionFactory(secret, secure=False, **common)
        self.secure = SignedCookieSessionFactory(secret, secure=True, **common)

    def __call__(self, request):
        factory = self.secure if request.scheme == "https" else self.plain
        return factory(request)


def includeme(config):
    settings = config.registry.relais_settings
    config.set_session_factory(
        _SessionFactory(
            settings["relais.secret"],
            settings["relais.session.timeout"],
            settings["relais.session.max_age"],
        )
    )
    config.set_security_policy(RelaisSecurityPolicy())
    config.set_default_permission("view")
    config.set_csrf_storage_policy(SessionCSRFStoragePolicy())
    config.set_default_csrf_options(require_csrf=True, callback=_csrf_applies)
    config.add_request_method(_permissions, "permissions", reify=True)
    # Over https Pyramid also checks Origin/Referer; its refusal deserves the
    # same page (or JSON body) as a missing token.
    from core.web.views import bad_csrf

    config.add_exception_view(
        bad_csrf, context=BadCSRFOrigin, renderer="core:templates/error.pt"
    )
