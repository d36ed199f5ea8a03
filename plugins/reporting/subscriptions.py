"""Subscriptions: saving them, finding what is due, sending it once.

The periodic task runs every minute. It first claims what is due by writing a
:class:`Delivery` row per subscription (unique per due instant) and moving the
subscription to its next run, computed after *now*: a worker that was down
for three days sends one mail for the runs it missed, not three. Then it
sends each pending delivery; a failure is kept with its message and tried
again later, and after the last attempt the owner is told by mail.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select

from core.auth.models import User
from core.db import run_in_transaction
from core.i18n import _
from plugins.reporting import delivery
from plugins.reporting.models import Delivery, Subscription
from plugins.reporting.schedule import Frequency, next_run
from plugins.reporting.services import user_zone

log = logging.getLogger(__name__)

PENDING, SENT, FAILED = "pending", "sent", "failed"


def frequency_of(subscription: Subscription) -> Frequency:
    return Frequency(
        subscription.frequency,
        dt.time(subscription.hour, subscription.minute),
        subscription.weekday,
        subscription.monthday,
    )


def save(
    dbsession,
    registry,
    owner,
    report: str,
    form,
    filters: dict,
    now=None,
    subscription: Subscription | None = None,
) -> Subscription:
    """Create or change a subscription from a validated form."""
    now = now or dt.datetime.now(dt.UTC)
    if subscription is None:
        subscription = Subscription(owner_id=owner.id, report=report)
    frequency = form.schedule()
    subscription.name = form.name
    subscription.include_table = form.include_table
    subscription.include_filters = form.include_filters
    subscription.output = form.output
    subscription.frequency = frequency.kind
    subscription.hour, subscription.minute = frequency.time.hour, frequency.time.minute
    subscription.weekday = frequency.weekday
    subscription.monthday = frequency.monthday
    subscription.filters = dict(filters)
    subscription.addresses = form.address_list
    ids = set(form.recipient_ids)
    with dbsession.no_autoflush:
        subscription.recipients = (
            list(dbsession.scalars(select(User).where(User.id.in_(ids)))) if ids else []
        )
    subscription.next_run_at = next_run(frequency, user_zone(owner, registry), now)
    dbsession.add(subscription)
    dbsession.flush()
    log.info(
        "reporting.subscription.saved subscription_id=%s report=%s next_run_at=%s",
        subscription.id,
        report,
        subscription.next_run_at.isoformat(),
    )
    return subscription


def recipients_of(subscription: Subscription) -> list[str]:
    found = [user.email for user in subscription.recipients if user.active]
    for address in subscription.addresses or []:
        if address.lower() not in {a.lower() for a in found}:
            found.append(address)
    return found


def claim_due(registry, now: dt.datetime) -> int:
    """Write a pending delivery for every subscription due by ``now``."""

    def work(session):
        due = session.scalars(
            select(Subscription)
            .where(Subscription.active.is_(True), Subscription.next_run_at <= now)
            .order_by(Subscription.id)
            .with_for_update(skip_locked=True)
        ).all()
        for subscription in due:
            exists = session.scalar(
                select(Delivery.id).where(
                    Delivery.subscription_id == subscription.id,
                    Delivery.due_at == subscription.next_run_at,
                )
            )
            if exists is None:
                session.add(
                    Delivery(
                        subscription_id=subscription.id,
                        due_at=subscription.next_run_at,
                        next_attempt_at=now,
                    )
                )
            zone = user_zone(subscription.owner, registry)
            subscription.next_run_at = next_run(frequency_of(subscription), zone, now)
        return len(due)

    return run_in_transaction(registry, work)


def pending_ids(registry, now: dt.datetime) -> list[int]:
    def work(session):
        return list(
            session.scalars(
                select(Delivery.id)
                .where(Delivery.status == PENDING, Delivery.next_attempt_at <= now)
                .order_by(Delivery.next_attempt_at, Delivery.id)
            )
        )

    return run_in_transaction(registry, work)


def spec_of(subscription: Subscription) -> delivery.Spec:
    return delivery.Spec(
        report=subscription.report,
        name=subscription.name,
        output=subscription.output,
        filters=dict(subscription.filters or {}),
        include_table=subscription.include_table,
        include_filters=subscription.include_filters,
    )


def attempt(registry, delivery_id: int, now: dt.datetime) -> str:
    """Send one delivery; on failure keep the error and plan the next try."""
    settings = registry.relais_settings

    def work(session):
        row = session.get(Delivery, delivery_id)
        if row is None or row.status != PENDING:
            return row.status if row else None
        subscription = row.subscription
        row.attempts += 1
        try:
            # A savepoint, so a failed query leaves the row writable.
            with session.begin_nested():
                recipients = recipients_of(subscription)
                if not recipients:
                    raise ValueError("no recipient")
                # Filters resolve on the day it goes out, in the owner's zone.
                parts = delivery.render_spec(
                    registry, session, spec_of(subscription), subscription.owner, now
                )
                delivery.send(registry, recipients, *parts)
        except Exception as exc:  # noqa: BLE001 - any failure is kept and retried
            row.error = f"{type(exc).__name__}: {exc}"[:500]
            if row.attempts >= settings["relais.reporting.max_attempts"]:
                row.status = FAILED
                log.error(
                    "reporting.delivery.failed delivery_id=%s subscription_id=%s"
                    " attempts=%d error=%s",
                    row.id,
                    subscription.id,
                    row.attempts,
                    row.error,
                )
                _tell_owner(registry, subscription, row)
            else:
                delay = settings["relais.reporting.retry_minutes"] * row.attempts
                row.next_attempt_at = now + dt.timedelta(minutes=delay)
                log.warning(
                    "reporting.delivery.retry delivery_id=%s attempts=%d error=%s",
                    row.id,
                    row.attempts,
                    row.error,
                )
            return row.status
        row.status = SENT
        row.sent_at = now
        row.error = None
        subscription.last_sent_at = now
        return SENT

    return run_in_transaction(registry, work)


def _tell_owner(registry, subscription: Subscription, row: Delivery) -> None:
    """Mail the owner that a run was given up, with the reason."""
    from pyramid_mailer.message import Message

    owner = subscription.owner
    words = delivery.Translator(
        registry, owner.locale or registry.relais_settings["relais.default_locale"]
    )
    body = words.translate(
        _(
            'The report subscription "${name}" could not be sent after'
            " ${attempts} attempts.\n\nReason: ${error}",
            mapping={
                "name": subscription.name,
                "attempts": row.attempts,
                "error": row.error,
            },
        )
    )
    message = Message(
        subject=words.translate(
            _("Report not sent: ${name}", mapping={"name": subscription.name})
        ),
        sender=registry.relais_settings["relais.mail.sender"],
        recipients=[owner.email],
        body=body,
    )
    try:
        registry.relais_mailer.send_immediately(message)
    except Exception:  # noqa: BLE001 - the failure is already logged and kept
        log.exception("reporting.delivery.report_failed delivery_id=%s", row.id)


def send_due(registry, now: dt.datetime | None = None) -> dict:
    """The periodic task: claim what is due, then send what is pending."""
    now = now or dt.datetime.now(dt.UTC)
    claimed = claim_due(registry, now)
    outcome = {SENT: 0, PENDING: 0, FAILED: 0}
    for delivery_id in pending_ids(registry, now):
        status = attempt(registry, delivery_id, now)
        if status in outcome:
            outcome[status] += 1
    if claimed or any(outcome.values()):
        log.info(
            "reporting.send_due claimed=%d sent=%d retrying=%d failed=%d",
            claimed,
            outcome[SENT],
            outcome[PENDING],
            outcome[FAILED],
        )
    return {"claimed": claimed, **outcome}


def send_preview(registry, user_id: int, spec: dict) -> None:
    """The "test the rendering" task: send the report now to its author."""

    def work(session):
        user = session.get(User, user_id)
        now = dt.datetime.now(dt.UTC)
        parts = delivery.render_spec(
            registry, session, delivery.Spec(**spec), user, now
        )
        delivery.send(registry, [user.email], *parts)

    run_in_transaction(registry, work)
