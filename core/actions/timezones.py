"""Wall-clock arithmetic in each user's zone, so DST changes keep local times.

Instants are stored in UTC; a follow-up "in seven days" means seven calendar
days on the user's wall clock (09:00 stays 09:00 across the spring change),
which is what adding days to an aware datetime in its own zone gives.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo


def user_zone(user, registry) -> zoneinfo.ZoneInfo:
    """The zone ``user`` reads times in; the site's default without one."""
    name = getattr(user, "timezone", None)
    default = registry.relais_settings["relais.default_timezone"]
    try:
        return zoneinfo.ZoneInfo(name or default)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(default)


def add_days(instant: dt.datetime, days: int, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """``instant`` plus ``days`` calendar days in ``zone``, returned in UTC."""
    local = instant.astimezone(zone)
    return (local + dt.timedelta(days=days)).astimezone(dt.UTC)


def localise(naive: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """Read a wall-clock time typed in ``zone`` and return the UTC instant.

    A time that does not exist (skipped by the spring change) is read with
    the offset before the change, so it lands an hour later on the wall clock;
    an ambiguous one (the autumn change) is the first of the two.
    """
    local = naive.replace(tzinfo=zone, fold=0)
    return local.astimezone(dt.UTC)


def local_day(instant: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.date:
    return instant.astimezone(zone).date()


def day_bounds(
    day: dt.date, zone: zoneinfo.ZoneInfo
) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants where ``day`` starts and ends in ``zone``."""
    start = localise(dt.datetime.combine(day, dt.time()), zone)
    end = localise(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()), zone)
    return start, end
