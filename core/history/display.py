"""Recorded values as the reader sees them: in their time zone and language.

The recorder stores each value once, in a form that does not depend on who
reads it (instants in UTC, booleans as a box), so the same change reads right
for a user in Paris and one in Montréal, in French or in English.
"""

from __future__ import annotations

import datetime as dt

from core.i18n import _

INSTANT_FORMAT = "%Y-%m-%d %H:%M UTC"
# The sheets' format for a day (see ``PageHelpers.date``).
DAY_FORMAT = "%d/%m/%Y"
BOOLEANS = {"☑": _("Yes"), "☐": _("No")}


def shown_value(request, helpers, text: str | None) -> str | None:
    """``text`` as recorded, turned into the reader's date format or words."""
    if text in BOOLEANS:
        return request.localizer.translate(BOOLEANS[text])
    instant = _instant(text)
    if instant is not None:
        return helpers.datetime(instant)
    day = _day(text)
    if day is not None:
        return day.strftime(DAY_FORMAT)
    return text


def _instant(text: str | None) -> dt.datetime | None:
    if not text or not text.endswith(" UTC"):
        return None
    try:
        parsed = dt.datetime.strptime(text, INSTANT_FORMAT)
    except ValueError:
        return None
    return parsed.replace(tzinfo=dt.UTC)


def _day(text: str | None) -> dt.date | None:
    if not text or len(text) != len("2026-03-01"):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
