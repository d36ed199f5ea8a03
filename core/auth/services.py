"""Accounts: creation, sign-in with throttling, password reset, API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core.auth import passwords
from core.auth.models import (
    ApiToken,
    LoginFailure,
    PasswordReset,
    Profile,
    Team,
    User,
    utcnow,
)

log = logging.getLogger(__name__)

TOKEN_PREFIX = "rls_"


class AuthError(Exception):
    """A sign-in or account operation was refused; ``reason`` says why."""

    def __init__(self, reason: str, retry_after: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def active_user(dbsession: Session, user_id: int) -> User | None:
    user = dbsession.get(User, user_id)
    return user if user is not None and user.active else None


def user_by_email(dbsession: Session, email: str) -> User | None:
    return dbsession.scalar(select(User).where(User.email == normalise_email(email)))


def profile_by_code(dbsession: Session, code: str) -> Profile:
    profile = dbsession.scalar(select(Profile).where(Profile.code == code))
    if profile is None:
        raise LookupError(f"no profile {code!r}; run `relais migrate` first")
    return profile


def create_user(
    dbsession: Session,
    registry,
    email: str,
    last_name: str,
    first_name: str = "",
    profile_code: str = "salesperson",
    team: Team | None = None,
    password: str | None = None,
) -> User:
    """Create an account and tell the plugins about it."""
    email = normalise_email(email)
    if user_by_email(dbsession, email) is not None:
        raise AuthError("exists")
    settings = registry.relais_settings
    user = User(
        email=email,
        first_name=first_name,
        last_name=last_name,
        profile=profile_by_code(dbsession, profile_code),
        team=team,
        timezone=settings["relais.default_timezone"],
        locale=settings["relais.default_locale"],
    )
    if password is not None:
        set_password(registry, user, password)
    dbsession.add(user)
    dbsession.flush()
    registry.relais_plugins.hook.relais_on_user_created(dbsession=dbsession, user=user)
    log.info("auth.user.created user_id=%s profile=%s", user.id, profile_code)
    return user


def hasher_for(registry):
    return passwords.make_hasher(
        registry.relais_settings["relais.password.cheap_hashing"]
    )


def set_password(registry, user: User, password: str) -> None:
    user.password_hash = hasher_for(registry).hash(password)
    user.session_version = (user.session_version or 0) + 1


@dataclass(frozen=True)
class Throttle:
    """How many failures a key may have in the window before it must wait."""

    key: str
    limit: int


def _throttles(settings, email: str, address: str) -> list[Throttle]:
    return [
        Throttle(
            f"account:{normalise_email(email)}", settings["relais.login.max_failures"]
        ),
        Throttle(
            f"address:{address}", settings["relais.login.max_failures_per_address"]
        ),
    ]


def _wait_seconds(dbsession: Session, throttle: Throttle, window: int, now) -> int:
    """Seconds to wait before the next attempt; doubles with every extra failure."""
    since = now - dt.timedelta(seconds=window)
    count, last = dbsession.execute(
        select(func.count(LoginFailure.id), func.max(LoginFailure.at)).where(
            LoginFailure.key == throttle.key, LoginFailure.at >= since
        )
    ).one()
    if count < throttle.limit or last is None:
        return 0
    if last.tzinfo is None:
        last = last.replace(tzinfo=dt.UTC)
    delay = min(2 ** (count - throttle.limit) * 30, window)
    remaining = (last + dt.timedelta(seconds=delay) - now).total_seconds()
    return math.ceil(remaining) if remaining > 0 else 0


def authenticate(
    dbsession: Session, registry, email: str, password: str, address: str
) -> User:
    """Check a sign-in; raise :class:`AuthError` ("throttled" or "invalid")."""
    settings = registry.relais_settings
    now = utcnow()
    throttles = _throttles(settings, email, address)
    wait = max(
        _wait_seconds(dbsession, t, settings["relais.login.window"], now)
        for t in throttles
    )
    if wait:
        log.warning("auth.signin.throttled address=%s", address)
        raise AuthError("throttled", retry_after=wait)

    user = user_by_email(dbsession, email)
    stored = user.password_hash if user is not None and user.active else None
    if not passwords.verify(hasher_for(registry), stored, password):
        # Failures older than the window no longer count: drop them as we go.
        expired = now - dt.timedelta(seconds=settings["relais.login.window"])
        dbsession.execute(
            delete(LoginFailure).where(
                LoginFailure.key.in_([t.key for t in throttles]),
                LoginFailure.at < expired,
            )
        )
        for throttle in throttles:
            dbsession.add(LoginFailure(key=throttle.key, at=now))
        log.info("auth.signin.failed address=%s", address)
        raise AuthError("invalid")

    dbsession.execute(delete(LoginFailure).where(LoginFailure.key == throttles[0].key))
    user.last_login_at = now
    log.info("auth.signin.ok user_id=%s", user.id)
    return user


def start_password_reset(dbsession: Session, registry, email: str) -> str | None:
    """Create a reset link for an active account; None when there is none.

    The caller answers the same way in both cases so that the form does not
    reveal which addresses have an account.
    """
    user = user_by_email(dbsession, email)
    if user is None or not user.active:
        log.info("auth.reset.unknown_address")
        return None
    token = secrets.token_urlsafe(32)
    lifetime = registry.relais_settings["relais.password_reset.lifetime"]
    now = utcnow()
    dbsession.add(
        PasswordReset(
            user=user,
            token_hash=_digest(token),
            created_at=now,
            expires_at=now + dt.timedelta(seconds=lifetime),
        )
    )
    dbsession.flush()
    log.info("auth.reset.started user_id=%s", user.id)
    return token


def pending_reset(dbsession: Session, token: str) -> PasswordReset | None:
    """The reset a link stands for, if it is unused and has not expired."""
    reset = dbsession.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == _digest(token))
    )
    if reset is None or reset.used_at is not None or reset.expires_at < utcnow():
        return None
    if not reset.user.active:
        return None
    return reset


def finish_password_reset(
    dbsession: Session, registry, token: str, password: str
) -> User:
    reset = pending_reset(dbsession, token)
    if reset is None:
        raise AuthError("expired")
    now = utcnow()
    set_password(registry, reset.user, password)
    # Every other outstanding link for this account dies with this one.
    for other in dbsession.scalars(
        select(PasswordReset).where(
            PasswordReset.user_id == reset.user_id, PasswordReset.used_at.is_(None)
        )
    ):
        other.used_at = now
    dbsession.execute(
        delete(LoginFailure).where(LoginFailure.key == f"account:{reset.user.email}")
    )
    log.info("auth.reset.done user_id=%s", reset.user_id)
    return reset.user


def create_token(dbsession: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; the clear value is returned only now."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name, prefix=secret[:10], token_hash=_digest(secret)
    )
    dbsession.add(token)
    dbsession.flush()
    log.info("auth.token.created user_id=%s token_id=%s", user.id, token.id)
    return token, secret


def user_for_token(dbsession: Session, secret: str) -> User | None:
    token = dbsession.scalar(
        select(ApiToken).where(ApiToken.token_hash == _digest(secret))
    )
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    # Writing on every call would serialise concurrent API clients; once a
    # minute is enough to tell an administrator whether a token is in use.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        token.last_used_at = now
    return token.user


def revoke_token(dbsession: Session, user: User, token_id: int) -> bool:
    token = dbsession.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    log.info("auth.token.revoked user_id=%s token_id=%s", user.id, token.id)
    return True


def tokens_of(dbsession: Session, user: User) -> list[ApiToken]:
    return list(
        dbsession.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc())
        )
    )
