"""Listing and changing users through the API."""

from __future__ import annotations

import logging

from sqlalchemy import func, or_, select

from core.api.errors import ApiError, invalid
from core.api.resources.user_schemas import UserFilters
from core.auth.models import Profile, Team, User
from core.auth.services import profile_by_code
from core.directory.search import like_pattern
from core.i18n import _

log = logging.getLogger(__name__)

SORT = {
    "last_name": func.lower(User.last_name),
    "first_name": func.lower(User.first_name),
    "email": User.email,
    "created_at": User.created_at,
    "last_login_at": User.last_login_at,
}


def users_query(filters: UserFilters):
    statement = select(User)
    if filters.active is not None:
        statement = statement.where(User.active.is_(filters.active))
    if filters.team_id is not None:
        statement = statement.where(User.team_id == filters.team_id)
    if filters.profile is not None:
        statement = statement.join(Profile, User.profile_id == Profile.id).where(
            Profile.code == filters.profile
        )
    if filters.q is not None:
        pattern = like_pattern(filters.q.lower())
        full_name = func.lower(User.first_name + " " + User.last_name)
        statement = statement.where(
            or_(
                full_name.like(pattern, escape="\\"),
                func.lower(User.email).like(pattern, escape="\\"),
            )
        )
    return statement


def _refuse_self_lockout(actor: User, user: User, changes: dict) -> None:
    # An administrator who deactivates or demotes themself may leave nobody
    # able to undo it; another administrator has to do that.
    if actor.id != user.id:
        return
    demoted = "profile" in changes and changes["profile"] != user.profile.code
    if changes.get("active") is False or demoted:
        raise ApiError(
            409,
            "self_lockout",
            _("You cannot deactivate your own account or change its profile."),
        )


def update_user(dbsession, actor: User, user: User, changes: dict) -> None:
    """Apply an administrator's changes; deactivation signs the user out."""
    _refuse_self_lockout(actor, user, changes)
    fields = sorted(changes)
    # Relationships, not foreign keys, so the answer shows the new values.
    if "team_id" in changes:
        team_id = changes.pop("team_id")
        team = None if team_id is None else dbsession.get(Team, team_id)
        if team_id is not None and (team is None or not team.active):
            raise invalid({"team_id": _("No such team.")})
        user.team = team
    if "profile" in changes:
        user.profile = profile_by_code(dbsession, changes.pop("profile"))

    deactivated = changes.get("active") is False and user.active
    for name, value in changes.items():
        setattr(user, name, value)
    if deactivated:
        user.session_version += 1
    log.info(
        "api.user.updated user_id=%s by=%s fields=%s",
        user.id,
        actor.id,
        ",".join(fields),
    )
