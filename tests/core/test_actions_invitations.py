"""Invitations reach the contacts over SMTP as iCalendar REQUEST / CANCEL."""

import datetime as dt

from icalendar import Calendar

from core.actions import services
from core.tasks import TaskQueue


def calendar_of(message):
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return part, Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError("no text/calendar part")


def test_invitation_update_and_cancellation(factories, registry, outbox):
    tasks = TaskQueue(registry)
    contact = factories.contact(email="zoe.invite@annonceur.example")
    silent = factories.contact(email="no.mail@annonceur.example", do_not_contact=True)
    start = dt.datetime(2026, 6, 3, 8, 0, tzinfo=dt.UTC)
    action = factories.action(
        contacts=[contact, silent],
        subject="Présentation offre digitale",
        start=start,
        end=start + dt.timedelta(hours=1),
        invite=True,
        tasks=tasks,
    )
    message = outbox.wait_for_recipient("zoe.invite@annonceur.example")
    assert "no.mail@annonceur.example" not in message["To"]
    part, calendar = calendar_of(message)
    assert part.get_param("method") == "REQUEST"
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    uid = str(event["UID"])
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == start
    assert str(event["SUMMARY"]) == "Présentation offre digitale"
    assert str(event["ORGANIZER"]) == f"mailto:{action.author.email}"

    outbox.clear()
    services.move_action(
        factories.dbsession,
        registry,
        action,
        actor=action.author,
        start=start + dt.timedelta(days=1),
        end=start + dt.timedelta(days=1, hours=1),
        tasks=tasks,
    )
    _part, calendar = calendar_of(outbox.wait_for_recipient(contact.email))
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == uid
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == start + dt.timedelta(days=1)

    outbox.clear()
    services.cancel_action(
        factories.dbsession, registry, action, actor=action.author, tasks=tasks
    )
    _part, calendar = calendar_of(outbox.wait_for_recipient(contact.email))
    assert calendar["METHOD"] == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert (str(event["UID"]), event["SEQUENCE"]) == (uid, 2)
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_report_change_sends_no_update(factories, registry, outbox):
    tasks = TaskQueue(registry)
    action = factories.action(invite=True, tasks=tasks)
    outbox.wait_for(1)
    outbox.clear()
    services.update_action(
        factories.dbsession,
        registry,
        action,
        actor=action.author,
        report_html="<p>Bon échange</p>",
        tasks=tasks,
    )
    assert action.invitation_sequence == 0
    assert outbox.messages == []
