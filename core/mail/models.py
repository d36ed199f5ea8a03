"""What capture keeps: positions in the mailbox, messages, attachments, filings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.actions.models import Action
from core.auth.models import User, utcnow
from core.db import Base
from core.db.types import UTCDateTime
from core.directory.models import Company, Contact

# What became of a captured message.
FILED = "filed"  # at least one contact got it
INBOX = "inbox"  # nobody matched: waiting in the inbox
REFUSED = "refused"  # not sent by an active user
FAILED = "failed"  # could not be read at all
DISCARDED = "discarded"  # thrown away from the inbox
STATUSES = (FILED, INBOX, REFUSED, FAILED, DISCARDED)


class CapturePosition(Base):
    """The last UID filed from a mailbox folder, for one UIDVALIDITY.

    A new UIDVALIDITY means the server renumbered the folder: a new row
    starts at zero and the Message-ID and content hash recognise the
    messages already filed (case M-03).
    """

    __tablename__ = "capture_position"
    __table_args__ = (UniqueConstraint("mailbox", "uidvalidity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox: Mapped[str] = mapped_column(String(300))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )


class CapturedMail(Base):
    """One message read from the capture mailbox, whatever became of it."""

    __tablename__ = "captured_mail"
    __table_args__ = (
        Index("ix_captured_mail_message_id", "message_id"),
        Index("ix_captured_mail_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox: Mapped[str] = mapped_column(String(300))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[str | None] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20))
    # The active user who sent the message, or forwarded it to the address.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    forwarded: Mapped[bool] = mapped_column(default=False)
    sender_email: Mapped[str | None] = mapped_column(String(320))
    sender_name: Mapped[str | None] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(1000), default="")
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    body: Mapped[str] = mapped_column(Text, default="")
    # [{"name": ..., "email": ...}] of the people the exchange was with.
    correspondents: Mapped[list] = mapped_column(JSON, default=list)
    unmatched: Mapped[list] = mapped_column(JSON, default=list)
    problems: Mapped[list] = mapped_column(JSON, default=list)
    size: Mapped[int] = mapped_column(Integer, default=0)

    user: Mapped[User | None] = relationship()
    attachments: Mapped[list[CapturedAttachment]] = relationship(
        back_populates="mail", cascade="all, delete-orphan"
    )
    filings: Mapped[list[MailFiling]] = relationship(
        back_populates="mail", cascade="all, delete-orphan"
    )


class CapturedAttachment(Base):
    """A file of a captured message; ``data`` is empty when it was refused."""

    __tablename__ = "captured_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    mail_id: Mapped[int] = mapped_column(
        ForeignKey("captured_mail.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(BigInteger)
    # The bytes until the mail is filed; then they live in the document.
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL")
    )
    # "too-large" or "type-refused" when the file was not kept.
    refused: Mapped[str | None] = mapped_column(String(40))

    mail: Mapped[CapturedMail] = relationship(back_populates="attachments")


class MailFiling(Base):
    """A captured message filed on a contact (and so on its company)."""

    __tablename__ = "mail_filing"
    __table_args__ = (UniqueConstraint("mail_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mail_id: Mapped[int] = mapped_column(
        ForeignKey("captured_mail.id", ondelete="CASCADE")
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("company.id", ondelete="SET NULL"), index=True
    )
    # Who filed it: the sender, or whoever associated it from the inbox.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("action.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    mail: Mapped[CapturedMail] = relationship(back_populates="filings")
    contact: Mapped[Contact] = relationship()
    company: Mapped[Company | None] = relationship()
    user: Mapped[User | None] = relationship()
    action: Mapped[Action | None] = relationship()


class UnsentMail(Base):
    """Outgoing mail the SMTP server refused or never took: kept, not dropped.

    A row appears at the first failed attempt and is marked sent when a retry
    (or an administrator's "send again") gets through.
    """

    __tablename__ = "unsent_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(60))
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    subject: Mapped[str] = mapped_column(String(1000))
    payload: Mapped[dict] = mapped_column(JSON)
    error: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
