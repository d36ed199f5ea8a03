"""Companies and contacts, the records every other part of Relais points at."""

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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth.models import User, utcnow
from core.db import Base
from core.db.types import UTCDateTime
from core.reference.models import CompanyType, Function, Sector, Situation

company_sector = Table(
    "company_sector",
    Base.metadata,
    Column(
        "company_id", ForeignKey("company.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("sector_id", ForeignKey("sector.id"), primary_key=True),
)


class Tracked:
    """Who created and last changed a record, and when (shown on sheets)."""

    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class Company(Tracked, Base):
    __tablename__ = "company"
    __table_args__ = (Index("ix_company_active_name", "active", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    trade_name: Mapped[str | None] = mapped_column(String(200))
    type_id: Mapped[int] = mapped_column(ForeignKey("company_type.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"))
    situation_id: Mapped[int | None] = mapped_column(ForeignKey("situation.id"))
    phone: Mapped[str | None] = mapped_column(String(20))
    fax: Mapped[str | None] = mapped_column(String(20))
    siret: Mapped[str | None] = mapped_column(String(14))
    website: Mapped[str | None] = mapped_column(String(300))
    brief: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    type: Mapped[CompanyType] = relationship()
    situation: Mapped[Situation | None] = relationship()
    group: Mapped[Company | None] = relationship(remote_side="Company.id")
    sectors: Mapped[list[Sector]] = relationship(secondary=company_sector)
    contacts: Mapped[list[Contact]] = relationship(back_populates="company")
    addresses: Mapped[list[Address]] = relationship(
        back_populates="company", cascade="all, delete-orphan"
    )
    owners: Mapped[list[User]] = relationship(secondary="company_portfolio")
    created_by: Mapped[User | None] = relationship(foreign_keys="Company.created_by_id")
    updated_by: Mapped[User | None] = relationship(foreign_keys="Company.updated_by_id")

    __mapper_args__ = {"version_id_col": version}

    @property
    def default_address(self) -> Address | None:
        for address in self.addresses:
            if address.is_default:
                return address
        return self.addresses[0] if self.addresses else None


class Contact(Tracked, Base):
    __tablename__ = "contact"
    __table_args__ = (Index("ix_contact_company_id", "company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    civility: Mapped[str] = mapped_column(String(10))
    first_name: Mapped[str] = mapped_column(String(80), default="")
    last_name: Mapped[str] = mapped_column(String(120))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"))
    function_id: Mapped[int | None] = mapped_column(ForeignKey("function.id"))
    title: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    mobile: Mapped[str | None] = mapped_column(String(20))
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    departed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    company: Mapped[Company | None] = relationship(back_populates="contacts")
    function: Mapped[Function | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Address(Base):
    __tablename__ = "address"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE")
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE")
    )
    label: Mapped[str | None] = mapped_column(String(80))
    street: Mapped[str] = mapped_column(String(200), default="")
    street2: Mapped[str | None] = mapped_column(String(200))
    street3: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(12))
    city: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str] = mapped_column(String(2), default="FR")
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)

    company: Mapped[Company | None] = relationship(back_populates="addresses")


class CompanyPortfolio(Base):
    """A salesperson who owns a company (a company may have several owners)."""

    __tablename__ = "company_portfolio"
    __table_args__ = (UniqueConstraint("user_id", "company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), index=True
    )
