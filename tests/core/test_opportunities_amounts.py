"""The money rule of the pipe: totals, weighting and sharing to the cent."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from core.opportunities import amounts
from core.opportunities.services.lines import add_interval


def line(amount, archived=None, published_on=None):
    return SimpleNamespace(
        amount=Decimal(amount), archived=archived, published_on=published_on
    )


def opportunity(lines=(), amount=None, rate=50):
    lines = list(lines)
    return SimpleNamespace(
        amount=None if amount is None else Decimal(amount),
        status=SimpleNamespace(rate=rate),
        counted_lines=[x for x in lines if x.archived != "deleted"],
        open_lines=[x for x in lines if x.archived is None],
    )


def test_without_lines_the_typed_amount_counts():
    assert amounts.total_of(opportunity(amount="70000")) == Decimal("70000.00")
    assert amounts.weighted_of(opportunity(amount="70000", rate=75)) == Decimal(
        "52500.00"
    )


def test_with_lines_only_the_open_lines_count():
    record = opportunity(
        [line("100"), line("250.50", "won"), line("30", "lost"), line("1.25")],
        amount="99999",
    )
    assert amounts.total_of(record) == Decimal("101.25")


def test_deleted_lines_alone_bring_back_the_typed_amount():
    record = opportunity([line("100", "deleted")], amount="500")
    assert amounts.total_of(record) == Decimal("500.00")


def test_weighting_rounds_once_half_up():
    # 30,15 € at 50 % is 15,075 €: rounded once it is 15,08 €, where rounding
    # each line (5,025 → 5,03) would give 15,09 €.
    record = opportunity([line("10.05")] * 3, rate=50)
    assert amounts.weighted_of(record) == Decimal("15.08")


@pytest.mark.parametrize(
    ("rate", "expected"),
    [(33, "3333.33"), (17, "1717.17"), (99, "10000.00"), (1, "101.01"), (0, "0.00")],
)
def test_odd_percentages_weigh_to_the_cent(rate, expected):
    record = opportunity([line("3367.00"), line("6734.01")], rate=rate)
    exact = Decimal("10101.01") * rate / 100
    assert amounts.weighted_of(record) == Decimal(expected)
    assert abs(amounts.weighted_of(record) - exact) <= Decimal("0.005")


def test_many_lines_add_up_exactly():
    lines = [line(f"{n}.{n % 100:02d}") for n in range(1, 501)]
    record = opportunity(lines, rate=37)
    total = sum((x.amount for x in lines), Decimal(0))
    assert amounts.total_of(record) == total
    assert amounts.weighted_of(record) == (total * 37 / 100).quantize(
        Decimal("0.01"), rounding="ROUND_HALF_UP"
    )


def test_undated_amount_is_the_open_lines_without_publication_date():
    record = opportunity(
        [line("100"), line("40", published_on=dt.date(2026, 3, 1)), line("7", "won")]
    )
    assert amounts.undated_of(record) == Decimal("100")


def test_split_gives_the_leftover_cents_to_the_last_parts():
    assert amounts.split(Decimal("1000"), 3) == [
        Decimal("333.33"),
        Decimal("333.33"),
        Decimal("333.34"),
    ]
    assert sum(amounts.split(Decimal("0.05"), 4)) == Decimal("0.05")


def test_line_shares_of_the_weighted_amount_add_up_to_it():
    shares = amounts.allocate(Decimal("15.08"), [Decimal("10.05")] * 3)
    assert sum(shares) == Decimal("15.08")
    assert sorted(shares) == [Decimal("5.02"), Decimal("5.03"), Decimal("5.03")]


def test_a_float_is_refused():
    with pytest.raises(TypeError):
        amounts.to_cent(0.1)


def test_a_probability_over_100_is_refused():
    with pytest.raises(ValueError, match="outside 0-100"):
        amounts.weigh(Decimal("100"), 120)


@pytest.mark.parametrize(
    ("start", "count", "unit", "expected"),
    [
        (dt.date(2026, 1, 31), 1, "months", dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, "months", dt.date(2028, 2, 29)),
        (dt.date(2026, 1, 31), 2, "months", dt.date(2026, 3, 31)),
        (dt.date(2026, 8, 31), 1, "months", dt.date(2026, 9, 30)),
        (dt.date(2026, 12, 15), 1, "months", dt.date(2027, 1, 15)),
        (dt.date(2026, 12, 29), 1, "weeks", dt.date(2027, 1, 5)),
        (dt.date(2026, 2, 27), 3, "days", dt.date(2026, 3, 2)),
    ],
)
def test_intervals_clamp_month_ends(start, count, unit, expected):
    assert add_interval(start, count, unit) == expected
