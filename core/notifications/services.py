"""Fan-out of events to timelines, subscriptions, reading and sharing."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.auth.models import User, utcnow
from core.directory.models import (
    Company,
    CompanyFollow,
    CompanyPortfolio,
    Contact,
    ContactFollow,
    company_sector,
)
from core.events import registry_of, tasks_after_commit
from core.notifications.channels import EVENT_TITLES, MESSAGES, channels
from core.notifications.models import Notification, NotificationSubscription
from core.reference.models import Sector

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """What happened, to what, and who did it."""

    channel: str
    name: str
    actor: User | None
    company: Company | None = None
    contact: Contact | None = None
    action_id: int | None = None
    opportunity_id: int | None = None
    summary: str = ""
    message: str | None = None
    # The other contacts an event is also about (an action with several):
    # their followers, and their companies' followers, see it too.
    others: tuple[Contact, ...] = ()


def _subscribers(session: Session, channel: str) -> dict[int, bool]:
    rows = session.execute(
        select(NotificationSubscription.user_id, NotificationSubscription.by_email)
        .join(User, User.id == NotificationSubscription.user_id)
        .where(NotificationSubscription.channel == channel, User.active.is_(True))
    )
    return {user_id: by_email for user_id, by_email in rows}


def _followers(session: Session, event: Event) -> set[int]:
    contacts = {c.id for c in (event.contact, *event.others) if c is not None}
    companies = {c.company_id for c in event.others if c.company_id is not None}
    if event.company is not None:
        companies.add(event.company.id)
    found: set[int] = set()
    if companies:
        query = select(CompanyFollow.user_id)
        found |= set(
            session.scalars(query.where(CompanyFollow.company_id.in_(companies)))
        )
    if contacts:
        query = select(ContactFollow.user_id)
        found |= set(
            session.scalars(query.where(ContactFollow.contact_id.in_(contacts)))
        )
    return found


def fan_out(session: Session, event: Event, to: set[int] | None = None) -> int:
    """Put ``event`` in the timeline of everyone who should see it.

    That is the channel's subscribers and the followers of its company or
    contact (a follow works whatever the channels), or exactly ``to`` when
    given; never the one who caused it. Subscribers by e-mail get a mail
    after the commit. Returns how many timelines were reached.
    """
    if to is not None:
        wanted = {user_id: True for user_id in to}
        followers: set[int] = set()
    else:
        wanted = _subscribers(session, event.channel)
        followers = _followers(session, event)
    recipients = (set(wanted) | followers) - {event.actor.id if event.actor else -1}
    for user_id in sorted(recipients):
        session.add(
            Notification(
                user_id=user_id,
                channel=event.channel,
                event=event.name,
                actor_id=event.actor.id if event.actor else None,
                company_id=event.company.id if event.company else None,
                contact_id=event.contact.id if event.contact else None,
                action_id=event.action_id,
                opportunity_id=event.opportunity_id,
                summary=_summary(event)[:300],
                message=event.message,
                followed=user_id not in wanted,
            )
        )
    session.flush()
    mailed = sorted(u for u in recipients if wanted.get(u))
    if mailed:
        tasks_after_commit(session).enqueue(
            "notifications.mail", _mail_payload(event), mailed
        )
    log.info(
        "notifications.fan_out event=%s recipients=%s mailed=%s",
        event.name,
        len(recipients),
        len(mailed),
    )
    return len(recipients)


def _summary(event: Event) -> str:
    if event.summary:
        return event.summary
    if event.contact is not None:
        return event.contact.display_name
    return event.company.name if event.company is not None else ""


def _mail_payload(event: Event) -> dict:
    return {
        "event": event.name,
        "actor": event.actor.display_name if event.actor else "",
        "summary": _summary(event),
        "message": event.message,
        "company_id": event.company.id if event.company else None,
        "contact_id": event.contact.id if event.contact else None,
    }


def send_notification_mail(registry, payload: dict, user_ids: list[int]) -> None:
    """The task: one mail per recipient, in the recipient's language."""
    from pyramid.interfaces import ITranslationDirectories

    from core.db import run_in_transaction
    from core.i18n import make_localizer
    from core.mail.outgoing import mail_payload

    directories = registry.queryUtility(ITranslationDirectories, default=[])

    def work(session):
        users = session.scalars(select(User).where(User.id.in_(user_ids))).all()
        queued = []
        for user in users:
            localizer = make_localizer(user.locale, directories)
            title = localizer.translate(EVENT_TITLES.get(payload["event"], ""))
            lines = [title, payload["summary"]]
            if payload.get("actor"):
                lines.append(f"— {payload['actor']}")
            if payload.get("message"):
                lines += ["", payload["message"]]
            queued.append(
                mail_payload(
                    [user.email],
                    f"{title}: {payload['summary']}",
                    "\n".join(lines) + "\n",
                    kind="notification",
                )
            )
        return queued

    for message in run_in_transaction(registry, work):
        registry.relais_tasks["core.send_mail"](message)


def subscriptions(session: Session, user: User) -> dict[str, bool]:
    """``{channel: by_email}`` of the channels ``user`` receives."""
    rows = session.execute(
        select(
            NotificationSubscription.channel, NotificationSubscription.by_email
        ).where(NotificationSubscription.user_id == user.id)
    )
    return dict(rows.all())


def set_subscriptions(session: Session, user: User, wanted: dict[str, bool]) -> None:
    """Make ``wanted`` (``{channel: by_email}``) the user's subscriptions."""
    known = channels(registry_of(session))
    current = {
        row.channel: row
        for row in session.scalars(
            select(NotificationSubscription).where(
                NotificationSubscription.user_id == user.id
            )
        )
    }
    for name, row in current.items():
        if name not in wanted:
            session.delete(row)
    for name, by_email in wanted.items():
        if name not in known:
            continue
        row = current.get(name) or NotificationSubscription(
            user_id=user.id, channel=name
        )
        row.by_email = by_email
        session.add(row)
    session.flush()


def timeline(
    session: Session,
    user: User,
    channel: str | None = None,
    sector_ids: list[int] | None = None,
    portfolio_only: bool = False,
    unread_only: bool = False,
    limit: int = 100,
) -> list[Notification]:
    """The user's notifications, newest first, filtered as the centre asks."""
    query = select(Notification).where(Notification.user_id == user.id)
    if channel:
        query = query.where(Notification.channel == channel)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    if sector_ids:
        # A sector picked at the top of the tree covers its sub-sectors.
        wanted = select(Sector.id).where(
            Sector.id.in_(sector_ids) | Sector.parent_id.in_(sector_ids)
        )
        query = query.where(
            Notification.company_id.in_(
                select(company_sector.c.company_id).where(
                    company_sector.c.sector_id.in_(wanted)
                )
            )
        )
    if portfolio_only:
        query = query.where(
            Notification.company_id.in_(
                select(CompanyPortfolio.company_id).where(
                    CompanyPortfolio.user_id == user.id
                )
            )
        )
    query = query.order_by(Notification.created_at.desc(), Notification.id.desc())
    return list(session.scalars(query.limit(limit)))


def unread_count(session: Session, user: User) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def mark_read(session: Session, user: User, ident: int | None = None) -> int:
    """Mark one notification (``ident``) or all of the user's as read."""
    query = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if ident is not None:
        query = query.where(Notification.id == ident)
    result = session.execute(query.values(read_at=utcnow()))
    return result.rowcount


def share(
    session: Session,
    user: User,
    recipient_ids: list[int],
    message: str,
    company: Company | None = None,
    contact: Contact | None = None,
    action_id: int | None = None,
    summary: str = "",
) -> int:
    """Share an information about a record with colleagues: timeline + mail."""
    recipients = set(
        session.scalars(
            select(User.id).where(User.id.in_(recipient_ids), User.active.is_(True))
        )
    ) - {user.id}
    if not recipients:
        return 0
    event = Event(
        MESSAGES.name,
        "information_shared",
        user,
        company=company or (contact.company if contact else None),
        contact=contact,
        action_id=action_id,
        summary=summary,
        message=message,
    )
    return fan_out(session, event, to=recipients)


def notify(
    session: Session,
    user_id: int,
    event: str,
    summary: str,
    link: str | None = None,
    message: str | None = None,
) -> Notification:
    """Tell one user about work of their own that ended (an export, say).

    Unlike :func:`fan_out` there is no channel to subscribe to and no mail:
    the user asked for the work and sees the outcome in the centre.
    """
    notification = Notification(
        user_id=user_id,
        channel=MESSAGES.name,
        event=event,
        summary=summary[:300],
        message=message,
        link=link,
    )
    session.add(notification)
    session.flush()
    log.info("notifications.notify event=%s user_id=%s", event, user_id)
    return notification
