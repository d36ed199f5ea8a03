"""The reporting plugin's tables, all named ``reporting_*`` and keyed to core ids."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth.models import User, utcnow
from core.db import Base
from core.db.types import Money, UTCDateTime

subscription_user = Table(
    "reporting_subscription_user",
    Base.metadata,
    Column(
        "subscription_id",
        ForeignKey("reporting_subscription.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "user_id",
        ForeignKey("user_account.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class SavedFilter(Base):
    """A user's named set of filter texts for one report ("start of month")."""

    __tablename__ = "reporting_saved_filter"
    __table_args__ = (UniqueConstraint("user_id", "report", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    report: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(120))
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Subscription(Base):
    """A report mailed on a schedule, in its owner's time zone."""

    __tablename__ = "reporting_subscription"
    __table_args__ = (Index("ix_reporting_subscription_due", "active", "next_run_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    report: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(120))
    include_table: Mapped[bool] = mapped_column(Boolean, default=True)
    include_filters: Mapped[bool] = mapped_column(Boolean, default=True)
    output: Mapped[str] = mapped_column(String(20))
    frequency: Mapped[str] = mapped_column(String(10))
    hour: Mapped[int] = mapped_column(Integer, default=8)
    minute: Mapped[int] = mapped_column(Integer, default=0)
    weekday: Mapped[int | None] = mapped_column(Integer)
    monthday: Mapped[int | None] = mapped_column(Integer)
    # Filter texts as typed, resolved on the day each mail goes out.
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    addresses: Mapped[list] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    next_run_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner: Mapped[User] = relationship()
    recipients: Mapped[list[User]] = relationship(
        secondary=subscription_user, order_by="(User.last_name, User.id)"
    )


class Delivery(Base):
    """One due run of a subscription, kept until it is sent or given up.

    A run is claimed by writing this row (unique per subscription and due
    instant), so a second worker or a restart never sends it twice, and a
    worker killed mid-way finds it pending when it comes back.
    """

    __tablename__ = "reporting_delivery"
    __table_args__ = (
        UniqueConstraint("subscription_id", "due_at"),
        Index("ix_reporting_delivery_pending", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("reporting_subscription.id", ondelete="CASCADE")
    )
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)

    subscription: Mapped[Subscription] = relationship()


class PipeState(Base):
    """What an opportunity weighed in the pipe from ``at`` on, until the next row.

    Written whenever a change of the opportunity or of its lines changes its
    owner, status, total or outcome, so the pipe at a past date is read as
    it was that day rather than with today's amounts.
    """

    __tablename__ = "reporting_pipe_state"
    __table_args__ = (
        Index("ix_reporting_pipe_state_opportunity_at", "opportunity_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE")
    )
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    status_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunity_status.id", ondelete="SET NULL")
    )
    total: Mapped[Decimal] = mapped_column(Money)
    weighted: Mapped[Decimal] = mapped_column(Money)
    open: Mapped[bool] = mapped_column(Boolean)
