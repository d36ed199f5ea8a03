"""Field types every API schema uses, so that the wire format is the same everywhere.

* ids are positive and fit a 32-bit integer column: a larger number could not
  name a row and would overflow the database driver;
* texts are stripped and refused when they hold control characters or lone
  surrogates, which PostgreSQL cannot store;
* money is a decimal serialised as a string (``"1234.50"``), never a float;
* instants are ISO 8601 with an explicit offset (``+00:00``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated

from pydantic import (
    AfterValidator,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

from core.db.types import CENT
from core.forms import MAX_ID, FieldError
from core.i18n import _

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def check_text(value: str) -> str:
    """Refuse what the database cannot store or a person cannot type."""
    if _CONTROL.search(value):
        raise FieldError(_("This text holds characters that are not allowed."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise FieldError(_("This text holds characters that are not allowed.")) from exc
    return value


def text(max_length: int, min_length: int = 0):
    """A stripped, storable text of at most ``max_length`` characters."""
    constraints = StringConstraints(
        strip_whitespace=True, min_length=min_length or None, max_length=max_length
    )
    return Annotated[str, constraints, AfterValidator(check_text)]


def _money_string(value: Decimal) -> str:
    return str(value.quantize(CENT))


Money = Annotated[
    Decimal,
    PlainSerializer(_money_string, return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "examples": ["1234.50"]},
        mode="serialization",
    ),
]


def _instant_string(value: dt.datetime) -> str:
    return value.isoformat()


Instant = Annotated[
    dt.datetime,
    PlainSerializer(_instant_string, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "examples": ["2026-03-31T09:30:00+00:00"],
        },
        mode="serialization",
    ),
]


def _blank_is_null(value: str) -> str | None:
    return value or None


def optional_text(max_length: int):
    """A text that may be null; an empty or blank one is stored as null."""
    return Annotated[text(max_length), AfterValidator(_blank_is_null)] | None


Code = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60),
    AfterValidator(check_text),
    Field(description="The `code` of a row of a reference list."),
]
