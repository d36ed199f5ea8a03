"""Outgoing mail: composed with pyramid_mailer, sent from a task after commit.

A message the server does not take is retried by the queue and kept as an
:class:`~core.mail.models.UnsentMail` for the administrators, never dropped.

In development the ``folder`` transport writes each message as a file under
``relais.mail.folder`` so that nobody is e-mailed by accident.
"""

from __future__ import annotations

import logging
import re
import smtplib
import uuid
from email.utils import formataddr, parseaddr

from pyramid_mailer.mailer import DebugMailer, Mailer
from pyramid_mailer.message import Attachment, Message
from repoze.sendmail.mailer import SMTPMailer
from sqlalchemy import select

from core.auth.models import utcnow
from core.db import run_in_transaction
from core.mail.models import UnsentMail

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


def _utf8(text: str | None, content_type: str) -> Attachment | None:
    """A text part always declared UTF-8.

    Left to itself the mailer picks the smallest charset that holds the text
    (Latin-1 for most French), which contradicts the ``<meta charset>`` of an
    HTML part and makes the same mail change charset from one send to the next.
    """
    if text is None:
        return None
    return Attachment(
        data=text,
        content_type=f"{content_type}; charset=utf-8",
        transfer_encoding="quoted-printable",
        disposition="inline",
    )


def _send_mail_task(registry, payload: dict) -> None:
    """Send one message; a failure is recorded before the queue retries it."""
    settings = registry.relais_settings
    message = Message(
        subject=payload["subject"],
        sender=payload.get("sender") or _sender(settings, payload.get("from_name")),
        recipients=payload["recipients"],
        body=_utf8(payload["body"], "text/plain"),
        html=_utf8(payload.get("html"), "text/html"),
        extra_headers=payload.get("headers") or {},
    )
    try:
        registry.relais_mailer.send_immediately(message)
    except Exception as exc:
        error = exc
        run_in_transaction(registry, lambda s: _record_failure(s, payload, error))
        log.warning(
            "mail.send_failed kind=%s key=%s error=%s",
            payload.get("kind"),
            payload.get("key"),
            type(exc).__name__,
        )
        raise
    if payload.get("key"):
        run_in_transaction(registry, lambda s: _record_success(s, payload["key"]))
    log.info(
        "mail.sent kind=%s recipients=%d",
        payload.get("kind"),
        len(payload["recipients"]),
    )


def _sender(settings, name: str | None) -> str:
    """The configured From address, shown under ``name`` when one is given.

    The address itself never changes (the mail server is allowed to send for
    it); only the name people see does, encoded when it is not plain ASCII.
    """
    configured = settings["relais.mail.sender"]
    name = _one_line(name)
    if not name:
        return configured
    return formataddr((name, parseaddr(configured)[1]), charset="utf-8")


def person_address(name: str, email: str) -> str:
    """``"Name" <e-mail>`` for a header, encoded when it is not plain ASCII."""
    return formataddr((_one_line(name), email), charset="utf-8")


def _one_line(text: str | None) -> str:
    # A line break in a header would start a header of its own.
    return " ".join((text or "").split())


def _record_failure(session, payload: dict, exc: Exception) -> None:
    key = payload.get("key") or uuid.uuid4().hex
    row = session.scalar(select(UnsentMail).where(UnsentMail.key == key))
    if row is None:
        row = UnsentMail(
            key=key,
            kind=str(payload.get("kind") or "mail")[:60],
            recipients=list(payload["recipients"]),
            subject=str(payload["subject"])[:1000],
            payload={**payload, "key": key},
            attempts=0,
        )
        session.add(row)
    row.attempts = (row.attempts or 0) + 1
    row.error = f"{type(exc).__name__}: {exc}"[:2000]
    row.last_attempt_at = utcnow()
    row.sent_at = None


def _record_success(session, key: str) -> None:
    row = session.scalar(select(UnsentMail).where(UnsentMail.key == key))
    if row is not None:
        row.sent_at = utcnow()


def failed_mail(session) -> list[UnsentMail]:
    """Mail still unsent, newest first, for the administrators' page."""
    query = select(UnsentMail).where(UnsentMail.sent_at.is_(None))
    return list(session.scalars(query.order_by(UnsentMail.id.desc())))


def resend(request, row: UnsentMail) -> None:
    """Queue an unsent mail again, under the same key."""
    request.tasks.enqueue("core.send_mail", dict(row.payload))


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def mail_payload(recipients, subject, body, html=None, kind="mail") -> dict:
    """What the ``core.send_mail`` task takes: text only, and a key of its own.

    Bodies may come straight from a Chameleon text template, which renders
    to UTF-8 bytes; the task queue and the mailer want text.
    """
    return {
        "key": uuid.uuid4().hex,
        "recipients": list(recipients),
        "subject": str(subject),
        "body": _text(body),
        "html": _text(html),
        "kind": kind,
    }


def send_mail(request, recipients, subject, body, html=None, kind="mail") -> None:
    """Queue a message; it leaves only if the current transaction commits."""
    payload = mail_payload(recipients, subject, body, html=html, kind=kind)
    request.tasks.enqueue("core.send_mail", payload)


def includeme(config):
    config.registry.relais_mailer = make_mailer(config.registry.relais_settings)
    config.add_task("core.send_mail", _send_mail_task, retries=3, retry_delay=60)
