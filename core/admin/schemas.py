"""What the user and team forms of the administration accept."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, StringConstraints

from core.auth.schemas import Email, Locale, Text, TimeZone

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]


class UserForm(BaseModel):
    email: Email
    first_name: ShortText = ""
    last_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)
    ]
    team_id: int | None = None
    profile_id: int
    timezone: TimeZone
    locale: Locale
    # An unticked checkbox sends nothing, so absence means "inactive".
    active: bool = False
    version: int | None = None


class TeamForm(BaseModel):
    name: Text
