"""Capture over TLS against the real Dovecot: IMAPS, STARTTLS, untrusted servers."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from core.mail.capture import capture_run, capture_task
from core.mail.imap import DONE_KEYWORD, MailboxError
from core.mail.models import CapturedMail
from core.settings import SettingError
from core.testing.imap import compose


def deliver_one(dovecot, factories) -> None:
    factories.user(email="lea@relais.example")
    contact = factories.contact(factories.company(), email="client@annonceur.example")
    dovecot.deliver(compose("lea@relais.example", contact.email, subject="Chiffré"))


def subjects(dbsession) -> list[str]:
    dbsession.expire_all()
    return list(dbsession.scalars(select(CapturedMail.subject)))


def test_imaps_with_the_servers_authority_captures_the_mail(
    make_app, capture_settings, dovecot, factories, dbsession
):
    registry = make_app.registry(
        **{
            **capture_settings,
            "relais.capture.tls": "implicit",
            "relais.capture.port": str(dovecot.tls_port),
            "relais.capture.ca_file": str(dovecot.ca_file),
        }
    )
    deliver_one(dovecot, factories)

    assert capture_run(registry) == {"filed": 1}
    assert subjects(dbsession) == ["Chiffré"]


def test_starttls_upgrades_the_plain_port_before_the_login(
    make_app, capture_settings, dovecot, factories, dbsession
):
    registry = make_app.registry(
        **{
            **capture_settings,
            "relais.capture.tls": "starttls",
            "relais.capture.ca_file": str(dovecot.ca_file),
        }
    )
    deliver_one(dovecot, factories)

    assert capture_run(registry) == {"filed": 1}
    assert subjects(dbsession) == ["Chiffré"]


@pytest.mark.parametrize("mode", ["implicit", "starttls"])
def test_a_certificate_nobody_vouches_for_is_refused_with_a_clear_error(
    make_app, capture_settings, dovecot, factories, dbsession, caplog, mode
):
    # No CA file: the system's authorities do not know the test's one.
    port = dovecot.tls_port if mode == "implicit" else dovecot.port
    registry = make_app.registry(
        **{
            **capture_settings,
            "relais.capture.tls": mode,
            "relais.capture.port": str(port),
        }
    )
    deliver_one(dovecot, factories)

    with pytest.raises(MailboxError, match="relais.capture.ca_file"):
        capture_run(registry)
    with caplog.at_level(logging.ERROR, logger="core.mail.capture"):
        capture_task(registry)

    (record,) = [r for r in caplog.records if r.name == "core.mail.capture"]
    assert "not trusted" in record.getMessage()
    assert f"127.0.0.1:{port}" in record.getMessage()
    assert subjects(dbsession) == []
    # Nothing was read on the server either.
    for flags in dovecot.messages().values():
        assert b"\\Seen" not in flags and DONE_KEYWORD not in flags


def test_an_unknown_tls_mode_stops_start_up_naming_the_setting(make_app):
    with pytest.raises(SettingError, match="relais.capture.tls"):
        make_app.registry(**{"relais.capture.tls": "sometimes"})
