"""Outgoing mail: composed with pyramid_mailer, sent from a task after commit.

In development the ``folder`` transport writes each message as a file under
``relais.mail.folder`` so that nobody is e-mailed by accident.
"""

from __future__ import annotations

import logging
import re
import smtplib

from pyramid_mailer.mailer import DebugMailer, Mailer
from pyramid_mailer.message import Message
from repoze.sendmail.mailer import SMTPMailer

log = logging.getLogger(__name__)

_BARE_LF = re.compile(rb"(?<!\r)\n")


def _crlf(message):
    if isinstance(message, str):
        message = message.encode("utf-8")
    return _BARE_LF.sub(b"\r\n", message)


class _CRLFSMTP(smtplib.SMTP):
    # repoze.sendmail hands over bytes with bare LF line ends, which strict
    # servers refuse once a line passes 1000 bytes without CRLF.
    def sendmail(self, from_addr, to_addrs, msg, *args, **kwargs):
        return super().sendmail(from_addr, to_addrs, _crlf(msg), *args, **kwargs)


class _CRLFSMTPSSL(smtplib.SMTP_SSL):
    def sendmail(self, from_addr, to_addrs, msg, *args, **kwargs):
        return super().sendmail(from_addr, to_addrs, _crlf(msg), *args, **kwargs)


class CRLFSMTPMailer(SMTPMailer):
    smtp = _CRLFSMTP
    smtp_ssl = _CRLFSMTPSSL


def make_mailer(settings):
    sender = settings["relais.mail.sender"]
    if settings["relais.mail.transport"] == "folder":
        return DebugMailer(settings["relais.mail.folder"])
    smtp = CRLFSMTPMailer(
        hostname=settings["mail.host"],
        port=settings["mail.port"],
        username=settings["mail.username"],
        password=settings["mail.password"],
        no_tls=not settings["mail.tls"],
        force_tls=settings["mail.tls"],
        ssl=settings["mail.ssl"],
    )
    return Mailer(smtp_mailer=smtp, default_sender=sender)


def _send_mail_task(registry, payload: dict) -> None:
    settings = registry.relais_settings
    message = Message(
        subject=payload["subject"],
        sender=payload.get("sender") or settings["relais.mail.sender"],
        recipients=payload["recipients"],
        body=payload["body"],
        html=payload.get("html"),
    )
    registry.relais_mailer.send_immediately(message)
    log.info(
        "mail.sent kind=%s recipients=%d",
        payload.get("kind"),
        len(payload["recipients"]),
    )


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def send_mail(request, recipients, subject, body, html=None, kind="mail") -> None:
    """Queue a message; it leaves only if the current transaction commits.

    Bodies may come straight from a Chameleon text template, which renders
    to UTF-8 bytes; the task queue and the mailer want text.
    """
    payload = {
        "recipients": list(recipients),
        "subject": str(subject),
        "body": _text(body),
        "html": _text(html),
        "kind": kind,
    }
    request.tasks.enqueue("core.send_mail", payload)


def includeme(config):
    config.registry.relais_mailer = make_mailer(config.registry.relais_settings)
    config.add_task("core.send_mail", _send_mail_task, retries=3, retry_delay=60)
