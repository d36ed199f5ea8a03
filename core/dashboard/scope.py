"""Whose figures the dashboard shows: mine, my team's, or one salesperson's.

A salesperson sees their own figures. Whoever holds ``actions.team`` (the
managers and administrators by default) sees their team's by default and can
pick one salesperson of it; an administrator without a team picks anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.auth.models import User
from core.opportunities.services.opportunities import salespeople

TEAM_PERMISSION = "actions.team"


@dataclass(frozen=True)
class Scope:
    """The users the figures are about, and how the page names them."""

    user_ids: tuple[int, ...]
    choices: tuple[User, ...]
    chosen: User | None
    team: bool

    @property
    def query(self) -> dict:
        return {"seller": self.chosen.id} if self.team and self.chosen else {}


def _team_members(session: Session, viewer: User) -> list[User]:
    everyone = salespeople(session)
    if viewer.team_id is None:
        return everyone if viewer.profile.code == "admin" else [viewer]
    return [user for user in everyone if user.team_id == viewer.team_id]


def scope_for(request) -> Scope:
    """Read ``?seller=`` against what the signed-in user may see."""
    viewer = request.identity
    if not request.has_permission(TEAM_PERMISSION):
        return Scope((viewer.id,), (), viewer, False)
    members = _team_members(request.dbsession, viewer)
    raw = request.params.get("seller", "")
    chosen = next((m for m in members if str(m.id) == raw), None)
    if chosen is not None:
        return Scope((chosen.id,), tuple(members), chosen, True)
    return Scope(tuple(m.id for m in members), tuple(members), None, True)


def users(session: Session, ids) -> list[User]:
    return list(session.scalars(select(User).where(User.id.in_(ids))))
