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
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from core.auth.models import User, utcnow
from core.db import Base
from core.db.types import UTCDateTime
from core.directory.normalise import name_key, person_key
from core.reference.models import CompanyType, Function, Sector, Situation

company_sector = Table(
    "company_sector",
    Base.metadata,
    Column(
        "company_id", ForeignKey("company.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("sector_id", ForeignKey("sector.id"), primary_key=True),
    # "Companies of these sectors" reads by sector, from the index alone.
    Index("ix_company_sector_sector_id_company_id", "sector_id", "company_id"),
)


class Tracked:
    """Who created and last changed a record, and when (shown on sheets)."""

    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class SocialLinks:
    """The social network pages of a company or a contact."""

    instagram_url: Mapped[str | None] = mapped_column(String(300))
    facebook_url: Mapped[str | None] = mapped_column(String(300))
    linkedin_url: Mapped[str | None] = mapped_column(String(300))
    x_url: Mapped[str | None] = mapped_column(String(300))
    youtube_url: Mapped[str | None] = mapped_column(String(300))


SOCIAL_NETWORKS = (
    ("instagram_url", "Instagram"),
    ("facebook_url", "Facebook"),
    ("linkedin_url", "LinkedIn"),
    ("x_url", "X"),
    ("youtube_url", "YouTube"),
)


class Company(Tracked, SocialLinks, Base):
    __tablename__ = "company"
    __table_args__ = (
        Index("ix_company_active_name", "active", "name"),
        Index("ix_company_name_key", "name_key"),
        Index("ix_company_trade_name_key", "trade_name_key"),
        Index("ix_company_phone", "phone"),
        Index("ix_company_siret", "siret"),
        # The search's "situation" and "type" read these without the rows.
        Index("ix_company_situation_id_active", "situation_id", "active"),
        Index("ix_company_type_id_active", "type_id", "active"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    trade_name: Mapped[str | None] = mapped_column(String(200))
    # Names reduced for duplicate detection (see core.directory.normalise).
    name_key: Mapped[str] = mapped_column(String(200), default="", server_default="")
    trade_name_key: Mapped[str | None] = mapped_column(String(200))
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
    sources: Mapped[list[CompanySource]] = relationship(
        back_populates="company",
        cascade="all, delete-orphan",
        order_by="CompanySource.id",
    )
    owners: Mapped[list[User]] = relationship(secondary="company_portfolio")
    created_by: Mapped[User | None] = relationship(foreign_keys="Company.created_by_id")
    updated_by: Mapped[User | None] = relationship(foreign_keys="Company.updated_by_id")

    __mapper_args__ = {"version_id_col": version}

    @validates("name", "trade_name")
    def _keep_keys(self, field: str, value: str | None) -> str | None:
        # Whoever sets a name (form, import, demo seed) keeps its key in step.
        key = name_key(value)
        setattr(self, f"{field}_key", key if field == "name" else key or None)
        return value

    @property
    def default_address(self) -> Address | None:
        for address in self.addresses:
            if address.is_default:
                return address
        return self.addresses[0] if self.addresses else None


class CompanySource(Base):
    """Where a company's record came from, with its id there ("LEFAC" 12345).

    The name is free text (a file, a database, a fair); the reference lets a
    later import or a call to that source find the same company again.
    """

    __tablename__ = "company_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    reference: Mapped[str | None] = mapped_column(String(100))

    company: Mapped[Company] = relationship(back_populates="sources")

    @property
    def label(self) -> str:
        """``LEFAC 12345``, as lists and the history show a source."""
        return f"{self.name} {self.reference}" if self.reference else self.name


class Contact(Tracked, SocialLinks, Base):
    __tablename__ = "contact"
    __table_args__ = (
        Index("ix_contact_company_id", "company_id"),
        Index("ix_contact_last_name_key", "last_name_key"),
        Index("ix_contact_email", "email"),
        Index("ix_contact_function_id", "function_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    civility: Mapped[str] = mapped_column(String(10))
    first_name: Mapped[str] = mapped_column(String(80), default="")
    last_name: Mapped[str] = mapped_column(String(120))
    last_name_key: Mapped[str] = mapped_column(
        String(120), default="", server_default=""
    )
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
    addresses: Mapped[list[Address]] = relationship(
        back_populates="contact", cascade="all, delete-orphan"
    )
    positions: Mapped[list[ContactPosition]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        order_by="ContactPosition.ended_at.desc()",
        foreign_keys="ContactPosition.contact_id",
    )
    previous_emails: Mapped[list[ContactPreviousEmail]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        order_by="ContactPreviousEmail.replaced_at.desc()",
    )
    owners: Mapped[list[User]] = relationship(
        secondary="contact_portfolio", viewonly=True
    )
    created_by: Mapped[User | None] = relationship(foreign_keys="Contact.created_by_id")
    updated_by: Mapped[User | None] = relationship(foreign_keys="Contact.updated_by_id")

    __mapper_args__ = {"version_id_col": version}

    @validates("last_name")
    def _keep_key(self, _field: str, value: str) -> str:
        self.last_name_key = person_key(value)
        return value

    @validates("email")
    def _keep_previous_email(self, _field: str, value: str | None) -> str | None:
        # Whoever changes an address (form, e-mail structure, import, API)
        # keeps the old one: mail from it still files on the contact.
        old = self.email
        new_key = (value or "").strip().lower()
        if old and old.strip().lower() != new_key:
            known = {p.email.lower() for p in self.previous_emails}
            if old.strip().lower() not in known:
                self.previous_emails.append(ContactPreviousEmail(email=old.strip()))
        for previous in list(self.previous_emails):
            if new_key and previous.email.lower() == new_key:
                self.previous_emails.remove(previous)
        return value

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def departed(self) -> bool:
        return self.departed_at is not None

    @property
    def default_address(self) -> Address | None:
        for address in self.addresses:
            if address.is_default:
                return address
        return self.addresses[0] if self.addresses else None


class Address(Base):
    __tablename__ = "address"
    # Sheets and result pages read a record's addresses; the location
    # criteria of the search look them up by postal code.
    __table_args__ = (
        Index("ix_address_company_id", "company_id"),
        Index("ix_address_contact_id", "contact_id"),
        Index("ix_address_postcode", "postcode"),
    )

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
    contact: Mapped[Contact | None] = relationship(back_populates="addresses")

    @property
    def lines(self) -> list[str]:
        """The address as printed on an envelope, without empty lines."""
        town = " ".join(part for part in (self.postcode, self.city) if part)
        parts = (self.street, self.street2, self.street3, town)
        lines = [part for part in parts if part]
        if self.country and self.country != "FR":
            lines.append(self.country)
        return lines


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


class ContactPortfolio(Base):
    """A salesperson who owns a contact (the star and pencil of its sheet).

    Independent of the company's portfolio: a salesperson may follow one
    person at a company someone else holds.
    """

    __tablename__ = "contact_portfolio"
    __table_args__ = (UniqueConstraint("user_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )


class CompanyFollow(Base):
    """A user who wants to hear about changes to a company."""

    __tablename__ = "company_follow"
    __table_args__ = (UniqueConstraint("user_id", "company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), index=True
    )


class ContactFollow(Base):
    """A user who wants to hear about changes to a contact."""

    __tablename__ = "contact_follow"
    __table_args__ = (UniqueConstraint("user_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )


class ContactPreviousEmail(Base):
    """An address a contact used before (an e-mail structure change, an edit).

    Shown on the sheet, found by the search box, and consulted by the mail
    capture when no contact has the address as its current one.
    """

    __tablename__ = "contact_previous_email"
    __table_args__ = (
        UniqueConstraint("contact_id", "email"),
        Index("ix_contact_previous_email_email", "email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    replaced_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    contact: Mapped[Contact] = relationship(back_populates="previous_emails")


class ContactPosition(Base):
    """A former position of a contact, kept in the CV when the person moves."""

    __tablename__ = "contact_position"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"))
    function_id: Mapped[int | None] = mapped_column(ForeignKey("function.id"))
    title: Mapped[str | None] = mapped_column(String(200))
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The record the person had there, when it is kept as a record of its own
    # (a homonym found at creation is marked departed and linked here).
    former_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL")
    )

    contact: Mapped[Contact] = relationship(
        back_populates="positions", foreign_keys=[contact_id]
    )
    former_contact: Mapped[Contact | None] = relationship(
        foreign_keys=[former_contact_id]
    )
    company: Mapped[Company | None] = relationship()
    function: Mapped[Function | None] = relationship()
