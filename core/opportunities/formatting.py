"""Amounts and dates as a person reads them, in their language.

French formats use a narrow no-break space (U+202F) between thousands and a
no-break space (U+00A0) before the euro sign: ``70 000,00 €``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def babel_locale(request) -> str:
    return LOCALES.get(request.locale_name, "fr_FR")


def euros(amount: Decimal | None, locale: str = "fr_FR") -> str:
    """``70 000,00 €`` (French) or ``€70,000.00`` (English); empty for None."""
    if amount is None:
        return ""
    return format_currency(amount, "EUR", locale=locale)


def percent(rate: int, locale: str = "fr_FR") -> str:
    return format_decimal(rate, locale=locale) + "\u00a0%"


def month_title(day: dt.date, locale: str = "fr_FR") -> str:
    """``décembre 2026``."""
    return format_date(day, "LLLL yyyy", locale=locale)


class Formatter:
    """The formatting helpers a pipe template receives as ``fmt``."""

    def __init__(self, request):
        self.locale = babel_locale(request)

    def euros(self, amount: Decimal | None) -> str:
        return euros(amount, self.locale)

    def percent(self, rate: int) -> str:
        return percent(rate, self.locale)

    def month(self, day: dt.date) -> str:
        return month_title(day, self.locale)

    def date(self, day: dt.date | None) -> str:
        return day.strftime("%d/%m/%Y") if day else ""
