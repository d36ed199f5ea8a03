"""Relative dates in filters, around month ends, year ends and DST changes."""

from __future__ import annotations

import datetime as dt

import pytest

from plugins.reporting.filters import day_after, day_start, local_today
from plugins.reporting.relative_dates import RelativeDateError, resolve

D = dt.date


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("today", D(2026, 3, 31), D(2026, 3, 31)),
        ("today-2w", D(2026, 3, 10), D(2026, 2, 24)),
        ("today+1m", D(2026, 1, 31), D(2026, 2, 28)),
        ("today+1m", D(2028, 1, 31), D(2028, 2, 29)),
        ("today-1m", D(2026, 3, 31), D(2026, 2, 28)),
        ("today+1y", D(2028, 2, 29), D(2029, 2, 28)),
        ("start of month", D(2026, 3, 31), D(2026, 3, 1)),
        ("end of month", D(2026, 2, 1), D(2026, 2, 28)),
        ("end of next month", D(2026, 1, 31), D(2026, 2, 28)),
        ("end of next month", D(2026, 12, 15), D(2027, 1, 31)),
        ("start of last month", D(2026, 1, 1), D(2025, 12, 1)),
        ("end of last month", D(2026, 3, 1), D(2026, 2, 28)),
        ("start of week", D(2026, 3, 29), D(2026, 3, 23)),
        ("end of week", D(2026, 3, 23), D(2026, 3, 29)),
        ("start of next quarter", D(2026, 11, 30), D(2027, 1, 1)),
        ("end of year", D(2026, 6, 1), D(2026, 12, 31)),
        ("start of month-1d", D(2026, 3, 15), D(2026, 2, 28)),
        ("yesterday", D(2026, 3, 1), D(2026, 2, 28)),
        ("31/12/2026", D(2026, 1, 1), D(2026, 12, 31)),
        ("2026-01-31+1m", D(2000, 1, 1), D(2026, 2, 28)),
        ("aujourd'hui-2s", D(2026, 3, 10), D(2026, 2, 24)),
        ("début du mois", D(2026, 3, 31), D(2026, 3, 1)),
        ("fin du mois prochain", D(2026, 1, 31), D(2026, 2, 28)),
        ("  Start of Month  ", D(2026, 3, 31), D(2026, 3, 1)),
    ],
)
def test_relative_dates(text, today, expected):
    assert resolve(text, today) == expected


@pytest.mark.parametrize(
    "text", ["", "soon", "today+", "today*2", "start of decade", "2026-13-01", "+3q"]
)
def test_unreadable_dates_are_refused(text):
    with pytest.raises(RelativeDateError):
        resolve(text, D(2026, 3, 1))


def test_today_is_the_users_local_day():
    # 23:30 UTC on 31 March is already 1 April in Paris (summer time).
    now = dt.datetime(2026, 3, 31, 22, 30, tzinfo=dt.UTC)
    assert local_today("Europe/Paris", now) == D(2026, 4, 1)
    assert resolve("start of month", local_today("Europe/Paris", now)) == D(2026, 4, 1)
    assert local_today("UTC", now) == D(2026, 3, 31)


def test_local_days_are_23_or_25_hours_long_on_dst_changes():
    spring = D(2026, 3, 29)
    assert day_start(spring, "Europe/Paris") == dt.datetime(
        2026, 3, 28, 23, 0, tzinfo=dt.UTC
    )
    assert day_after(spring, "Europe/Paris") - day_start(
        spring, "Europe/Paris"
    ) == dt.timedelta(hours=23)
    autumn = D(2026, 10, 25)
    assert day_after(autumn, "Europe/Paris") - day_start(
        autumn, "Europe/Paris"
    ) == dt.timedelta(hours=25)
