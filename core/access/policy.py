"""One user's access: SQL conditions for queries, yes/no for one record.

Every path that shows records (pages, pickers, search, exports, the API,
reports) asks the same object, so a private record cannot leak through one
path the others close.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import and_, false, inspect, or_, select, true
from sqlalchemy.orm import Session

from core.access.models import PUBLIC, SHARED, AccessScope
from core.access.rules import checked_clause
from core.auth.models import User

log = logging.getLogger(__name__)

READ_PRIVATE_TEAM = "access.private.team"
READ_PRIVATE_ALL = "access.private.all"


class Access:
    """What ``user`` may see and change; build one with :func:`access_for`.

    ``filter(kind)`` and ``editable(kind)`` return conditions to put in a
    ``where``; ``can_view(record)`` and ``can_edit(record)`` answer for one
    loaded record by running the same conditions in the database.
    """

    def __init__(self, dbsession: Session, registry, user: User | None, permissions):
        self.dbsession = dbsession
        self.registry = registry
        self.user = user
        self.permissions = frozenset(permissions)
        self._scopes: dict[str, tuple[str, str]] | None = None

    # What the user holds.

    def holds(self, permission: str) -> bool:
        return permission in self.permissions

    def team(self):
        """The ids of the user's team (the user alone without a team)."""
        user = self.user
        if user.team_id is None:
            return select(User.id).where(User.id == user.id)
        return select(User.id).where(User.team_id == user.team_id)

    def reach(self, kind: str, action: str = "view") -> str:
        """``all``, ``team``, ``own`` or ``none`` for ``action`` on ``kind``."""
        if self.user is None:
            return "none"
        declared = self.registry.relais_access_kinds[kind]
        profile = self.user.profile.code
        if profile == "admin":
            return "all"
        if self._scopes is None:
            rows = self.dbsession.scalars(
                select(AccessScope).where(
                    AccessScope.profile_id == self.user.profile_id
                )
            )
            self._scopes = {row.kind: (row.view, row.edit) for row in rows}
        view, edit = self._scopes.get(kind) or declared.defaults.get(
            profile, ("none", "none")
        )
        return view if action == "view" else edit

    # Conditions.

    def _reach_clause(self, kind, reach: str):
        if reach == "all":
            return true()
        if reach == "none":
            return false()
        users = (
            self.team()
            if reach == "team"
            else select(User.id).where(User.id == self.user.id)
        )
        return kind.owned_by(users)

    def _privacy(self, kind):
        if kind.visibility is None or self.holds(READ_PRIVATE_ALL):
            return true()
        team = self.team()
        seen = [
            kind.visibility == PUBLIC,
            kind.owner == self.user.id,
            and_(kind.visibility == SHARED, kind.owner.in_(team)),
        ]
        # The managers above: those holding the right read their team's
        # private records too.
        if self.holds(READ_PRIVATE_TEAM):
            seen.append(kind.owner.in_(team))
        return or_(*seen)

    def filter(self, name: str):
        """The condition a record of kind ``name`` must meet to be seen."""
        if self.user is None:
            return false()
        kind = self.registry.relais_access_kinds[name]
        privacy = self._privacy(kind)
        within = kind.within(self) if kind.within else true()
        base = and_(self._reach_clause(kind, self.reach(name, "view")), privacy)
        opened, narrowed = [base], []
        for rule in self.registry.relais_access_rules.get(name, ()):
            clause = checked_clause(rule, self)
            if clause is None:
                continue
            if rule.effect == "narrow":
                narrowed.append(clause)
            else:
                opened.append(clause if rule.private else and_(clause, privacy))
        return and_(or_(*opened), within, *narrowed)

    def editable(self, name: str):
        """The condition a record of kind ``name`` must meet to be changed."""
        if self.user is None:
            return false()
        kind = self.registry.relais_access_kinds[name]
        reach = self._reach_clause(kind, self.reach(name, "edit"))
        return and_(self.filter(name), reach)

    # One record.

    def kind_of(self, record: Any):
        for kind in self.registry.relais_access_kinds.values():
            if isinstance(record, kind.model):
                return kind
        raise LookupError(f"no access kind for {type(record).__name__}")

    def _holds(self, record, condition) -> bool:
        kind = self.kind_of(record)
        key = inspect(kind.model).primary_key[0]
        query = select(key).where(key == record.id, condition(kind.name)).limit(1)
        return self.dbsession.scalar(query) is not None

    def can_view(self, record) -> bool:
        return self._holds(record, self.filter)

    def can_edit(self, record) -> bool:
        return self._holds(record, self.editable)


def access_for(dbsession: Session, registry, user: User | None) -> Access:
    """The access of ``user`` outside a request (tasks, reports, commands)."""
    from core.auth.permissions import effective_permissions

    permissions = (
        effective_permissions(dbsession, registry, user.profile) if user else ()
    )
    return Access(dbsession, registry, user, permissions)
