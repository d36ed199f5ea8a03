"""What the ``users`` resource reads and accepts."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from core.api.schemas import Filters, Patch, Resource
from core.api.types import Id, Instant, text
from core.auth.permissions import PROFILES
from core.auth.schemas import TimeZone
from core.i18n import LOCALES

ProfileCode = Literal[PROFILES]
Locale = Literal[LOCALES]
Zone = Annotated[TimeZone, Field(description="An IANA time zone: Europe/Paris.")]


class TeamRef(Resource):
    id: int
    name: str


class UserOut(Resource):
    id: int
    email: str
    first_name: str
    last_name: str
    display_name: str
    team: TeamRef | None
    profile: ProfileCode
    active: bool
    timezone: str
    locale: str
    created_at: Instant
    last_login_at: Instant | None
    version: int

    @classmethod
    def of(cls, user) -> UserOut:
        return cls(
            id=user.id,
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            display_name=user.display_name,
            team=TeamRef.of(user.team) if user.team is not None else None,
            profile=user.profile.code,
            active=user.active,
            timezone=user.timezone,
            locale=user.locale,
            created_at=user.created_at,
            last_login_at=user.last_login_at,
            version=user.version,
        )


class UserFilters(Filters):
    active: bool | None = None
    team_id: Id | None = None
    profile: ProfileCode | None = None
    q: text(100, min_length=1) | None = None


class UserPatch(Patch):
    first_name: text(80) = None
    last_name: text(80, min_length=1) = None
    team_id: Id | None = None
    profile: ProfileCode = None
    active: bool = None
    timezone: Zone = None
    locale: Locale = None
