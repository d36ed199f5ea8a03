"""What changed, who changed it, and the journal that lets a merge be undone."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth.models import User, utcnow
from core.db import Base
from core.db.types import UTCDateTime


class HistoryEvent(Base):
    """One thing that happened to one record: created, updated, merged...

    ``entity`` is the name a tracked model was declared with ("company",
    "contact", "budget"...); ``entity_id`` is not a foreign key, so the
    history of a record outlives the record and survives merges.
    """

    __tablename__ = "history_event"
    __table_args__ = (
        Index("ix_history_event_entity", "entity", "entity_id", "at"),
        Index("ix_history_event_kind_at", "entity", "kind", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    # Event-specific facts, e.g. the other company of a merge.
    detail: Mapped[dict | None] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()
    changes: Mapped[list[HistoryChange]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="HistoryChange.id",
    )


class HistoryChange(Base):
    """One field of an event: its value before and after, as shown to people."""

    __tablename__ = "history_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("history_event.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)

    event: Mapped[HistoryEvent] = relationship(back_populates="changes")


class RecentRecord(Base):
    """A record a user opened, for the quick search box's "recently opened"."""

    __tablename__ = "recent_record"
    __table_args__ = (
        UniqueConstraint("user_id", "entity", "entity_id"),
        Index("ix_recent_record_user_opened", "user_id", "entity", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Merge(Base):
    """A company or contact merged into another, with what it takes to undo it.

    ``source_id`` and ``target_id`` are plain integers (no foreign key) for
    the same reason as :class:`HistoryEvent`: the journal must never be what
    still "points at" the merged record.
    """

    __tablename__ = "history_merge"
    __table_args__ = (Index("ix_history_merge_source", "entity", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[int] = mapped_column(Integer)
    target_id: Mapped[int] = mapped_column(Integer)
    source_name: Mapped[str] = mapped_column(String(200), default="")
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    merged_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    undone_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    undone_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # What the source record itself looked like (its "active" flag...).
    source_state: Mapped[dict | None] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    undone_by: Mapped[User | None] = relationship(foreign_keys=[undone_by_id])
    rows: Mapped[list[MergeRow]] = relationship(
        back_populates="merge", cascade="all, delete-orphan", order_by="MergeRow.id"
    )


class MergeRow(Base):
    """One row a merge step moved (or removed as a duplicate), to put it back."""

    __tablename__ = "history_merge_row"

    id: Mapped[int] = mapped_column(primary_key=True)
    merge_id: Mapped[int] = mapped_column(
        ForeignKey("history_merge.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[str] = mapped_column(String(80))
    data: Mapped[dict] = mapped_column(JSON)

    merge: Mapped[Merge] = relationship(back_populates="rows")
