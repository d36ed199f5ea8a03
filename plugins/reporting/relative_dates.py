"""Relative dates in report filters: "today-2w", "start of month", "end of next month".

A filter saved as text keeps its meaning over time: the subscription that asks
for "start of month" gets the first day of the month it runs in. Expressions
are a base, then any number of offsets:

- bases: ``today``, ``yesterday``, ``tomorrow``, a date (``2026-03-31`` or
  ``31/03/2026``), or ``start of``/``end of`` followed by an optional
  ``last``/``previous``/``this``/``next`` and ``week``, ``month``, ``quarter``
  or ``year``;
- offsets: ``+3d``, ``-2w``, ``+1m``, ``-1y`` (days, weeks, months, years).
  Adding months keeps the day when it exists and otherwise takes the last day
  of the month, so "2026-01-31+1m" is 2026-02-28.

French words are accepted too ("aujourd'hui", "début du mois prochain", "fin
de l'année dernière", "+2s" for weeks, "+1a" for years).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

UNITS = ("week", "month", "quarter", "year")

# French words, reduced without accents, mapped to the English grammar.
_FRENCH = (
    (r"\baujourd'?hui\b", "today"),
    (r"\bhier\b", "yesterday"),
    (r"\bdemain\b", "tomorrow"),
    (r"\bdebut\b", "start"),
    (r"\bfin\b", "end"),
    (r"\bsemaine\b", "week"),
    (r"\bmois\b", "month"),
    (r"\btrimestre\b", "quarter"),
    (r"\bannee\b", "year"),
    (r"\b(?:prochaine?|suivante?)\b", "next"),
    (r"\b(?:derniere?|precedente?)\b", "last"),
    (r"\b(?:de la|du|de l'|de|l'|la|le|en cours)\b", " "),
)
_OFFSET = re.compile(r"([+-])\s*(\d+)\s*([a-z]*)")
_OFFSET_UNITS = {
    "": "d",
    "d": "d",
    "day": "d",
    "days": "d",
    "j": "d",
    "jour": "d",
    "jours": "d",
    "w": "w",
    "week": "w",
    "weeks": "w",
    "s": "w",
    "sem": "w",
    "m": "m",
    "month": "m",
    "months": "m",
    "mois": "m",
    "y": "y",
    "year": "y",
    "years": "y",
    "a": "y",
    "an": "y",
    "ans": "y",
}
_BOUND = re.compile(
    r"^(start|end)\s+(?:of\s+)?(?:the\s+)?(?:(last|previous|this|current|next)\s+)?"
    r"(week|month|quarter|year)(?:\s+(last|previous|this|current|next))?$"
)


class RelativeDateError(ValueError):
    """The text is neither a date nor a relative date we can read."""


def _normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.strip().lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.replace("\u2019", "'")
    for pattern, replacement in _FRENCH:
        folded = re.sub(pattern, replacement, folded)
    return re.sub(r"\s+", " ", folded).strip()


def add_months(day: dt.date, months: int) -> dt.date:
    """Move by whole months, clamping to the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def _period(day: dt.date, unit: str, shift: int) -> tuple[dt.date, dt.date]:
    """First and last day of the ``unit`` holding ``day``, moved by ``shift``."""
    if unit == "week":
        start = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=shift)
        return start, start + dt.timedelta(days=6)
    months = {"month": 1, "quarter": 3, "year": 12}[unit]
    first_month = (day.month - 1) // months * months + 1
    start = add_months(day.replace(month=first_month, day=1), shift * months)
    return start, add_months(start, months) - dt.timedelta(days=1)


def _base(text: str, today: dt.date) -> dt.date:
    simple = {"today": 0, "yesterday": -1, "tomorrow": 1, "now": 0}
    if text in simple:
        return today + dt.timedelta(days=simple[text])
    match = _BOUND.match(text)
    if match:
        # French puts the "next" after the unit: "fin du mois prochain".
        edge, before, unit, after = match.groups()
        which = before or after or ""
        shift = {"last": -1, "previous": -1, "next": 1}.get(which, 0)
        start, end = _period(today, unit, shift)
        return start if edge == "start" else end
    for form in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise RelativeDateError(text)


def resolve(text: str, today: dt.date) -> dt.date:
    """The date ``text`` means on ``today`` (the user's local date).

    Raises :class:`RelativeDateError` when the text cannot be read.
    """
    normal = _normalise(text)
    if not normal:
        raise RelativeDateError(text)
    # Offsets follow the base; a date written with dashes is not an offset.
    match = re.match(r"^(\d{4}-\d{2}-\d{2}|[^+-]*)(.*)$", normal)
    base_text, offsets = match.group(1).strip(), match.group(2)
    try:
        return _shift(_base(base_text or "today", today), offsets, text)
    except RelativeDateError:
        raise
    except (OverflowError, ValueError) as exc:
        # "today+9999y" runs past the calendar: unreadable, not a crash.
        raise RelativeDateError(text) from exc


def _shift(day: dt.date, offsets: str, text: str) -> dt.date:
    position = 0
    for found in _OFFSET.finditer(offsets):
        if offsets[position : found.start()].strip():
            raise RelativeDateError(text)
        sign, amount, unit = found.groups()
        if unit not in _OFFSET_UNITS:
            raise RelativeDateError(text)
        count = int(amount) * (1 if sign == "+" else -1)
        kind = _OFFSET_UNITS[unit]
        if kind == "d":
            day += dt.timedelta(days=count)
        elif kind == "w":
            day += dt.timedelta(weeks=count)
        else:
            day = add_months(day, count * (12 if kind == "y" else 1))
        position = found.end()
    if offsets[position:].strip():
        raise RelativeDateError(text)
    return day


def is_valid(text: str) -> bool:
    try:
        resolve(text, dt.date(2000, 1, 1))
    except RelativeDateError:
        return False
    return True
