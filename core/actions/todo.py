"""The todo: open follow-ups, planned actions and new comments on actions.

Follow-ups are listed by their date, actions by their start, comments by when
they were written (the last week unless a range says otherwise). Late
follow-ups stay in the list whatever the range starts at, until they are
postponed, cleared or answered by the next action of their chain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core.actions import queries, services
from core.actions.models import Action, FollowUpState
from core.actions.timezones import day_bounds, user_zone
from core.auth.models import utcnow
from core.comments.models import Comment

KINDS = ("comments", "follow_ups", "actions")
COMMENT_DAYS = 7


@dataclass(frozen=True)
class TodoItem:
    kind: str  # "follow_up", "action" or "comment"
    at: dt.datetime
    action: Action
    state: FollowUpState
    comment: Comment | None = None


@dataclass
class TodoFilter:
    """What the todo shows; the defaults are the home page's."""

    user_ids: list[int]
    start: dt.date | None = None
    end: dt.date | None = None
    text: str = ""
    kinds: tuple[str, ...] = KINDS
    reverse: bool = False
    without_report: bool = False
    limit: int = 200


@dataclass(frozen=True)
class Counters:
    today: int
    late: int
    without_report: int


def _open_follow_ups():
    return (
        Action.follow_up_at.is_not(None),
        Action.follow_up_done_at.is_(None),
        Action.cancelled_at.is_(None),
    )


def counters(session: Session, registry, access, user_ids, now=None) -> Counters:
    """Today / late / actions without report ("CR"), as the home page shows."""
    now = now or utcnow()
    zone = user_zone(access.user, registry)
    today_start, today_end = day_bounds(now.astimezone(zone).date(), zone)
    mine = queries.involving(user_ids)

    def count(*conditions) -> int:
        query = select(func.count(Action.id)).where(
            mine, access.filter("action"), *conditions
        )
        return session.scalar(query) or 0

    return Counters(
        today=count(
            *_open_follow_ups(),
            Action.follow_up_at >= today_start,
            Action.follow_up_at < today_end,
        ),
        late=count(*_open_follow_ups(), Action.follow_up_at < today_start),
        without_report=count(*_without_report(now)),
    )


def _without_report(now: dt.datetime):
    return (
        Action.report_html.is_(None),
        Action.cancelled_at.is_(None),
        func.coalesce(Action.ends_at, Action.starts_at) < now,
    )


def todo_items(
    session: Session, registry, access, wanted: TodoFilter, now=None
) -> list[TodoItem]:
    """The rows of the todo for ``wanted``, in date order (or reversed).

    ``access`` is the viewer's (``request.access``); its user's zone decides
    what "today" and "late" mean.
    """
    now = now or utcnow()
    viewer = access.user
    zone = user_zone(viewer, registry)
    today = now.astimezone(zone).date()
    start = day_bounds(wanted.start, zone)[0] if wanted.start else None
    end_day = wanted.end or today + dt.timedelta(days=7)
    end = day_bounds(end_day, zone)[1]
    conditions = [queries.involving(wanted.user_ids)]
    if wanted.text.strip():
        conditions.append(queries.subject_contains(wanted.text))
    base = queries.visible_actions(access).where(*conditions)

    items: list[TodoItem] = []
    if wanted.without_report:
        query = base.where(*_without_report(now)).order_by(Action.starts_at.desc())
        for action in session.scalars(query.limit(wanted.limit)):
            state = services.follow_up_state(action, registry, viewer, now)
            items.append(TodoItem("action", action.starts_at, action, state))
        return items
    if "follow_ups" in wanted.kinds:
        query = base.where(*_open_follow_ups(), Action.follow_up_at < end)
        if start is not None:
            # Late follow-ups stay in sight until they are dealt with.
            late = Action.follow_up_at < day_bounds(today, zone)[0]
            query = query.where(or_(Action.follow_up_at >= start, late))
        query = query.order_by(Action.follow_up_at).limit(wanted.limit)
        for action in session.scalars(query):
            state = services.follow_up_state(action, registry, viewer, now)
            items.append(TodoItem("follow_up", action.follow_up_at, action, state))
    if "comments" in wanted.kinds:
        since = start or day_bounds(today - dt.timedelta(days=COMMENT_DAYS), zone)[0]
        actions = select(Action.id).where(access.filter("action"), *conditions)
        query = (
            select(Comment)
            .where(
                Comment.target_kind == "action",
                Comment.target_id.in_(actions),
                access.filter("comment"),
                Comment.created_at >= since,
                Comment.created_at < end,
            )
            .order_by(Comment.created_at)
            .limit(wanted.limit)
        )
        for comment in session.scalars(query):
            action = session.get(Action, comment.target_id)
            state = services.follow_up_state(action, registry, viewer, now)
            items.append(
                TodoItem("comment", comment.created_at, action, state, comment)
            )
    if "actions" in wanted.kinds:
        action_start = start or day_bounds(today, zone)[0]
        query = base.where(Action.cancelled_at.is_(None))
        query = queries.in_period(query, action_start, end)
        query = query.order_by(Action.starts_at).limit(wanted.limit)
        for action in session.scalars(query):
            state = services.follow_up_state(action, registry, viewer, now)
            items.append(TodoItem("action", action.starts_at, action, state))
    items.sort(key=lambda item: (item.at, item.action.id), reverse=wanted.reverse)
    return items[: wanted.limit]


def due_reminders(
    session: Session, access, now=None, window=dt.timedelta(minutes=15)
) -> list[Action]:
    """The user's open follow-ups that fell due in the last ``window``."""
    now = now or utcnow()
    query = (
        queries.visible_actions(access)
        .where(queries.involving([access.user.id]), *_open_follow_ups())
        .where(Action.follow_up_at <= now, Action.follow_up_at > now - window)
        .order_by(Action.follow_up_at)
    )
    return list(session.scalars(query))
