"""What the opportunity and line forms accept, field by field.

Amounts are typed the French way (``1 234,56``) or with a dot; they are read
as :class:`~decimal.Decimal` and refused when negative or finer than a cent.
Whether a company, a product or a status exists is checked in the services.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    StringConstraints,
)

from core.forms import Day, FieldError, RecordId
from core.i18n import _

MAX_AMOUNT = Decimal("999999999.99")
MAX_COPIES = 60
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_amount(value) -> Decimal:
    """Read ``1 234,56``, ``1234.56`` or ``1 234,56 €`` as a Decimal."""
    if isinstance(value, float):
        raise FieldError(_("Enter an amount, e.g. 1 234,56."))
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
    else:
        text = _SPACES.sub("", str(value)).removesuffix("€").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise FieldError(_("Enter an amount, e.g. 1 234,56.")) from exc
    if not amount.is_finite():
        raise FieldError(_("Enter an amount, e.g. 1 234,56."))
    if amount < 0:
        raise FieldError(_("An amount cannot be negative."))
    if amount > MAX_AMOUNT:
        raise FieldError(_("This amount is too large."))
    if amount != amount.quantize(Decimal("0.01")):
        raise FieldError(_("An amount has at most two decimals (cents)."))
    return amount.quantize(Decimal("0.01"))


Amount = Annotated[Decimal, BeforeValidator(parse_amount)]


def _text(max_length: int, required: bool = False):
    return StringConstraints(
        strip_whitespace=True, min_length=1 if required else 0, max_length=max_length
    )


def _no_control(value: str) -> str:
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", value):
        raise FieldError(_("This text holds characters that are not allowed."))
    return value


Title = Annotated[str, _text(200, required=True), AfterValidator(_no_control)]
Comment = Annotated[str, _text(2000), AfterValidator(_no_control)]


class OpportunityForm(BaseModel):
    title: Title
    company: Annotated[str, _text(220, required=True)]
    client: Annotated[str, _text(220)] | None = None
    contact_id: RecordId | None = None
    owner_id: RecordId | None = None
    private: bool = False
    amount: Amount | None = None
    decision_on: Day | None = None
    campaign_on: Day | None = None
    status_id: RecordId
    action_id: RecordId | None = None


class LineForm(BaseModel):
    # Validated even when absent, so a missing product reads "Choose a product."
    product_id: Annotated[int, BeforeValidator(lambda v: _required_choice(v))] = Field(
        None, validate_default=True
    )
    amount: Amount
    published_on: Day | None = None
    comment: Comment | None = None


def _required_choice(value):
    if value in (None, ""):
        raise FieldError(_("Choose a product."))
    return value


class TabLineForm(LineForm):
    """A line as the action's opportunity tab posts it; ``id`` when it exists."""

    id: int | None = None


class ActionTabForm(BaseModel):
    """The opportunity tab of the action form; every field may stay empty.

    ``id`` names the opportunity of the action being changed. The company
    defaults to that of the action's first contact, the status to the first
    one above 0 %; the services check that a title is given. ``new`` is the
    explicit choice of another opportunity when the action's one is closed.
    """

    id: int | None = None
    new: bool = False
    title: Title | None = None
    company: Annotated[str, _text(220)] | None = None
    client: Annotated[str, _text(220)] | None = None
    amount: Amount | None = None
    decision_on: Day | None = None
    campaign_on: Day | None = None
    status_id: RecordId | None = None
    lines: Annotated[list[TabLineForm], Field(max_length=MAX_COPIES)] = []


class DuplicateForm(BaseModel):
    """Copy a line ``copies`` times, each ``every`` ``unit`` after the previous."""

    copies: Annotated[int, Field(ge=1, le=MAX_COPIES)]
    every: Annotated[int, Field(ge=1, le=366)] = 1
    unit: Literal["days", "weeks", "months"] = "months"
    split: bool = False


class ArchiveForm(BaseModel):
    archive: Literal["won", "lost", "deleted"]


class CloseForm(BaseModel):
    outcome: Literal["won", "lost"]
