"""M-04: the connection drops in the middle of a batch; the next run resumes."""

from __future__ import annotations

import imaplib
import socket

import pytest
from sqlalchemy import func, select

from core.mail.capture import capture_run
from core.mail.imap import ImapMailbox
from core.mail.models import CapturedMail, MailFiling
from core.testing.imap import CuttingProxy, compose


def count(dbsession, model) -> int:
    dbsession.expire_all()
    return dbsession.scalar(select(func.count()).select_from(model))


def test_a_cut_after_fifty_messages_ends_with_exactly_one_hundred_actions(
    make_app, capture_settings, dovecot, factories, dbsession
):
    registry = make_app.registry(**capture_settings)
    factories.user(email="lea@relais.example")
    contact = factories.contact(factories.company(), email="client@annonceur.example")
    dovecot.deliver(
        *[
            compose("lea@relais.example", contact.email, subject=f"Message {n}")
            for n in range(100)
        ]
    )
    proxy = CuttingProxy(dovecot.host, dovecot.port, cut_after=50)
    settings = registry.relais_settings
    cut = ImapMailbox.from_settings(settings)
    cut.port, cut.timeout = proxy.port, 5
    try:
        with pytest.raises((imaplib.IMAP4.abort, OSError, socket.timeout)):
            capture_run(registry, cut)
    finally:
        proxy.close()

    filed_before = count(dbsession, MailFiling)
    assert 0 < filed_before < 100
    # Nothing was deleted on the server before the commit.
    assert len(dovecot.messages()) == 100

    outcome = capture_run(registry)

    assert outcome == {"filed": 100 - filed_before}
    assert count(dbsession, MailFiling) == 100
    assert count(dbsession, CapturedMail) == 100
    subjects = set(dbsession.scalars(select(CapturedMail.subject)))
    assert subjects == {f"Message {n}" for n in range(100)}
