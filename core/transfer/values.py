"""Read the values of imported cells the way a French spreadsheet writes them."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

# Thousands separators Excel and LibreOffice write in French: space, no-break
# space, narrow no-break space, and the dot some people type.
_GROUPING = re.compile(r"[\s\u00a0\u202f]")
_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_number(text: str) -> Decimal:
    """``1 234,56`` → ``Decimal("1234.56")``; raise ``ValueError`` otherwise."""
    value = _GROUPING.sub("", str(text)).replace("€", "")
    if value.count(",") == 1:
        value = value.replace(".", "").replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc
    if not number.is_finite():
        raise ValueError(f"not a number: {text!r}")
    return number


def parse_date(value) -> dt.date:
    """``30/03/2026`` (day first) or ``2026-03-30``; raise ``ValueError``.

    An impossible day such as 31/02/2026 raises too, with the value in the
    message so the row error names it.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        if year < 100:
            year += 2000 if year < 70 else 1900
    else:
        match = _ISO_DATE.match(text)
        if not match:
            raise ValueError(f"not a date: {text}")
        year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"impossible date: {text}") from exc


def cell_text(value) -> str:
    """A cell as text; XLSX numbers lose no digit and dates read French."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


CIVILITIES = {
    "m": "M.",
    "mr": "M.",
    "monsieur": "M.",
    "mme": "Mme",
    "mrs": "Mme",
    "ms": "Mme",
    "madame": "Mme",
    "mlle": "Mme",
    "miss": "Mme",
    "mademoiselle": "Mme",
}


def civility(text: str) -> str:
    """``Mr.`` → ``M.``, ``Madame`` → ``Mme``; ``""`` when it says neither."""
    return CIVILITIES.get(text.strip().rstrip(".").lower(), "")


def postcode(text: str, country: str = "FR") -> str:
    """Keep the leading zero that a spreadsheet's number format dropped."""
    value = text.strip()
    if country == "FR" and value.isdigit() and len(value) == 4:
        return "0" + value
    return value
