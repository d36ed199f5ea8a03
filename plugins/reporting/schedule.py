"""When a subscription is due: a wall-clock time in its owner's time zone.

"Every day at 08:00" for a Paris user is 07:00 UTC in winter and 06:00 UTC in
summer. The next run is always computed from the local calendar, then turned
into an instant, so the daylight-saving changes neither repeat nor skip a run:

- on the autumn change a local time that happens twice is taken once, at its
  first occurrence (``fold=0``);
- on the spring change a local time that does not exist is moved forward by
  the length of the gap (02:30 becomes 03:30), the way clocks do.
"""

from __future__ import annotations

import calendar
import datetime as dt
import zoneinfo
from dataclasses import dataclass

DAILY, WEEKLY, MONTHLY = "daily", "weekly", "monthly"
FREQUENCIES = (DAILY, WEEKLY, MONTHLY)


@dataclass(frozen=True)
class Frequency:
    """How often: ``kind`` with a local ``time``, a ``weekday`` or a ``monthday``.

    ``weekday`` counts from Monday = 0. A ``monthday`` past the end of a short
    month means its last day (31 is "the last day of every month").
    """

    kind: str
    time: dt.time
    weekday: int | None = None
    monthday: int | None = None

    def matches(self, day: dt.date) -> bool:
        if self.kind == WEEKLY:
            return day.weekday() == self.weekday
        if self.kind == MONTHLY:
            last = calendar.monthrange(day.year, day.month)[1]
            return day.day == min(self.monthday or 1, last)
        return True


def local_instant(day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo):
    """The UTC instant of ``day`` at ``time`` on the wall clocks of ``zone``.

    ``fold=0`` takes the first of two repeated times, and reads a time inside
    the spring gap with the offset before the change, which lands it as far
    past the gap as it was into it (PEP 495).
    """
    naive = dt.datetime.combine(day, time)
    return naive.replace(tzinfo=zone, fold=0).astimezone(dt.UTC)


def next_run(frequency: Frequency, zone_name: str, after: dt.datetime):
    """The first run strictly after the instant ``after`` (aware), in UTC."""
    zone = zoneinfo.ZoneInfo(zone_name)
    day = after.astimezone(zone).date()
    # At most a month and a day away, whatever the frequency.
    for _ in range(33):
        if frequency.matches(day):
            instant = local_instant(day, frequency.time, zone)
            if instant > after:
                return instant
        day += dt.timedelta(days=1)
    raise ValueError(f"no run found for {frequency}")
