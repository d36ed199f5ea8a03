"""French formats for report cells: money, dates, yes and no.

Reports are read and forwarded in France whatever the interface language, so
amounts are written the French way (``7 500,00 €``, with the narrow no-break
space Babel's French locale uses for thousands).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal

from core.i18n import _


def money(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format_decimal(value, format="#,##0.00", locale="fr_FR") + "\u00a0€"


def integer(value: int | None) -> str:
    if value is None:
        return ""
    return format_decimal(value, format="#,##0", locale="fr_FR")


def day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def instant(value: dt.datetime | None, zone: str) -> str:
    if value is None:
        return ""
    return value.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%d/%m/%Y %H:%M")


def cell(value: Any, kind: str, zone: str, translate=str) -> str:
    """The text of one cell as the page and the PDF show it."""
    if value is None:
        return ""
    if kind == "money":
        return money(value)
    if kind == "integer":
        return integer(value)
    if kind == "datetime":
        return instant(value, zone)
    if kind == "date":
        return day(value)
    if kind == "bool":
        return translate(_("yes") if value else _("no"))
    return translate(value) if not isinstance(value, str) else value
