"""E-mail reminders at the follow-up time, swept by the worker (T-03).

Due reminders live in the database: a follow-up is due once its time has
passed and ``follow_up_reminded_at`` is empty. Every minute the sweep claims
the due ones (marking them in the same transaction) and queues the mail
after that transaction commits. A worker killed before or during a sweep
leaves the reminders unclaimed, so the next sweep after the restart sends
them; a committed claim is never sent again. Postponing a follow-up clears
the mark, so the new time gets its own reminder.
"""

from __future__ import annotations

import datetime as dt
import logging

import transaction
from pyramid.i18n import Localizer, TranslationString, make_localizer
from pyramid.interfaces import ITranslationDirectories
from sqlalchemy import select

from core.actions.models import Action, ActionPreference
from core.actions.timezones import user_zone
from core.auth.models import utcnow
from core.db import tm_session
from core.i18n import _
from core.tasks import TaskQueue

log = logging.getLogger(__name__)

TASK = "actions.send_reminders"
# Follow-ups older than this when the sweep first sees them are not mailed:
# after a long outage the todo shows them as late, a flood of mail would not.
CATCH_UP = dt.timedelta(hours=12)


def _localizer(registry, locale: str) -> Localizer:
    folders = registry.queryUtility(ITranslationDirectories, default=[])
    return make_localizer(locale, folders)


def _recipients(session, action: Action) -> list:
    wanted = []
    for visitor in action.visitors:
        pref = session.get(ActionPreference, visitor.id)
        if visitor.active and visitor.email and pref and pref.mail_reminders:
            wanted.append(visitor)
    return wanted


def message(registry, user, action: Action) -> dict:
    """The reminder mail to ``user`` about ``action``, in their language."""
    translate = _localizer(registry, user.locale).translate
    zone = user_zone(user, registry)
    when = action.follow_up_at.astimezone(zone).strftime("%d/%m/%Y %H:%M")
    base = registry.relais_settings["relais.base_url"]
    lines = [
        translate(
            TranslationString(
                _("Follow-up due on ${when}: ${subject}"),
                mapping={"when": when, "subject": action.subject},
            )
        ),
        ", ".join(contact.display_name for contact in action.contacts),
    ]
    if base:
        lines.append(f"{base}/actions/{action.id}/next")
    return {
        "recipients": [user.email],
        "subject": translate(
            TranslationString(
                _("Follow-up: ${subject}"), mapping={"subject": action.subject}
            )
        ),
        "body": "\n\n".join(lines) + "\n",
        "kind": "actions.reminder",
    }


def claim_due(session, registry, tasks: TaskQueue, now: dt.datetime) -> int:
    """Mark the due follow-ups reminded and queue their mail; return a count."""
    query = (
        select(Action)
        .where(
            Action.follow_up_at.is_not(None),
            Action.follow_up_done_at.is_(None),
            Action.cancelled_at.is_(None),
            Action.follow_up_reminded_at.is_(None),
            Action.follow_up_at <= now,
            Action.follow_up_at > now - CATCH_UP,
        )
        .order_by(Action.follow_up_at)
        # Two workers sweeping at once must not both claim one follow-up.
        .with_for_update(skip_locked=True)
    )
    sent = 0
    for action in session.scalars(query):
        action.follow_up_reminded_at = now
        for user in _recipients(session, action):
            tasks.enqueue("core.send_mail", message(registry, user, action))
            sent += 1
    session.flush()
    return sent


def send_due_reminders(registry, now: dt.datetime | None = None) -> int:
    """The periodic sweep: one transaction, mail queued after its commit."""
    manager = transaction.TransactionManager(explicit=True)
    session = tm_session(registry.relais_session_factory, manager)
    tasks = TaskQueue(registry, manager)
    try:
        with manager:
            sent = claim_due(session, registry, tasks, now or utcnow())
    finally:
        session.close()
    log.info("actions.reminders.swept mails=%s", sent)
    return sent


def includeme(config):
    config.add_periodic_task(TASK, send_due_reminders, minute="*")
