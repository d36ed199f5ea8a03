"""Password hashing with argon2id."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# A fixed hash to verify against when the account does not exist, so that the
# answer takes as long as for a real account.
_DECOY = None


def make_hasher(cheap: bool) -> PasswordHasher:
    if cheap:
        return PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    return PasswordHasher()


def verify(hasher: PasswordHasher, stored: str | None, password: str) -> bool:
    global _DECOY
    if stored is None:
        if _DECOY is None:
            _DECOY = hasher.hash("decoy password")
        _check(hasher, _DECOY, password)
        return False
    return _check(hasher, stored, password)


def _check(hasher: PasswordHasher, stored: str, password: str) -> bool:
    try:
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


MIN_LENGTH = 10


def weakness(password: str, email: str = "") -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    from core.i18n import _

    if len(password) < MIN_LENGTH:
        return _("Use at least ${n} characters.", mapping={"n": MIN_LENGTH})
    if email and password.lower() == email.lower():
        return _("The password must differ from the e-mail address.")
    if len(set(password)) < 4:
        return _("This password is too easy to guess.")
    return None
