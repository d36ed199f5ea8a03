"""Filing one captured message: on its contacts, in the inbox, or refused.

Everything here happens inside the transaction that also moves the capture
position, so a message is either filed and counted as read, or neither.
"""

from __future__ import annotations

import html
import logging
import os
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actions.services import create_action
from core.auth.models import User, utcnow
from core.directory.models import Contact
from core.documents.models import Document
from core.documents.services import (
    DocumentProblem,
    attach_document,
    check_file,
    share_document,
)
from core.events import registry_of
from core.mail.headers import Address
from core.mail.matching import contacts_for, find_user, user_keys
from core.mail.models import (
    FAILED,
    FILED,
    INBOX,
    REFUSED,
    CapturedAttachment,
    CapturedMail,
    CapturePosition,
    MailFiling,
)
from core.mail.parsing import ParsedMail, content_hash, parse_message
from core.mail.settings import MEGABYTE

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Origin:
    """Where a message was read: the mailbox key, its UIDVALIDITY and the UID."""

    mailbox: str
    uidvalidity: int
    uid: int


def advance(session: Session, origin: Origin) -> None:
    """Record ``origin.uid`` as read, in the caller's transaction."""
    position = session.scalar(
        select(CapturePosition).where(
            CapturePosition.mailbox == origin.mailbox,
            CapturePosition.uidvalidity == origin.uidvalidity,
        )
    )
    if position is None:
        position = CapturePosition(
            mailbox=origin.mailbox, uidvalidity=origin.uidvalidity, last_uid=0
        )
        session.add(position)
    position.last_uid = max(position.last_uid or 0, origin.uid)
    session.flush()


def last_uid(session: Session, mailbox: str, uidvalidity: int) -> int:
    found = session.scalar(
        select(CapturePosition.last_uid).where(
            CapturePosition.mailbox == mailbox,
            CapturePosition.uidvalidity == uidvalidity,
        )
    )
    return found or 0


def already_captured(session: Session, parsed_id: str | None, digest: str) -> bool:
    """The last guard against a second copy: same Message-ID or same content."""
    query = select(CapturedMail.id).where(CapturedMail.content_hash == digest)
    if session.scalar(query) is not None:
        return True
    if parsed_id:
        query = select(CapturedMail.id).where(CapturedMail.message_id == parsed_id)
        return session.scalar(query.limit(1)) is not None
    return False


def _people(parsed: ParsedMail, ignored: set[str]) -> list[Address]:
    seen: set[str] = set()
    people = []
    for address in parsed.correspondents:
        if address.key in ignored or address.key in seen:
            continue
        seen.add(address.key)
        people.append(address)
    return people


def _attachments(parsed: ParsedMail, settings) -> list[CapturedAttachment]:
    limit = settings["relais.capture.max_attachment_mb"] * MEGABYTE
    refused_types = {e.lower().lstrip(".") for e in settings[_REFUSED]}
    kept = []
    for item in parsed.attachments:
        extension = os.path.splitext(item.filename)[1].lower().lstrip(".")
        refused = None
        if item.size > limit:
            refused = "too-large"
        elif extension in refused_types:
            refused = "type-refused"
        if refused:
            parsed.problems.note(f"attachment-{refused}")
        kept.append(
            CapturedAttachment(
                filename=item.filename[:300],
                content_type=item.content_type[:200],
                size=item.size,
                data=None if refused else item.data,
                refused=refused,
            )
        )
    return kept


_REFUSED = "relais.capture.refused_extensions"


def file_on(session: Session, mail: CapturedMail, contact: Contact, user) -> bool:
    """File ``mail`` on ``contact`` once, as an e-mail action; ``False`` if filed.

    The action is written by ``user`` (the sender, or whoever associated the
    mail from the inbox) and carries no follow-up: a captured mail records
    an exchange, it plans nothing.
    """
    exists = session.scalar(
        select(MailFiling.id).where(
            MailFiling.mail_id == mail.id, MailFiling.contact_id == contact.id
        )
    )
    if exists is not None:
        return False
    registry = registry_of(session)
    _check_attachments(registry, mail)
    action = create_action(
        session,
        registry,
        author=user,
        type_code="email",
        subject=action_subject(mail),
        start=mail.sent_at or mail.received_at or utcnow(),
        contacts=[contact],
        follow_up=None,
        report_html=report_html(mail),
        origin="mail",
    )
    _attach_documents(session, registry, mail, action, user)
    session.add(
        MailFiling(
            mail=mail,
            contact_id=contact.id,
            company_id=contact.company_id,
            user_id=user.id if user else None,
            action_id=action.id,
        )
    )
    session.flush()
    return True


def _check_attachments(registry, mail: CapturedMail) -> None:
    """Refuse, before the action's report is written, the files documents would.

    The documents module checks each file by its content and its size; a
    file it would refuse is noted in the report like one over the capture
    limit.
    """
    max_size = registry.relais_settings["relais.documents.max_size"]
    for item in mail.attachments:
        if item.data is None or item.document_id is not None:
            continue
        try:
            check_file(item.filename, item.data, max_size)
        except DocumentProblem:
            item.refused = "too-large" if item.size > max_size else "type-refused"
            mail.problems = [*mail.problems, f"attachment-{item.refused}"]
            item.data = None


def _attach_documents(session, registry, mail, action, user) -> None:
    """Give the files to the e-mail action, stored once for all its filings.

    The first filing stores each file as a document; a mail filed on
    several contacts (at once, or later from the inbox) gives every other
    e-mail action a document sharing that stored file.
    """
    for item in mail.attachments:
        if item.document_id is not None:
            first = session.get(Document, item.document_id)
            share_document(session, registry, first, action)
        elif item.data is not None:
            document = attach_document(
                session, registry, user, action, item.filename, item.data
            )
            item.document_id = document.id
            item.data = None
    session.flush()


def action_subject(mail: CapturedMail) -> str:
    subject = " ".join((mail.subject or "").split())
    if not subject:
        lines = [line.strip() for line in (mail.body or "").splitlines()]
        subject = next((line for line in lines if line), "") or "E-mail"
    return subject if len(subject) <= 300 else subject[:299] + "\u2026"


def report_html(mail: CapturedMail) -> str:
    """The action's report: the mail's text, then what was not kept of it."""
    paragraphs = [p for p in (mail.body or "").split("\n\n") if p.strip()]
    parts = [
        "<p>" + html.escape(p.strip()).replace("\n", "<br>") + "</p>"
        for p in paragraphs
    ]
    refused = [a for a in mail.attachments if a.refused]
    if refused:
        items = "".join(
            f"<li>{html.escape(a.filename)} ({a.size / MEGABYTE:.1f} MB): "
            f"{_REFUSED_NOTES[a.refused]}</li>"
            for a in refused
        )
        parts.append(f"<p>{_NOT_KEPT}</p><ul>{items}</ul>")
    return "".join(parts)


# Stored in the report, which is data, not interface: written in the
# product's first language.
_NOT_KEPT = "Pièces jointes non conservées :"
_REFUSED_NOTES = {
    "too-large": "trop volumineuse",
    "type-refused": "type de fichier refusé",
}


def match(session: Session, mail: CapturedMail, user: User | None) -> int:
    """File ``mail`` on every contact its correspondents name; return how many.

    The addresses nobody has stay in ``mail.unmatched`` for the inbox.
    """
    filed = 0
    unmatched = []
    for person in mail.correspondents:
        contacts = contacts_for(session, Address(person["name"], person["email"]))
        if not contacts:
            unmatched.append(person["email"])
        for contact in contacts:
            filed += file_on(session, mail, contact, user)
    mail.unmatched = unmatched
    return filed


def file_message(session: Session, settings, raw: bytes, origin: Origin) -> str:
    """Read, deduplicate and file one message; return what became of it.

    The answer is ``"duplicate"`` or one of the statuses of
    :mod:`core.mail.models`. The position moves in every case, so a message
    that cannot be read is kept as failed rather than retried for ever.
    """
    digest = content_hash(raw)
    try:
        parsed = parse_message(raw)
    except Exception:  # noqa: BLE001 - recorded, and the batch goes on
        log.exception("mail.capture.unreadable uid=%s", origin.uid)
        parsed = None
    if already_captured(session, parsed.message_id if parsed else None, digest):
        advance(session, origin)
        return "duplicate"

    mail = CapturedMail(
        mailbox=origin.mailbox,
        uidvalidity=origin.uidvalidity,
        uid=origin.uid,
        content_hash=digest,
        size=len(raw),
        status=FAILED,
    )
    session.add(mail)
    if parsed is None:
        mail.problems = ["unreadable"]
        session.flush()
        advance(session, origin)
        return FAILED

    _describe(mail, parsed, settings)
    mail.problems = list(parsed.problems)
    user = find_user(session, parsed.sender) or find_user(session, parsed.on_behalf)
    mail.user = user
    session.flush()
    if user is None:
        mail.status = REFUSED
        log.warning("mail.capture.refused mail_id=%s uid=%s", mail.id, origin.uid)
    else:
        ignored = user_keys(session)
        if settings["relais.capture.address"]:
            ignored.add(Address("", settings["relais.capture.address"]).key)
        mail.correspondents = [
            {"name": a.name, "email": a.email} for a in _people(parsed, ignored)
        ]
        mail.status = FILED if match(session, mail, user) else INBOX
    session.flush()
    advance(session, origin)
    return mail.status


def _describe(mail: CapturedMail, parsed: ParsedMail, settings) -> None:
    mail.message_id = parsed.message_id
    mail.sender_email = parsed.sender.email[:320] if parsed.sender else None
    mail.sender_name = parsed.sender.name[:300] if parsed.sender else None
    mail.subject = parsed.subject[:1000]
    mail.sent_at = parsed.date
    mail.body = parsed.text
    mail.forwarded = parsed.forwarded is not None
    mail.attachments = _attachments(parsed, settings)
