"""Lists of companies or contacts that salespeople segment and work through.

A list keeps the criteria it was built from and their history; its rows keep
what people did to them (hidden, selected, the list's own info value, added
or removed by hand), so regenerating the list never loses a mark.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth.models import User, utcnow
from core.db import Base
from core.db.types import UTCDateTime
from core.directory.models import Company, Contact
from core.i18n import _
from core.reference.models import ReferenceMixin

if TYPE_CHECKING:
    from core.actions.models import Action

COMPANY = "company"
CONTACT = "contact"
KINDS = (COMPANY, CONTACT)

PUBLIC = "public"
PRIVATE = "private"
SHARED = "shared"
VISIBILITIES = (PUBLIC, PRIVATE, SHARED)

# How a row came into the list; a row removed by hand stays as a tombstone so
# that regenerating does not bring it back.
BY_CRITERIA = "criteria"
BY_HAND = "hand"


class ListType(ReferenceMixin, Base):
    """Liste, Prospection...: an administrator's reference list."""

    __tablename__ = "list_type"
    kind = "list_type"


class RecordList(Base):
    __tablename__ = "record_list"
    # A deleted list's id is never given again: on SQLite a bookmark to it
    # would otherwise open the next new list (PostgreSQL never reuses).
    __table_args__ = (
        Index("ix_record_list_owner_id", "owner_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))
    type_id: Mapped[int | None] = mapped_column(ForeignKey("list_type.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    visibility: Mapped[str] = mapped_column(String(10), default=PRIVATE)
    allow_modification: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str | None] = mapped_column(Text)
    # The search criteria the list was built from (core.search.criteria form).
    criteria: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    regenerated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    type: Mapped[ListType | None] = relationship()
    owner: Mapped[User] = relationship()
    infos: Mapped[list[ListInfo]] = relationship(
        back_populates="list",
        cascade="all, delete-orphan",
        order_by="ListInfo.label",
    )

    __mapper_args__ = {"version_id_col": version}


class ListCriteria(Base):
    """One version of a list's criteria, kept when they change."""

    __tablename__ = "record_list_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("record_list.id", ondelete="CASCADE"), index=True
    )
    criteria: Mapped[dict] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    created_by: Mapped[User | None] = relationship()


class ListInfo(Base):
    """A value of the list's own "info" column (OUI, NON, A rappeler...)."""

    __tablename__ = "record_list_info"
    __table_args__ = (UniqueConstraint("list_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("record_list.id", ondelete="CASCADE")
    )
    label: Mapped[str] = mapped_column(String(80))

    list: Mapped[RecordList] = relationship(back_populates="infos")


class ListRow(Base):
    """A company or a contact in a list, with what people marked on it."""

    __tablename__ = "record_list_row"
    __table_args__ = (
        UniqueConstraint("list_id", "company_id", name="uq_record_list_row_company"),
        UniqueConstraint("list_id", "contact_id", name="uq_record_list_row_contact"),
        Index("ix_record_list_row_company_id", "company_id"),
        Index("ix_record_list_row_contact_id", "contact_id"),
        # Exports page through a list's rows in row order.
        Index("ix_record_list_row_list_id_id", "list_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("record_list.id", ondelete="CASCADE")
    )
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE")
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE")
    )
    origin: Mapped[str] = mapped_column(String(10), default=BY_CRITERIA)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    selected: Mapped[bool] = mapped_column(Boolean, default=False)
    info_id: Mapped[int | None] = mapped_column(
        ForeignKey("record_list_info.id", ondelete="SET NULL")
    )
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The last call or meeting recorded from this row: the row was worked.
    last_action_id: Mapped[int | None] = mapped_column(
        ForeignKey("action.id", ondelete="SET NULL")
    )

    company: Mapped[Company | None] = relationship()
    contact: Mapped[Contact | None] = relationship()
    info: Mapped[ListInfo | None] = relationship()
    last_action: Mapped[Action | None] = relationship()


# How each state of a bulk action reads to the user (the raw code is for data).
OPERATION_STATUSES = {
    "pending": _("waiting"),
    "running": _("in progress"),
    "done": _("done"),
    "failed": _("failed"),
}


class ListOperation(Base):
    """A bulk change made on a list: who, what, on how many rows, how far."""

    __tablename__ = "record_list_operation"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int | None] = mapped_column(
        ForeignKey("record_list.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    operation: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(10))  # selected, visible
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="running")
    message: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @property
    def status_label(self):
        """The translatable label of the status, the code itself if unknown."""
        return OPERATION_STATUSES.get(self.status, self.status)
