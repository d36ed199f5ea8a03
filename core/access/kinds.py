"""The kinds of records access rules apply to, declared by their modules."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pyramid.exceptions import ConfigurationError

from core.access.models import SCOPES
from core.auth.permissions import PROFILES

OPEN = {profile: ("all", "all") for profile in PROFILES}
"""Defaults where everyone sees and edits everything (the directory)."""

AUTHORED = {
    "admin": ("all", "all"),
    "manager": ("all", "team"),
    "salesperson": ("all", "own"),
    "assistant": ("all", "own"),
}
"""Defaults for records people write: all read them, authors change them."""


@dataclass(frozen=True)
class AccessKind:
    """One kind of record and how to tell whose it is. Added in 0.1.

    ``owned_by(users)`` returns a SQL condition "the record belongs to one of
    ``users``" where ``users`` is a subquery of user ids: the portfolio for
    companies, the author for comments, the visitors for actions. With
    ``visibility`` (the column holding private / shared / public) and
    ``owner`` (the column of the user it is private to), the base privacy
    rule applies on top. ``within(access)`` may add a condition every
    visible record must meet too, typically "the record it is attached to is
    visible".
    """

    name: str
    title: Any
    model: type
    owned_by: Callable[[Any], Any]
    defaults: Mapping[str, tuple[str, str]]
    visibility: Any = None
    owner: Any = None
    within: Callable[[Any], Any] | None = None


def add_access_kind(
    config,
    name: str,
    title,
    model,
    owned_by,
    defaults=OPEN,
    visibility=None,
    owner=None,
    within=None,
):
    """Submit the records of ``model`` to the portfolio and privacy rules.

    ``defaults`` maps each profile code to its ``(view, edit)`` reach, each
    one of ``all``, ``team``, ``own``, ``none``; an administrator changes
    them on the access page. See :class:`AccessKind` for the other
    arguments, and :mod:`core.access` for how views and queries then ask.
    Added in 0.1.
    """
    for profile, reaches in defaults.items():
        if profile not in PROFILES or any(r not in SCOPES for r in reaches):
            raise ConfigurationError(f"access kind {name}: bad default {profile}")
    if (visibility is None) != (owner is None):
        raise ConfigurationError(f"access kind {name}: visibility needs an owner")
    kind = AccessKind(
        name, title, model, owned_by, dict(defaults), visibility, owner, within
    )
    registry = config.registry

    def register():
        registry.relais_access_kinds[name] = kind

    config.action(("relais-access-kind", name), register)
