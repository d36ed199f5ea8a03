"""IMAP IDLE: a mail arriving while the worker waits is filed at once."""

from __future__ import annotations

import threading

from sqlalchemy import select

from core.mail.idle import IdleWatcher, start_idle_watcher
from core.mail.imap import ImapMailbox
from core.mail.models import CapturedMail
from core.testing.imap import compose


def test_a_mail_arriving_during_idle_is_captured(
    make_app, capture_settings, dovecot, factories, dbsession
):
    registry = make_app.registry(**capture_settings)
    factories.user(email="lea@relais.example")
    watcher = IdleWatcher(registry, idle_seconds=20)
    message = compose("lea@relais.example", "quelqu@un.example", subject="Pendant")

    with ImapMailbox.from_settings(registry.relais_settings) as mailbox:
        assert mailbox.can_idle
        # Delivered from another connection once the wait has begun.
        timer = threading.Timer(0.5, dovecot.deliver, args=(message,))
        timer.start()
        arrived = watcher.cycle(mailbox)
        timer.join()

    assert arrived
    subjects = dbsession.scalars(select(CapturedMail.subject)).all()
    assert subjects == ["Pendant"]


def test_no_watcher_without_capture(make_app):
    assert start_idle_watcher(make_app.registry()) is None
