"""The money rule of the pipe, in one place so every view shows the same cents.

* **Total** of an opportunity: the sum of its open lines; without any line
  (deleted ones aside) the amount typed on the opportunity.
* **Weighted** amount of an opportunity: its total times the probability of
  its status, rounded **once**, to the cent, half up (0,005 € → 0,01 €). The
  lines are never rounded one by one: three lines of 10,05 € at 50 % weigh
  15,08 €, not 3 × 5,03 €.
* **Sums** (a selection, a month, a status column, a report, an export) add
  up the opportunities' totals and weighted amounts as shown, so a column of
  figures always adds up to its total.
* A weighted amount spread over lines (reports by product and month) gives
  each line its share by the largest remainder, so the shares add up to the
  opportunity's weighted amount to the cent.

Everything is :class:`~decimal.Decimal`; a float raises.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from core.db.types import CENT

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def to_cent(value: Decimal) -> Decimal:
    """Round to the cent with the pipe's rule (half up)."""
    if isinstance(value, float):
        raise TypeError("money must be a Decimal, not a float")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def check_rate(rate: int) -> int:
    """A probability in percent, 0 to 100; anything else is a data error."""
    if not 0 <= rate <= 100:
        raise ValueError(f"probability {rate} % is outside 0-100")
    return rate


def weigh(total: Decimal, rate: int) -> Decimal:
    """``total`` times ``rate`` percent, rounded once."""
    return to_cent(Decimal(total) * check_rate(rate) / HUNDRED)


def split(total: Decimal, parts: int) -> list[Decimal]:
    """Share ``total`` in ``parts`` amounts that add up exactly.

    The cents left over go to the last parts: 1 000 € in three is
    333,33 + 333,33 + 333,34.
    """
    if parts < 1:
        raise ValueError("split into at least one part")
    cents = int(to_cent(total) * 100)
    base, extra = divmod(cents, parts)
    shares = [base + (1 if index >= parts - extra else 0) for index in range(parts)]
    return [Decimal(share) / 100 for share in shares]


def allocate(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Share ``total`` in proportion to ``weights`` (largest remainder)."""
    if not weights:
        return []
    cents = int(to_cent(total) * 100)
    whole = sum(weights, Decimal(0))
    if whole == 0:
        return [ZERO] * (len(weights) - 1) + [to_cent(total)]
    exact = [Decimal(cents) * weight / whole for weight in weights]
    floors = [int(value.to_integral_value(rounding=ROUND_DOWN)) for value in exact]
    left = cents - sum(floors)
    order = sorted(
        range(len(weights)), key=lambda i: (exact[i] - floors[i], i), reverse=True
    )
    for index in order[:left]:
        floors[index] += 1
    return [(Decimal(value) / 100).quantize(CENT) for value in floors]


def total_of(opportunity) -> Decimal:
    """The total of an opportunity (see the module's rule)."""
    if not opportunity.counted_lines:
        return to_cent(opportunity.amount or ZERO)
    return sum((line.amount for line in opportunity.open_lines), ZERO)


def weighted_of(opportunity) -> Decimal:
    return weigh(total_of(opportunity), opportunity.status.rate)


def undated_of(opportunity) -> Decimal:
    """The part of the total without a publication date ("amount without date")."""
    if not opportunity.counted_lines:
        return to_cent(opportunity.amount or ZERO)
    return sum(
        (line.amount for line in opportunity.open_lines if line.published_on is None),
        ZERO,
    )


def line_weights(opportunity) -> dict[int, Decimal]:
    """The weighted amount of the opportunity shared among its open lines."""
    lines = opportunity.open_lines
    shares = allocate(weighted_of(opportunity), [line.amount for line in lines])
    return {line.id: share for line, share in zip(lines, shares, strict=True)}


@dataclass(frozen=True)
class Figures:
    """The amounts of one opportunity as every view shows them."""

    total: Decimal
    weighted: Decimal
    undated: Decimal


def figures(opportunity) -> Figures:
    return Figures(
        total_of(opportunity), weighted_of(opportunity), undated_of(opportunity)
    )


@dataclass(frozen=True)
class Totals:
    """The sums of a set of opportunities: count, total, weighted."""

    count: int = 0
    total: Decimal = ZERO
    weighted: Decimal = ZERO
    undated: Decimal = ZERO

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.count + other.count,
            self.total + other.total,
            self.weighted + other.weighted,
            self.undated + other.undated,
        )


def totals(opportunities: Iterable) -> Totals:
    result = Totals()
    for opportunity in opportunities:
        numbers = figures(opportunity)
        result = result + Totals(1, numbers.total, numbers.weighted, numbers.undated)
    return result
