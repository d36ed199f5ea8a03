"""What the user and team forms of the administration accept."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, StringConstraints

from core.auth.schemas import Email, Locale, Text, TimeZone
from core.forms import RecordId, no_markup

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]


class UserForm(BaseModel):
    email: Email
    first_name: Annotated[ShortText, AfterValidator(no_markup)] = ""
    last_name: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
        AfterValidator(no_markup),
    ]
    team_id: RecordId | None = None
    profile_id: RecordId
    timezone: TimeZone
    locale: Locale
    # An unticked checkbox sends nothing, so absence means "inactive".
    active: bool = False
    version: int | None = None


class TeamForm(BaseModel):
    name: Text
