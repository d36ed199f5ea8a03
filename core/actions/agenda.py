"""The agenda's events, and the private iCalendar feed of each user.

The calendar in the browser shows wall-clock times of the viewer's zone: the
events carry local times without an offset and the calendar runs in "UTC",
so a salesperson whose laptop is set to another zone still sees Paris times.

The feed is a secret address: whoever holds it reads the user's actions, so
only a hash of its token is kept and the user can revoke it at any time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actions import queries
from core.actions.models import Action, CalendarFeedToken
from core.actions.richtext import report_text
from core.actions.timezones import user_zone
from core.auth.models import User, utcnow

FOLLOW_UP_COLOUR = "#f2c300"
FEED_PAST = dt.timedelta(days=92)
FEED_FUTURE = dt.timedelta(days=366)
WALL_CLOCK = "%Y-%m-%dT%H:%M:%S"
HALF_HOUR = dt.timedelta(minutes=30)


def _wall(instant: dt.datetime, zone) -> str:
    return instant.astimezone(zone).strftime(WALL_CLOCK)


def agenda_actions(
    session: Session,
    access,
    user_ids,
    start: dt.datetime,
    end: dt.datetime,
    type_ids=None,
) -> list[Action]:
    """The actions of ``user_ids`` overlapping [start, end), not cancelled."""
    query = queries.visible_actions(access).where(
        queries.involving(user_ids),
        Action.cancelled_at.is_(None),
        Action.starts_at < end,
        Action.starts_at >= start - dt.timedelta(days=1),
    )
    if type_ids:
        query = query.where(Action.type_id.in_(list(type_ids)))
    return list(session.scalars(query.order_by(Action.starts_at)))


def agenda_follow_ups(
    session: Session, access, user_ids, start, end, type_ids=None
) -> list[Action]:
    query = queries.visible_actions(access).where(
        queries.involving(user_ids),
        Action.cancelled_at.is_(None),
        Action.follow_up_done_at.is_(None),
        Action.follow_up_at >= start,
        Action.follow_up_at < end,
    )
    if type_ids:
        query = query.where(Action.type_id.in_(list(type_ids)))
    return list(session.scalars(query.order_by(Action.follow_up_at)))


def action_event(action: Action, zone, url: str, editable: bool) -> dict:
    end = action.ends_at or action.starts_at + HALF_HOUR
    return {
        "id": f"action-{action.id}",
        "title": f"{action.type.label} · {action.subject}",
        "start": _wall(action.starts_at, zone),
        "end": _wall(end, zone),
        "color": action.type.colour,
        "url": url,
        "editable": editable,
        "extendedProps": {"kind": "action", "actionId": action.id},
    }


def follow_up_event(action: Action, zone, url: str, editable: bool) -> dict:
    return {
        "id": f"follow_up-{action.id}",
        "title": action.subject,
        "start": _wall(action.follow_up_at, zone),
        "end": _wall(action.follow_up_at + HALF_HOUR, zone),
        "color": FOLLOW_UP_COLOUR,
        "textColor": "#222",
        "url": url,
        "editable": editable,
        "durationEditable": False,
        "extendedProps": {"kind": "follow_up", "actionId": action.id},
    }


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_feed_token(session: Session, user: User) -> str:
    """Replace the user's feed address with a new one; return its secret once."""
    revoke_feed(session, user)
    token = secrets.token_urlsafe(32)
    session.add(CalendarFeedToken(user_id=user.id, token_hash=hash_token(token)))
    session.flush()
    return token


def revoke_feed(session: Session, user: User) -> None:
    for row in session.scalars(
        select(CalendarFeedToken).where(
            CalendarFeedToken.user_id == user.id,
            CalendarFeedToken.revoked_at.is_(None),
        )
    ):
        row.revoked_at = utcnow()


def active_feed(session: Session, user: User) -> CalendarFeedToken | None:
    return session.scalar(
        select(CalendarFeedToken).where(
            CalendarFeedToken.user_id == user.id,
            CalendarFeedToken.revoked_at.is_(None),
        )
    )


def feed_owner(session: Session, token: str) -> User | None:
    """The active user a feed token belongs to, or ``None``."""
    row = session.scalar(
        select(CalendarFeedToken).where(
            CalendarFeedToken.token_hash == hash_token(token),
            CalendarFeedToken.revoked_at.is_(None),
        )
    )
    if row is None or not row.user.active:
        return None
    row.last_used_at = utcnow()
    return row.user


def feed_calendar(session: Session, registry, user: User, url_for, domain) -> bytes:
    """The user's actions from three months ago to a year ahead, as iCalendar."""
    from core.access import access_for

    now = utcnow()
    start, end = now - FEED_PAST, now + FEED_FUTURE
    access = access_for(session, registry, user)
    actions = agenda_actions(session, access, [user.id], start, end)
    calendar = Calendar()
    calendar.add("prodid", "-//Relais//Relais CRM//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Relais – {user.display_name}")
    calendar.add("x-wr-timezone", str(user_zone(user, registry)))
    for action in actions:
        event = Event()
        event.add("uid", f"relais-action-{action.id}@{domain}")
        event.add("dtstamp", now)
        event.add("last-modified", action.updated_at)
        event.add("dtstart", action.starts_at)
        event.add("dtend", action.ends_at or action.starts_at + HALF_HOUR)
        event.add("summary", f"{action.type.label} · {action.subject}")
        people = ", ".join(contact.display_name for contact in action.contacts)
        notes = [people, report_text(action.report_html)]
        event.add("description", "\n\n".join(part for part in notes if part))
        event.add("url", url_for(action))
        calendar.add_component(event)
    return calendar.to_ical()
