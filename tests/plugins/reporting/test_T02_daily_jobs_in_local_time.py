"""T-02: "every day at 08:00" for a Paris user follows the wall clock.

Sent at 07:00 UTC in winter and 06:00 UTC in summer; on the autumn change
it is sent once, neither twice nor skipped. The schedule is tested alone,
then through the worker's sweep with real mail.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from plugins.reporting.models import Delivery, Subscription
from plugins.reporting.schedule import DAILY, MONTHLY, WEEKLY, Frequency, next_run
from plugins.reporting.subscriptions import send_due

EIGHT = Frequency(DAILY, dt.time(8, 0))


def utc(*parts) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


def runs(frequency, start, count, zone="Europe/Paris"):
    found, instant = [], start
    for _ in range(count):
        instant = next_run(frequency, zone, instant)
        found.append(instant)
    return found


def test_winter_and_summer_times():
    assert next_run(EIGHT, "Europe/Paris", utc(2026, 1, 14, 12)) == utc(2026, 1, 15, 7)
    assert next_run(EIGHT, "Europe/Paris", utc(2026, 7, 14, 12)) == utc(2026, 7, 15, 6)


def test_the_autumn_change_sends_once_a_day():
    days = runs(EIGHT, utc(2026, 10, 23, 12), 4)
    assert days == [
        utc(2026, 10, 24, 6),
        utc(2026, 10, 25, 7),  # Sunday: clocks went back at 03:00
        utc(2026, 10, 26, 7),
        utc(2026, 10, 27, 7),
    ]


def test_the_spring_change_sends_once_a_day():
    assert runs(EIGHT, utc(2026, 3, 27, 12), 3) == [
        utc(2026, 3, 28, 7),
        utc(2026, 3, 29, 6),
        utc(2026, 3, 30, 6),
    ]


def test_a_time_inside_the_changes_is_neither_repeated_nor_skipped():
    night = Frequency(DAILY, dt.time(2, 30))
    autumn = runs(night, utc(2026, 10, 24, 12), 2)
    # 02:30 happens twice on 25 October: the first one only.
    assert autumn == [utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)]
    spring = runs(night, utc(2026, 3, 28, 12), 2)
    # 02:30 does not exist on 29 March: sent at 03:30 summer time.
    assert spring == [utc(2026, 3, 29, 1, 30), utc(2026, 3, 30, 0, 30)]


def test_weekly_and_monthly_frequencies():
    monday = Frequency(WEEKLY, dt.time(8, 0), weekday=0)
    assert runs(monday, utc(2026, 3, 25, 12), 2) == [
        utc(2026, 3, 30, 6),
        utc(2026, 4, 6, 6),
    ]
    last_day = Frequency(MONTHLY, dt.time(8, 0), monthday=31)
    assert runs(last_day, utc(2026, 1, 1), 3) == [
        utc(2026, 1, 31, 7),
        utc(2026, 2, 28, 7),
        utc(2026, 3, 31, 6),
    ]


def test_another_zone_follows_its_own_clock():
    assert next_run(EIGHT, "America/Montreal", utc(2026, 1, 14, 18)) == utc(
        2026, 1, 15, 13
    )


def _subscribe(dbsession, user, now):
    subscription = Subscription(
        owner_id=user.id,
        report="reporting.companies",
        name="Tous les matins",
        output="xlsx",
        frequency=DAILY,
        hour=8,
        minute=0,
        filters={},
        addresses=[],
        recipients=[user],
        next_run_at=next_run(EIGHT, "Europe/Paris", now),
    )
    dbsession.add(subscription)
    dbsession.flush()
    return subscription


def test_the_worker_sends_once_across_the_autumn_change(
    reporting_registry, factories, dbsession, outbox
):
    user = factories.user(timezone="Europe/Paris")
    start = utc(2026, 10, 24, 0)
    _subscribe(dbsession, user, start)

    # A sweep every 30 minutes over three days around the change.
    minute = start
    while minute < utc(2026, 10, 27, 0):
        send_due(reporting_registry, minute)
        minute += dt.timedelta(minutes=30)

    sent = sorted(
        d.due_at
        for d in dbsession.scalars(select(Delivery)).all()
        if d.status == "sent"
    )
    assert sent == [utc(2026, 10, 24, 6), utc(2026, 10, 25, 7), utc(2026, 10, 26, 7)]
    outbox.wait_for(3)
    assert len(outbox.to(user.email)) == 3


def test_a_run_missed_while_the_worker_was_down_is_sent_once_on_return(
    reporting_registry, factories, dbsession, outbox
):
    user = factories.user(timezone="Europe/Paris")
    subscription = _subscribe(dbsession, user, utc(2026, 1, 12, 0))
    # The worker was down from Monday to Thursday noon.
    back = utc(2026, 1, 15, 12)

    assert send_due(reporting_registry, back)["sent"] == 1
    assert send_due(reporting_registry, back + dt.timedelta(minutes=1))["sent"] == 0

    outbox.wait_for(1)
    assert len(outbox.to(user.email)) == 1
    dbsession.expire_all()
    assert dbsession.get(Subscription, subscription.id).next_run_at == utc(
        2026, 1, 16, 7
    )
