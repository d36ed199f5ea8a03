"""The subscription form, validated with a message beside each field."""

from __future__ import annotations

import datetime as dt
import re

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, Field, field_validator

from core.forms import FieldError
from core.i18n import _
from plugins.reporting.outputs import FORMATS
from plugins.reporting.schedule import FREQUENCIES, MONTHLY, WEEKLY, Frequency


class SubscriptionForm(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    include_table: bool = False
    include_filters: bool = False
    output: str
    frequency: str
    time: str = "08:00"
    weekday: int | None = Field(default=None, ge=0, le=6)
    monthday: int | None = Field(default=None, ge=1, le=31)
    recipient_ids: list[int] = []
    addresses: str = ""

    @field_validator("output")
    @classmethod
    def _known_output(cls, value: str) -> str:
        if value not in FORMATS:
            raise FieldError(_("Choose one of the proposed values."))
        return value

    @field_validator("frequency")
    @classmethod
    def _known_frequency(cls, value: str) -> str:
        if value not in FREQUENCIES:
            raise FieldError(_("Choose one of the proposed values."))
        return value

    @field_validator("time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        match = re.fullmatch(r"(\d{1,2})[:h](\d{2})", value.strip())
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise FieldError(_("Enter a time such as 08:00."))
        return f"{int(match[1]):02d}:{match[2]}"

    @field_validator("addresses")
    @classmethod
    def _addresses(cls, value: str) -> str:
        found = [part for part in re.split(r"[\s,;]+", value) if part]
        for address in found:
            try:
                validate_email(address, check_deliverability=False)
            except EmailNotValidError as exc:
                raise FieldError(
                    _(
                        "${address} is not an e-mail address.",
                        mapping={"address": address},
                    )
                ) from exc
        return "\n".join(found)

    @property
    def address_list(self) -> list[str]:
        return [a for a in self.addresses.split("\n") if a]

    @property
    def clock(self) -> dt.time:
        hour, minute = self.time.split(":")
        return dt.time(int(hour), int(minute))

    def schedule(self) -> Frequency:
        return Frequency(
            self.frequency,
            self.clock,
            self.weekday if self.frequency == WEEKLY else None,
            self.monthday if self.frequency == MONTHLY else None,
        )


def missing(data: dict) -> dict:
    """What the chosen frequency and contents still need, by field.

    Read from the posted data, so the messages show even when other fields
    are refused too.
    """
    errors = {}
    if data.get("frequency") == WEEKLY and not data.get("weekday"):
        errors["weekday"] = _("Choose the day of the week.")
    if data.get("frequency") == MONTHLY and not data.get("monthday"):
        errors["monthday"] = _("Choose the day of the month.")
    if not data.get("include_table") and not data.get("include_filters"):
        errors["include_table"] = _("Include the table, the filters or both.")
    return errors
