"""Activity by salesperson: actions by type and week, opportunities, the pipe.

Grouped by salesperson, one row per week of the period (weeks start on
Monday, in the reader's zone) with the actions of each type the salesperson
took part in (as a visitor), the opportunities they created and won that
week; then one row with their weighted pipe at the chosen date: the
opportunities created by then that were open that day, with the owner,
status and amounts they had then (see :mod:`plugins.reporting.pipe_history`).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter, defaultdict
from decimal import Decimal

from sqlalchemy import or_, select

from core.actions.models import Action, action_visitor
from core.auth.models import Profile, User
from core.i18n import _
from core.opportunities.amounts import ZERO
from core.opportunities.models import Opportunity, Outcome
from core.reference.models import ActionType
from plugins.reporting import formatting
from plugins.reporting.definitions import Column, Parameter, ReportDefinition
from plugins.reporting.filters import day_after, day_start
from plugins.reporting.pipe_history import pipe_at

SELLING_PROFILES = ("salesperson", "manager")


def _types(dbsession) -> list[ActionType]:
    query = select(ActionType).where(ActionType.active.is_(True))
    return list(dbsession.scalars(query.order_by(ActionType.position, ActionType.id)))


def week_of(instant: dt.datetime, zone: str) -> dt.date:
    day = instant.astimezone(zoneinfo.ZoneInfo(zone)).date()
    return day - dt.timedelta(days=day.weekday())


def weeks(values) -> list[dt.date]:
    start, end = values.get("start"), values.get("end")
    if start is None or end is None or end < start:
        return []
    monday = start - dt.timedelta(days=start.weekday())
    found = []
    while monday <= end and len(found) < 60:
        found.append(monday)
        monday += dt.timedelta(weeks=1)
    return found


class Activity:
    """Counts per salesperson and week, read in a few queries."""

    def __init__(self, context):
        self.context = context
        values, zone = context.values, context.timezone
        self.since = day_start(values["start"], zone)
        self.until = day_after(values["end"], zone)
        self.actions: dict[tuple, Counter] = defaultdict(Counter)
        self.created: Counter = Counter()
        self.won: Counter = Counter()
        self._pipe: dict[int, Decimal] | None = None

    def read_actions(self) -> None:
        session, zone = self.context.dbsession, self.context.timezone
        query = (
            select(action_visitor.c.user_id, Action.starts_at, Action.type_id)
            .join(Action, Action.id == action_visitor.c.action_id)
            .where(
                Action.cancelled_at.is_(None),
                Action.starts_at >= self.since,
                Action.starts_at < self.until,
            )
        )
        for user_id, starts_at, type_id in session.execute(query):
            self.actions[(user_id, week_of(starts_at, zone))][type_id] += 1

    def read_opportunities(self) -> None:
        session, zone = self.context.dbsession, self.context.timezone
        query = select(Opportunity).where(
            self.context.access.filter("opportunity"),
            or_(
                Opportunity.created_at.between(self.since, self.until),
                Opportunity.closed_at.between(self.since, self.until),
            ),
        )
        for opportunity in session.scalars(query):
            if self.since <= opportunity.created_at < self.until:
                self.created[
                    (opportunity.owner_id, week_of(opportunity.created_at, zone))
                ] += 1
            closed = opportunity.closed_at
            if (
                opportunity.outcome == Outcome.WON
                and closed is not None
                and self.since <= closed < self.until
            ):
                self.won[(opportunity.owner_id, week_of(closed, zone))] += 1

    def pipe(self, user_id: int) -> Decimal:
        """The weighted pipe of ``user_id`` at the end of the pipe date."""
        if self._pipe is None:
            at = day_after(self.context.values["pipe_on"], self.context.timezone)
            self._pipe = pipe_at(
                self.context.dbsession, at, self.context.access.filter("opportunity")
            )
        return self._pipe.get(user_id, ZERO)


def salespeople(context) -> list[User]:
    query = (
        select(User)
        .join(Profile, User.profile_id == Profile.id)
        .where(User.active.is_(True), Profile.code.in_(SELLING_PROFILES))
        .order_by(User.last_name, User.first_name, User.id)
    )
    if context.values.get("salesperson"):
        query = query.where(User.id == context.values["salesperson"])
    return list(context.dbsession.scalars(query))


def columns(context) -> tuple[Column, ...]:
    return (
        Column("salesperson", _("Salesperson")),
        Column("week", _("Week")),
        *(
            Column(f"type_{kind.code}", kind.label, "integer", total=True)
            for kind in _types(context.dbsession)
        ),
        Column("actions", _("Actions"), "integer", total=True),
        Column("created", _("Opportunities created"), "integer", total=True),
        Column("won", _("Opportunities won"), "integer", total=True),
        Column("pipe", _("Weighted pipe"), "money", total=True),
    )


def activity_query(context):
    types = _types(context.dbsession)
    activity = Activity(context)
    activity.read_actions()
    activity.read_opportunities()
    pipe_label = _(
        "Pipe at ${date}", mapping={"date": formatting.day(context.values["pipe_on"])}
    )
    for user in salespeople(context):
        name = user.display_name
        for monday in weeks(context.values):
            counts = activity.actions.get((user.id, monday), Counter())
            row = {
                "salesperson": name,
                "week": formatting.day(monday),
                "actions": sum(counts.values()),
                "created": activity.created[(user.id, monday)],
                "won": activity.won[(user.id, monday)],
            }
            for kind in types:
                row[f"type_{kind.code}"] = counts[kind.id]
            yield row
        yield {"salesperson": name, "week": pipe_label, "pipe": activity.pipe(user.id)}


def reports() -> list[ReportDefinition]:
    return [
        ReportDefinition(
            name="reporting.activity",
            title=_("Activity by salesperson"),
            description=_(
                "Actions by type and week, opportunities created and won, the pipe."
            ),
            parameters=(
                Parameter("start", _("From"), "date", "start of month"),
                Parameter("end", _("Until"), "date", "end of month"),
                Parameter("pipe_on", _("Pipe at"), "date", "today"),
                Parameter("salesperson", _("Salesperson"), "user"),
            ),
            columns=columns,
            group_by="salesperson",
            query=activity_query,
            order=30,
        )
    ]
