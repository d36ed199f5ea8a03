"""What the action form and the follow-up buttons accept, field by field.

Times arrive as wall-clock values typed in the user's zone (``datetime-local``
inputs, or ``31/12/2026 14:30``); the views turn them into UTC instants with
the user's zone, so the schemas keep them naive.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, StringConstraints

from core.forms import FieldError, RecordId, check_plausible
from core.i18n import _

_FORMATS = (
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d",
)


def parse_wall_clock(value):
    """Read a date and time as typed; refuse anything else with a message.

    Years outside the plausible range are refused too: the zone conversion
    of 31/12/9999 23:59 would overflow, and such a date is a slip anyway.
    """
    if isinstance(value, dt.datetime):
        return check_plausible(value)
    if not isinstance(value, str):
        raise FieldError(_("Enter a date and time, e.g. 31/12/2026 14:30."))
    text = value.strip()
    for pattern in _FORMATS:
        try:
            moment = dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
        return check_plausible(moment)
    raise FieldError(_("Enter a date and time, e.g. 31/12/2026 14:30."))


WallClock = Annotated[dt.datetime, BeforeValidator(parse_wall_clock)]
Subject = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)
]


class ActionForm(BaseModel):
    type: RecordId
    subject: Subject
    start: WallClock
    end: WallClock | None = None
    follow_up: WallClock | None = None
    no_follow_up: bool = False
    contacts: list[RecordId] = []
    visitors: list[RecordId] = []
    report_html: Annotated[str, StringConstraints(max_length=100_000)] | None = None
    budget: RecordId | None = None
    invite: bool = False


class PostponeForm(BaseModel):
    follow_up: WallClock
