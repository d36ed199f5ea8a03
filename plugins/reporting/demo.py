"""Demo data of the reporting plugin: a saved filter and a subscription."""

from __future__ import annotations

import datetime as dt

from plugins.reporting.models import SavedFilter, Subscription
from plugins.reporting.schedule import WEEKLY, Frequency, next_run

MONDAY_EIGHT = Frequency(WEEKLY, dt.time(8, 0), weekday=0)


def seed_demo(dbsession, users) -> None:
    """Give the first manager a saved filter and a Monday subscription."""
    managers = [u for u in users if u.profile.code == "manager"]
    if not managers:
        return
    manager = managers[0]
    dbsession.add(
        SavedFilter(
            user_id=manager.id,
            report="reporting.weekly_actions",
            name="Semaine dernière",
            values={"start": "start of last week", "end": "end of last week"},
        )
    )
    now = dt.datetime.now(dt.UTC)
    dbsession.add(
        Subscription(
            owner_id=manager.id,
            report="reporting.weekly_actions",
            name="Actions de la semaine",
            include_table=True,
            include_filters=True,
            output="pdf-a4-landscape",
            frequency=WEEKLY,
            hour=8,
            minute=0,
            weekday=0,
            filters={"start": "start of last week", "end": "end of last week"},
            addresses=[],
            recipients=[manager],
            next_run_at=next_run(MONDAY_EIGHT, manager.timezone, now),
        )
    )
    dbsession.flush()
