"""Column types that keep money exact and instants unambiguous on every backend."""

from __future__ import annotations

import datetime as dt
import enum
import html
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import BigInteger, DateTime
from sqlalchemy.types import TypeDecorator

CENT = Decimal("0.01")


class Code(enum.StrEnum):
    """A fixed code stored or computed by the application.

    Templates insert a code as itself. Chameleon hands every value that is
    not exactly ``str`` to the translation function, so a member whose value
    is also an English message ("late", "won", "deleted") would otherwise come
    out in French inside a CSS class or a data attribute.
    """

    def __html__(self) -> str:
        return html.escape(self.value)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An instant, stored in UTC and always returned timezone-aware.

    SQLite has no time zone type: it gets naive UTC values. Naive input is
    refused, because nobody can tell which zone it was meant in.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give it a time zone")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Money(TypeDecorator[Decimal]):
    """An amount in euros, stored as whole cents so sums are exact everywhere.

    SQLite would store a NUMERIC as a float; cents in a BIGINT add up to the
    cent on both backends and ``SUM()`` stays in the database.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must be a Decimal, not a float")
        amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_EVEN)
        return int(amount * 100)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(CENT)
