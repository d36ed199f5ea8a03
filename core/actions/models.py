"""Commercial actions, the chains they form, and their follow-ups.

An action is one interaction with contacts (a call, a meeting, an e-mail...).
Most carry a follow-up: the moment the salesperson means to come back to the
contacts. Following up is done by planning the next action of the same chain,
which closes the follow-up of the previous one; a chain is the history of one
commercial operation (a call, then a meeting, then a lunch...).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth.models import User, utcnow
from core.budgets.models import Budget
from core.db import Base
from core.db.types import Code, UTCDateTime
from core.directory.models import Contact, Tracked
from core.reference.models import ActionType

action_contact = Table(
    "action_contact",
    Base.metadata,
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column("contact_id", ForeignKey("contact.id"), primary_key=True, index=True),
)

action_visitor = Table(
    "action_visitor",
    Base.metadata,
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "user_id",
        ForeignKey("user_account.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class FollowUpState(Code):
    """Where a follow-up stands for the person looking at it, in their zone."""

    NONE = "none"  # no follow-up, or "do not follow up"
    DONE = "done"  # closed by the next action of the chain
    UPCOMING = "upcoming"
    DUE = "due"  # today, in the viewer's zone
    LATE = "late"  # a day before today


class ActionChain(Base):
    """The successive actions of one commercial operation."""

    __tablename__ = "action_chain"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    actions: Mapped[list[Action]] = relationship(
        back_populates="chain", order_by="(Action.starts_at, Action.id)"
    )


class Action(Tracked, Base):
    __tablename__ = "action"
    __table_args__ = (
        Index("ix_action_starts_at", "starts_at"),
        Index("ix_action_author_id", "author_id"),
        Index("ix_action_chain_id", "chain_id"),
        Index("ix_action_budget_id", "budget_id"),
        # The todo reads open follow-ups by date.
        Index("ix_action_follow_up_open", "follow_up_done_at", "follow_up_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("action_type.id"))
    subject: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # None: no follow-up ("do not follow up"). Closed when the next action of
    # the chain is planned from it (follow_up_done_at).
    follow_up_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    follow_up_done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # When the reminder of the current follow-up went out (browser or mail), so
    # a sweep after a restart neither skips nor repeats it.
    follow_up_reminded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    chain_id: Mapped[int] = mapped_column(ForeignKey("action_chain.id"))
    # The action whose follow-up this one answers, inside the same chain.
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("action.id", ondelete="SET NULL")
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # The advertiser's budget the action is about, when it is about one.
    budget_id: Mapped[int | None] = mapped_column(
        ForeignKey("budget.id", ondelete="SET NULL")
    )
    # Sanitised HTML (see core.actions.richtext); None until written.
    report_html: Mapped[str | None] = mapped_column(Text)
    # Where the action came from: "manual", "mail" (Bcc capture), "calendar"
    # (an external agenda), "import"... Drives the "synced" icon.
    origin: Mapped[str] = mapped_column(String(20), default="manual")
    # The iCalendar invitation sent to the contacts: its UID, and its SEQUENCE
    # (raised by each update sent).
    invitation_uid: Mapped[str | None] = mapped_column(String(120))
    invitation_sequence: Mapped[int] = mapped_column(Integer, default=0)
    # A cancelled action stays in its chain's history but leaves the todo and
    # the agenda; its invitation is cancelled with it.
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    type: Mapped[ActionType] = relationship()
    chain: Mapped[ActionChain] = relationship(back_populates="actions")
    previous: Mapped[Action | None] = relationship(remote_side="Action.id")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    budget: Mapped[Budget | None] = relationship()
    contacts: Mapped[list[Contact]] = relationship(
        secondary=action_contact, order_by="(Contact.last_name, Contact.id)"
    )
    visitors: Mapped[list[User]] = relationship(
        secondary=action_visitor, order_by="(User.last_name, User.id)"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def follow_up_open(self) -> bool:
        return self.follow_up_at is not None and self.follow_up_done_at is None

    @property
    def invited(self) -> bool:
        """An invitation went out and was not cancelled."""
        return self.invitation_uid is not None and self.cancelled_at is None

    @property
    def duration(self) -> dt.timedelta:
        if self.ends_at is None or self.ends_at < self.starts_at:
            return dt.timedelta(0)
        return self.ends_at - self.starts_at


class ActionPreference(Base):
    """A user's choices about follow-up reminders (no row: the defaults)."""

    __tablename__ = "action_preference"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    # A sound and a notification in the open browser at the follow-up time.
    browser_reminders: Mapped[bool] = mapped_column(Boolean, default=True)
    # An e-mail at the follow-up time, sent by the worker's sweep.
    mail_reminders: Mapped[bool] = mapped_column(Boolean, default=False)


class CalendarFeedToken(Base):
    """The secret of a user's private iCalendar feed; only its hash is kept."""

    __tablename__ = "calendar_feed_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
