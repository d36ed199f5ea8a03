"""Listing and changing users through the API.

Changes go through :mod:`core.admin.services`, so the rules guarding an
administrator (no self-deactivation, only admins give the admin profile...)
are the same whether the change comes from the admin pages or the API.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select

from core.admin import services as admin
from core.admin.schemas import UserForm
from core.api.errors import ApiError, invalid
from core.api.resources.user_schemas import UserFilters
from core.auth.models import Profile, Team, User
from core.auth.services import profile_by_code
from core.i18n import _
from core.search.text import like_pattern

SORT = {
    "last_name": func.lower(User.last_name),
    "first_name": func.lower(User.first_name),
    "email": User.email,
    "created_at": User.created_at,
    "last_login_at": User.last_login_at,
}

# The admin forms name fields by id; the API names reference rows by code.
API_FIELDS = {"profile_id": "profile"}


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


def _team_id(dbsession, user: User, changes: dict) -> int | None:
    if "team_id" not in changes:
        return user.team_id
    team_id = changes["team_id"]
    if team_id is not None:
        team = dbsession.get(Team, team_id)
        if team is None or not team.active:
            raise invalid({"team_id": _("No such team.")})
    return team_id


def update_user(dbsession, actor: User, user: User, changes: dict) -> None:
    """Apply an administrator's partial change; deactivation signs the user out."""
    profile_id = user.profile_id
    if "profile" in changes:
        profile_id = profile_by_code(dbsession, changes["profile"]).id

    # The values were validated by the API schema and the rest is the stored
    # record, so the form is assembled without validating it again.
    form = UserForm.model_construct(
        email=user.email,
        first_name=changes.get("first_name", user.first_name),
        last_name=changes.get("last_name", user.last_name),
        team_id=_team_id(dbsession, user, changes),
        profile_id=profile_id,
        timezone=changes.get("timezone", user.timezone),
        locale=changes.get("locale", user.locale),
        active=changes.get("active", user.active),
        version=user.version,
    )
    try:
        admin.update_user(dbsession, user, form, actor)
    except admin.FieldProblem as exc:
        raise invalid({API_FIELDS.get(exc.field, exc.field): exc.message}) from None
    except admin.Conflict:
        raise ApiError(
            412,
            "precondition_failed",
            _("Someone changed this record since you read it; read it again."),
        ) from None
