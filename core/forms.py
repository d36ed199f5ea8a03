"""Validation shared by HTML forms and the JSON API, with per-field messages.

Schemas are pydantic models. :func:`validate` returns the model or a mapping
of field name to a translated message, which forms show beside the field and
the API returns in a ``422`` body.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from core.i18n import _

M = TypeVar("M", bound=BaseModel)

# pydantic's English messages, replaced by ours for the common error types.
MESSAGES = {
    "missing": _("This field is required."),
    "string_too_short": _("This field is required."),
    "string_too_long": _("This text is too long."),
    "int_parsing": _("Enter a whole number."),
    "bool_parsing": _("Choose yes or no."),
    "decimal_parsing": _("Enter an amount, e.g. 1 234,56."),
    "date_from_datetime_parsing": _("Enter a date, e.g. 31/12/2026."),
    "date_parsing": _("Enter a date, e.g. 31/12/2026."),
    "literal_error": _("Choose one of the proposed values."),
    "enum": _("Choose one of the proposed values."),
    "greater_than_equal": _("This value is too small."),
    "less_than_equal": _("This value is too large."),
}


class FieldError(ValueError):
    """Raise from a validator with a translation string as the message."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def check_percent(value: int) -> int:
    """A percentage (a probability, a share) lies between 0 and 100."""
    if not 0 <= value <= 100:
        raise FieldError(_("Enter a percentage between 0 and 100."))
    return value


def _message(error: dict) -> Any:
    context = error.get("ctx") or {}
    cause = context.get("error")
    if isinstance(cause, FieldError):
        return cause.message
    return MESSAGES.get(error["type"], _("This value is not valid."))


def errors_by_field(exc: ValidationError) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or "__all__"
        errors.setdefault(field, _message(error))
    return errors


def clean_form(data: Mapping[str, Any]) -> dict[str, Any]:
    """Empty form fields mean "not given"; CSRF tokens are not data."""
    return {
        key: value
        for key, value in data.items()
        if key != "csrf_token" and not (isinstance(value, str) and value.strip() == "")
    }


def validate(schema: type[M], data: Mapping[str, Any]) -> tuple[M | None, dict]:
    try:
        return schema.model_validate(dict(data)), {}
    except ValidationError as exc:
        return None, errors_by_field(exc)
