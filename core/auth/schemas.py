"""What the account forms accept."""

from __future__ import annotations

import re
from typing import Annotated

from email_validator import EmailNotValidError
from email_validator import validate_email as _check_email
from pydantic import (
    AfterValidator,
    BaseModel,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from core.auth.passwords import weakness
from core.forms import FieldError
from core.i18n import LOCALES, _
from core.settings import as_timezone


def check_email(value: str) -> str:
    try:
        # Deliverability needs DNS, which says nothing about a colleague's inbox.
        result = _check_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise FieldError(_("Enter a valid e-mail address.")) from exc
    return result.normalized.lower()


_ADDRESS_SHAPE = re.compile(r"[^@\s]+@[^@\s]+")


def check_address_shape(value: str) -> str:
    """Accept anything shaped like an address, for looking an account up.

    The stricter :func:`check_email` refuses domains such as ``corp.local``
    that some companies really use; someone whose account has one must still
    be able to ask for a new password.
    """
    if not _ADDRESS_SHAPE.fullmatch(value):
        raise FieldError(_("Enter a valid e-mail address."))
    return value.lower()


def check_timezone(value: str) -> str:
    try:
        return as_timezone(value)
    except ValueError as exc:
        raise FieldError(_("Unknown time zone.")) from exc


def check_locale(value: str) -> str:
    if value not in LOCALES:
        raise FieldError(_("Choose one of the proposed values."))
    return value


Email = Annotated[
    str, StringConstraints(strip_whitespace=True), AfterValidator(check_email)
]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)
]
TimeZone = Annotated[str, AfterValidator(check_timezone)]
Locale = Annotated[str, AfterValidator(check_locale)]


class SignIn(BaseModel):
    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    password: Annotated[str, StringConstraints(min_length=1)]


class ForgotPassword(BaseModel):
    email: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1),
        AfterValidator(check_address_shape),
    ]


def check_strength(value: str) -> str:
    problem = weakness(value)
    if problem:
        raise FieldError(problem)
    return value


class NewPassword(BaseModel):
    password: Annotated[str, AfterValidator(check_strength)]
    confirm: str

    @field_validator("confirm")
    @classmethod
    def _confirmed(cls, value: str, info: ValidationInfo) -> str:
        if "password" in info.data and value != info.data["password"]:
            raise FieldError(_("The two passwords differ."))
        return value


class Preferences(BaseModel):
    first_name: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=80)
    ] = ""
    last_name: Text
    timezone: TimeZone
    locale: Locale


class TokenName(BaseModel):
    name: Text
