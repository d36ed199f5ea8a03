"""Managing users, teams and the profiles' rights.

Views call these with the administrator doing the change (``actor``) so that
the rules protecting an administrator from locking themself out live here,
next to the changes they guard.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from core.admin.schemas import TeamForm, UserForm
from core.auth import services as auth
from core.auth.models import Profile, ProfileGrant, Team, User
from core.auth.permissions import PROFILES, effective_permissions
from core.i18n import _

log = logging.getLogger(__name__)


class FieldProblem(Exception):
    """A change refused because of one field; ``field`` names it."""

    def __init__(self, field: str, message):
        super().__init__(message)
        self.field = field
        self.message = message


class Conflict(Exception):
    """Someone else saved the record since the form was opened."""


@dataclass(frozen=True)
class UserFilter:
    active: bool | None = None
    team_id: int | None = None
    profile_id: int | None = None
    text: str = ""


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def list_users(dbsession: Session, criteria: UserFilter) -> list[User]:
    query = select(User).options(selectinload(User.team), selectinload(User.profile))
    if criteria.active is not None:
        query = query.where(User.active.is_(criteria.active))
    if criteria.team_id is not None:
        query = query.where(User.team_id == criteria.team_id)
    if criteria.profile_id is not None:
        query = query.where(User.profile_id == criteria.profile_id)
    if criteria.text.strip():
        pattern = _like(criteria.text.strip())
        full_name = func.lower(User.first_name + " " + User.last_name)
        query = query.where(
            or_(
                full_name.like(pattern, escape="\\"),
                func.lower(User.last_name).like(pattern, escape="\\"),
                func.lower(User.email).like(pattern, escape="\\"),
            )
        )
    return list(dbsession.scalars(query.order_by(User.last_name, User.first_name)))


def profiles(dbsession: Session) -> list[Profile]:
    """The profiles in their usual order (admin first)."""
    rows = list(dbsession.scalars(select(Profile)))
    rank = {code: index for index, code in enumerate(PROFILES)}
    return sorted(rows, key=lambda p: (rank.get(p.code, len(rank)), p.name))


def teams(dbsession: Session, active_only: bool = False) -> list[Team]:
    query = select(Team).options(selectinload(Team.members)).order_by(Team.name)
    if active_only:
        query = query.where(Team.active.is_(True))
    return list(dbsession.scalars(query))


def _check_references(
    dbsession: Session, form: UserForm, actor: User, user: User | None = None
) -> tuple[Profile, Team | None]:
    profile = dbsession.get(Profile, form.profile_id)
    if profile is None:
        raise FieldProblem("profile_id", _("Choose one of the proposed values."))
    # Someone allowed to manage users is not thereby allowed to make admins.
    unchanged = user is not None and user.profile_id == profile.id
    if profile.code == "admin" and actor.profile.code != "admin" and not unchanged:
        raise FieldProblem(
            "profile_id", _("Only an administrator can give the admin profile.")
        )
    team = None
    if form.team_id is not None:
        team = dbsession.get(Team, form.team_id)
        if team is None:
            raise FieldProblem("team_id", _("Choose one of the proposed values."))
    return profile, team


def _check_email_free(dbsession: Session, email: str, user: User | None) -> None:
    other = auth.user_by_email(dbsession, email)
    if other is not None and other is not user:
        raise FieldProblem("email", _("Another user already has this e-mail address."))


def create_user(dbsession: Session, registry, form: UserForm, actor: User) -> User:
    """Create an account without a password: its owner sets one from a link."""
    _check_email_free(dbsession, form.email, None)
    profile, team = _check_references(dbsession, form, actor)
    user = auth.create_user(
        dbsession,
        registry,
        form.email,
        last_name=form.last_name,
        first_name=form.first_name,
        profile_code=profile.code,
        team=team,
    )
    user.timezone = form.timezone
    user.locale = form.locale
    user.active = form.active
    dbsession.flush()
    return user


def update_user(dbsession: Session, user: User, form: UserForm, actor: User) -> User:
    """Save the form over ``user`` unless it was changed since the form opened."""
    if form.version is None or form.version != user.version:
        raise Conflict()
    _check_email_free(dbsession, form.email, user)
    profile, team = _check_references(dbsession, form, actor, user)
    if user.id == actor.id and user.profile.code == "admin" and profile.code != "admin":
        raise FieldProblem("profile_id", _("You cannot remove your own admin profile."))
    if user.id == actor.id and not form.active:
        raise FieldProblem("active", _("You cannot deactivate your own account."))

    was_active = user.active
    user.email = form.email
    user.first_name = form.first_name
    user.last_name = form.last_name
    user.profile = profile
    user.team = team
    user.timezone = form.timezone
    user.locale = form.locale
    user.active = form.active
    if was_active and not form.active:
        _sign_out_everywhere(user)
    dbsession.flush()
    log.info("admin.user.updated user_id=%s actor_id=%s", user.id, actor.id)
    return user


def _sign_out_everywhere(user: User) -> None:
    user.session_version = (user.session_version or 0) + 1
    log.info("admin.user.deactivated user_id=%s", user.id)


def set_user_active(dbsession: Session, user: User, active: bool, actor: User) -> None:
    """Deactivate (signing the user out everywhere) or reactivate an account."""
    if not active and user.id == actor.id:
        raise FieldProblem("active", _("You cannot deactivate your own account."))
    if user.active and not active:
        _sign_out_everywhere(user)
    elif active and not user.active:
        log.info("admin.user.reactivated user_id=%s", user.id)
    user.active = active
    dbsession.flush()


def _check_team_name(dbsession: Session, name: str, team: Team | None) -> None:
    # Compared in Python: SQLite's lower() leaves accented capitals alone.
    wanted = name.casefold()
    others = dbsession.scalars(select(Team).where(Team.id != (team.id if team else -1)))
    if any(other.name.casefold() == wanted for other in others):
        raise FieldProblem("name", _("Another team already has this name."))


def create_team(dbsession: Session, form: TeamForm) -> Team:
    _check_team_name(dbsession, form.name, None)
    team = Team(name=form.name, active=True)
    dbsession.add(team)
    dbsession.flush()
    log.info("admin.team.created team_id=%s", team.id)
    return team


def rename_team(dbsession: Session, team: Team, form: TeamForm) -> Team:
    _check_team_name(dbsession, form.name, team)
    team.name = form.name
    dbsession.flush()
    log.info("admin.team.renamed team_id=%s", team.id)
    return team


def set_team_active(dbsession: Session, team: Team, active: bool) -> None:
    """Deactivating a team hides it from the choices; its members stay in it."""
    team.active = active
    dbsession.flush()
    log.info("admin.team.active team_id=%s active=%s", team.id, active)


@dataclass(frozen=True)
class RightsMatrix:
    """Every permission × every profile, as the admin page shows them."""

    permissions: list
    profiles: list[Profile]
    granted: dict[int, frozenset[str]]

    def holds(self, profile: Profile, permission: str) -> bool:
        return permission in self.granted[profile.id]


def rights_matrix(dbsession: Session, registry) -> RightsMatrix:
    catalogue = sorted(registry.relais_permissions.values(), key=lambda p: p.name)
    rows = profiles(dbsession)
    granted = {p.id: effective_permissions(dbsession, registry, p) for p in rows}
    return RightsMatrix(catalogue, rows, granted)


def set_grant(
    dbsession: Session, registry, profile: Profile, permission: str, granted: bool
) -> None:
    """Record an administrator's decision about one right of one profile.

    The admin profile holds every right by construction: changing it would
    let an administrator lock everyone out of this very page.
    """
    if profile.code == "admin":
        raise FieldProblem("profile", _("The admin profile holds every right."))
    if permission not in registry.relais_permissions:
        raise FieldProblem("permission", _("Unknown permission."))
    row = dbsession.scalar(
        select(ProfileGrant).where(
            ProfileGrant.profile_id == profile.id,
            ProfileGrant.permission == permission,
        )
    )
    if row is None:
        row = ProfileGrant(profile_id=profile.id, permission=permission)
        dbsession.add(row)
    row.granted = granted
    dbsession.flush()
    log.info(
        "admin.grant.set profile=%s permission=%s granted=%s",
        profile.code,
        permission,
        granted,
    )
