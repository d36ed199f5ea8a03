"""Validation shared by HTML forms and the JSON API, with per-field messages.

Schemas are pydantic models. :func:`validate` returns the model or a mapping
of field name to a translated message, which forms show beside the field and
the API returns in a ``422`` body.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ValidationError

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


# Record ids fit a 32-bit integer column: a larger number names no row, and
# handing it to the database driver overflows (OverflowError, out of range).
MAX_ID = 2**31 - 1

# Dates a salesperson can mean. Beyond them Python, the database or a
# spreadsheet cannot represent the value, or a slip of the keyboard is likely.
FIRST_YEAR = 1900
LAST_YEAR = 2200

_DIGITS = re.compile(r"\d{1,12}")
# A "<" that opens a tag, a comment or a declaration; "<3" or "a < b" are fine.
_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")


def parse_id(value: Any) -> int | None:
    """A record id read from a URL, query string or form; ``None`` if it is not one.

    Every place that turns request text into an id goes through here, so a
    number too large for the database is treated like any other unknown id.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def parse_ids(values: Iterable[Any]) -> list[int]:
    """The valid ids among ``values``, in order, without repeats."""
    found: dict[int, None] = {}
    for value in values:
        number = parse_id(value)
        if number is not None:
            found[number] = None
    return list(found)


def get_by_id(session, model, value: Any):
    """The row of ``model`` that request text ``value`` names, or ``None``."""
    ident = parse_id(value)
    return session.get(model, ident) if ident is not None else None


def check_id(value: int) -> int:
    if not 1 <= value <= MAX_ID:
        raise FieldError(_("Choose one of the proposed values."))
    return value


RecordId = Annotated[int, AfterValidator(check_id)]


def check_plausible(value):
    """Refuse a date or instant outside the years a person can mean."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise FieldError(_("Enter a date between 1900 and 2200."))
    return value


Day = Annotated[dt.date, AfterValidator(check_plausible)]
Moment = Annotated[dt.datetime, AfterValidator(check_plausible)]


def parse_day(text: str) -> dt.date:
    """A date typed as 2026-12-31 or 31/12/2026, within the plausible years.

    Raises :class:`FieldError` with the message to show beside the field.
    """
    text = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return check_plausible(day)
    raise FieldError(_("Enter a date, e.g. 31/12/2026."))


def read_day(params: Mapping[str, Any], name: str, errors: dict, default=None):
    """The date in query or form parameter ``name``; a bad one notes a message.

    An empty parameter gives ``default``; so does a refused one, after its
    message is put in ``errors`` under ``name`` for the page to show.
    """
    text = (params.get(name) or "").strip()
    if not text:
        return default
    try:
        return parse_day(text)
    except FieldError as exc:
        errors[name] = exc.message
        return default


def check_period(start, end) -> None:
    """A period whose end comes before its start is a typing mistake."""
    if start is not None and end is not None and end < start:
        raise FieldError(_("The end must not come before the start."))


def no_markup(value: str) -> str:
    """Names are plain text everywhere: a tag is refused, not escaped later."""
    if value and _MARKUP.search(value):
        raise FieldError(_("Names cannot contain HTML tags (< followed by a letter)."))
    return value


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
