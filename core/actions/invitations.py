"""Meeting invitations e-mailed to an action's contacts (iCalendar / iTIP).

The first invitation is a ``METHOD:REQUEST`` with ``SEQUENCE:0``; each change
of subject, time or contacts sends the same UID with the next SEQUENCE, which
calendar applications apply as an update; cancelling the action sends
``METHOD:CANCEL``. The message is built in a task from the action's id, after
the transaction that changed the action has committed.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from urllib.parse import urlsplit

from icalendar import Calendar, Event, vCalAddress, vText
from pyramid_mailer.message import Attachment, Message
from sqlalchemy.orm import object_session

from core.actions.models import Action
from core.actions.richtext import report_text
from core.db import run_in_transaction

log = logging.getLogger(__name__)

TASK = "actions.send_invitation"
PRODID = "-//Relais//Relais CRM//FR"


def send_invitation(action: Action, tasks) -> None:
    """Queue a REQUEST for ``action``: a first one, or the next update."""
    if action.invitation_uid is None:
        action.invitation_uid = f"action-{action.id}-{secrets.token_hex(6)}"
        action.invitation_sequence = 0
    else:
        action.invitation_sequence += 1
    _flush(action)
    tasks.enqueue(TASK, action.id, "REQUEST", action.invitation_sequence)


def send_cancellation(action: Action, tasks) -> None:
    """Queue a CANCEL of the invitation of ``action``."""
    action.invitation_sequence += 1
    _flush(action)
    tasks.enqueue(TASK, action.id, "CANCEL", action.invitation_sequence)


def _flush(action: Action) -> None:
    # The task reads the action back by id; a queue that runs at once (tests,
    # commands) must find the UID and SEQUENCE already written.
    object_session(action).flush()


def invitees(action: Action) -> list:
    """The contacts the invitation goes to: those with an address who accept
    being contacted."""
    return [c for c in action.contacts if c.email and not c.do_not_contact]


def build_calendar(action: Action, method: str, sequence: int, domain: str) -> bytes:
    """The iCalendar object of the invitation, as bytes."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)

    event = Event()
    event.add("uid", f"{action.invitation_uid}@{domain}")
    event.add("sequence", sequence)
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", action.starts_at)
    event.add("dtend", action.ends_at or action.starts_at + dt.timedelta(hours=1))
    event.add("summary", action.subject)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{action.author.email}")
    organizer.params["cn"] = vText(action.author.display_name)
    event.add("organizer", organizer)
    for contact in invitees(action):
        attendee = vCalAddress(f"mailto:{contact.email}")
        attendee.params["cn"] = vText(contact.display_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def _domain(registry) -> str:
    base = registry.relais_settings["relais.base_url"]
    return urlsplit(base).hostname if base else "relais.invalid"


def _body(action: Action, method: str) -> str:
    when = action.starts_at.strftime("%Y-%m-%d %H:%M UTC")
    if method == "CANCEL":
        return f"{action.subject}\n{when}\n\nCancelled / Annulé.\n"
    return f"{action.subject}\n{when}\n\n{report_text(action.report_html)}\n"


def _send_task(registry, action_id: int, method: str, sequence: int) -> None:
    def work(session):
        action = session.get(Action, action_id)
        if action is None:
            return None
        recipients = [c.email for c in invitees(action)]
        if not recipients:
            return None
        ics = build_calendar(action, method, sequence, _domain(registry))
        prefix = "Annulé : " if method == "CANCEL" else ""
        message = Message(
            subject=f"{prefix}{action.subject}",
            sender=registry.relais_settings["relais.mail.sender"],
            recipients=recipients,
            body=_body(action, method),
            extra_headers={"Reply-To": action.author.email},
            attachments=[
                Attachment(
                    "invitation.ics",
                    f"text/calendar; method={method}; charset=utf-8",
                    ics,
                )
            ],
        )
        registry.relais_mailer.send_immediately(message)
        return len(recipients)

    count = run_in_transaction(registry, work)
    log.info(
        "actions.invitation.sent action_id=%s method=%s sequence=%s recipients=%s",
        action_id,
        method,
        sequence,
        count or 0,
    )


def includeme(config):
    config.add_task(TASK, _send_task, retries=3, retry_delay=60)
