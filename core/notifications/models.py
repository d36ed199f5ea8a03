"""Subscriptions to channels and the notifications of each user's timeline."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth.models import User, utcnow
from core.db import Base
from core.db.types import UTCDateTime
from core.directory.models import Company, Contact


class NotificationSubscription(Base):
    """A user who receives a channel, in the centre and maybe by e-mail."""

    __tablename__ = "notification_subscription"
    __table_args__ = (UniqueConstraint("user_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    channel: Mapped[str] = mapped_column(String(60))
    by_email: Mapped[bool] = mapped_column(Boolean, default=False)


class Notification(Base):
    """One event in one user's timeline."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    channel: Mapped[str] = mapped_column(String(60))
    event: Mapped[str] = mapped_column(String(60))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE")
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE")
    )
    # Actions and opportunities live in their own modules: kept as ids.
    action_id: Mapped[int | None] = mapped_column()
    opportunity_id: Mapped[int | None] = mapped_column()
    summary: Mapped[str] = mapped_column(String(300), default="")
    message: Mapped[str | None] = mapped_column(Text)
    # Delivered because the user follows the record, not by subscription.
    followed: Mapped[bool] = mapped_column(Boolean, default=False)
    # A page of the application the notification leads to (a finished export).
    link: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    company: Mapped[Company | None] = relationship()
    contact: Mapped[Contact | None] = relationship()
