"""Opportunities (the proposals of the pipe) and their product lines.

How the amounts read (see :mod:`core.opportunities.amounts` for the rule):

* an opportunity without lines counts for its typed ``amount``;
* with lines, it counts for the sum of its *open* lines; a line archived as
  won, lost or deleted leaves the pipe (a partial confirmation);
* the weighted amount is that total times the probability of the status,
  rounded once to the cent;
* ``closed`` (won or lost) takes the whole opportunity out of the pipe.

Reports read these tables directly: ``opportunity`` one row per proposal,
``opportunity_line`` one row per product and publication date, amounts in
cents (:class:`core.db.types.Money`), dates as plain calendar dates.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth.models import User
from core.db import Base
from core.db.types import Code, Money, UTCDateTime
from core.directory.models import Company, Contact, Tracked
from core.reference.models import OpportunityStatus, Product


class Outcome(Code):
    """How a closed opportunity ended."""

    WON = "won"
    LOST = "lost"


class LineArchive(Code):
    """Why a line left the pipe."""

    WON = "won"
    LOST = "lost"
    DELETED = "deleted"


class Opportunity(Tracked, Base):
    """A proposal made to a company, followed until it is won or lost."""

    __tablename__ = "opportunity"
    __table_args__ = (
        Index("ix_opportunity_owner_id", "owner_id"),
        Index("ix_opportunity_company_id", "company_id"),
        Index("ix_opportunity_decision_on", "decision_on"),
        Index("ix_opportunity_action_id", "action_id"),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    # The company the proposal is made to (the contact's), and the advertiser
    # it is for when that is another one (a media agency buying for a brand).
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # The action (a meeting, a call, an agenda event) it was proposed in.
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("action.id", ondelete="SET NULL")
    )
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    # Typed by the salesperson; ignored as soon as the opportunity has lines.
    amount: Mapped[Decimal | None] = mapped_column(Money)
    decision_on: Mapped[dt.date | None] = mapped_column(Date)
    campaign_on: Mapped[dt.date | None] = mapped_column(Date)
    status_id: Mapped[int] = mapped_column(ForeignKey("opportunity_status.id"))
    outcome: Mapped[str | None] = mapped_column(String(10))
    # The status it had before closing moved it to confirmée or perdu, given
    # back on reopening; None while it is open.
    open_status_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunity_status.id")
    )
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    company: Mapped[Company] = relationship(foreign_keys=[company_id])
    client: Mapped[Company | None] = relationship(foreign_keys=[client_id])
    contact: Mapped[Contact | None] = relationship()
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    status: Mapped[OpportunityStatus] = relationship(foreign_keys=[status_id])
    open_status: Mapped[OpportunityStatus | None] = relationship(
        foreign_keys=[open_status_id]
    )
    lines: Mapped[list[OpportunityLine]] = relationship(
        back_populates="opportunity",
        cascade="all, delete-orphan",
        order_by="(OpportunityLine.published_on.is_(None),"
        " OpportunityLine.published_on, OpportunityLine.id)",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def closed(self) -> bool:
        return self.outcome is not None

    @property
    def advertiser(self) -> Company:
        """Who the campaign is for: the client when given, else the company."""
        return self.client or self.company

    @property
    def counted_lines(self) -> list[OpportunityLine]:
        """The lines that were not deleted (open, won or lost)."""
        return [line for line in self.lines if line.archived != LineArchive.DELETED]

    @property
    def open_lines(self) -> list[OpportunityLine]:
        return [line for line in self.lines if line.archived is None]


class OpportunityLine(Base):
    """One product of an opportunity, for one publication date."""

    __tablename__ = "opportunity_line"
    __table_args__ = (
        Index("ix_opportunity_line_opportunity_id", "opportunity_id"),
        Index("ix_opportunity_line_published_on", "published_on"),
        CheckConstraint("amount >= 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE")
    )
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    amount: Mapped[Decimal] = mapped_column(Money)
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    comment: Mapped[str | None] = mapped_column(Text)
    # None while the line is in the pipe; see LineArchive.
    archived: Mapped[str | None] = mapped_column(String(10))
    archived_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    opportunity: Mapped[Opportunity] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()

    @property
    def open(self) -> bool:
        return self.archived is None
