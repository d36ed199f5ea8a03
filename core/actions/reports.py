"""Action reports: the five-week grid, the week's meetings, the period list.

Weeks run Monday to Sunday on the viewer's wall clock. An action counts for
each of its visitors, since a meeting two salespeople attend is a meeting in
each one's week.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actions import queries
from core.actions.models import Action
from core.actions.timezones import day_bounds, user_zone
from core.auth.models import Team, User

WEEKS_BEFORE = 2
WEEKS_AFTER = 2
MEETING_TYPES = ("rdv", "dejeuner")


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def report_weeks(day: dt.date) -> list[dt.date]:
    """The Mondays of S-2 … S+2 around the week holding ``day``."""
    first = monday(day) - dt.timedelta(weeks=WEEKS_BEFORE)
    count = WEEKS_BEFORE + WEEKS_AFTER + 1
    return [first + dt.timedelta(weeks=n) for n in range(count)]


@dataclass
class PersonRow:
    user: User
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class TeamBlock:
    name: str
    people: list[PersonRow] = field(default_factory=list)

    @property
    def counts(self) -> list[int]:
        return [sum(col) for col in zip(*(p.counts for p in self.people), strict=True)]


def _actions_between(session, access, user_ids, start, end, type_ids) -> list[Action]:
    query = queries.visible_actions(access).where(
        queries.involving(user_ids), Action.cancelled_at.is_(None)
    )
    query = queries.in_period(query, start, end)
    if type_ids:
        query = query.where(Action.type_id.in_(list(type_ids)))
    return list(session.scalars(query.order_by(Action.starts_at)))


def _people(action: Action, wanted: set[int]) -> set[int]:
    # The visitors, not the author: an assistant logging a salesperson's
    # meeting was not at it.
    ids = {visitor.id for visitor in action.visitors} or {action.author_id}
    return ids & wanted


def weekly_grid(
    session: Session, registry, access, users: list[User], day: dt.date, type_ids=()
) -> tuple[list[dt.date], list[TeamBlock]]:
    """Counts of actions per salesperson and week, grouped by team."""
    zone = user_zone(access.user, registry)
    weeks = report_weeks(day)
    start = day_bounds(weeks[0], zone)[0]
    end = day_bounds(weeks[-1] + dt.timedelta(days=6), zone)[1]
    wanted = {user.id for user in users}
    counts = {user.id: [0] * len(weeks) for user in users}
    for action in _actions_between(session, access, wanted, start, end, type_ids):
        week = monday(action.starts_at.astimezone(zone).date())
        if week not in weeks:
            continue
        for user_id in _people(action, wanted):
            counts[user_id][weeks.index(week)] += 1
    return weeks, _blocks(users, counts)


def _by_team(user: User) -> tuple[str, str, str]:
    # People without a team come last.
    return (user.team.name if user.team else "~", user.last_name, user.first_name)


def _blocks(users: list[User], counts: dict[int, list[int]]) -> list[TeamBlock]:
    blocks: dict[str, TeamBlock] = {}
    for user in sorted(users, key=_by_team):
        name = user.team.name if user.team else ""
        block = blocks.setdefault(name, TeamBlock(name))
        block.people.append(PersonRow(user, counts[user.id]))
    return list(blocks.values())


def week_meetings(
    session: Session, registry, access, users: list[User], day: dt.date, type_ids=()
) -> list[tuple[str, list[tuple[User, list[Action]]]]]:
    """The week's meetings, grouped by team then salesperson (for the PDF)."""
    zone = user_zone(access.user, registry)
    first = monday(day)
    start = day_bounds(first, zone)[0]
    end = day_bounds(first + dt.timedelta(days=6), zone)[1]
    wanted = {user.id for user in users}
    by_user: dict[int, list[Action]] = {user.id: [] for user in users}
    for action in _actions_between(session, access, wanted, start, end, type_ids):
        for user_id in _people(action, wanted):
            by_user[user_id].append(action)
    grouped: dict[str, list[tuple[User, list[Action]]]] = {}
    for user in sorted(users, key=_by_team):
        if by_user[user.id]:
            name = user.team.name if user.team else ""
            grouped.setdefault(name, []).append((user, by_user[user.id]))
    return list(grouped.items())


def period_actions(
    session: Session,
    registry,
    access,
    user_ids,
    start: dt.date,
    end: dt.date,
    *,
    follow_ups: bool = False,
    text: str = "",
    type_ids=(),
    limit: int = 5000,
) -> list[Action]:
    """Actions (or, with ``follow_ups``, open follow-ups) between two days."""
    zone = user_zone(access.user, registry)
    low = day_bounds(start, zone)[0]
    high = day_bounds(end, zone)[1]
    query = queries.visible_actions(access).where(
        queries.involving(user_ids), Action.cancelled_at.is_(None)
    )
    if follow_ups:
        query = query.where(
            Action.follow_up_done_at.is_(None),
            Action.follow_up_at >= low,
            Action.follow_up_at < high,
        ).order_by(Action.follow_up_at, Action.id)
    else:
        query = queries.in_period(query, low, high).order_by(
            Action.starts_at, Action.id
        )
    if text.strip():
        query = query.where(queries.subject_contains(text))
    if type_ids:
        query = query.where(Action.type_id.in_(list(type_ids)))
    return list(session.scalars(query.limit(limit)))


def team_users(session: Session, team_id: int) -> list[User]:
    query = select(User).where(User.team_id == team_id, User.active.is_(True))
    return list(session.scalars(query.order_by(User.last_name)))


def all_teams_users(session: Session) -> list[User]:
    query = select(User).join(Team, isouter=True).where(User.active.is_(True))
    return list(session.scalars(query.order_by(User.last_name)))
