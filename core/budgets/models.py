"""Budgets: an advertiser's brand or product, and who works on it.

A budget belongs to an advertiser company. Agencies take part in it in a
role (media agency, web agency...), each with its contacts in charge; the
advertiser's own contacts in charge have no agency.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth.models import User
from core.db import Base
from core.directory.models import Company, Contact, Tracked
from core.reference.models import ReferenceMixin, Sector

budget_sector = Table(
    "budget_sector",
    Base.metadata,
    Column("budget_id", ForeignKey("budget.id", ondelete="CASCADE"), primary_key=True),
    Column("sector_id", ForeignKey("sector.id"), primary_key=True),
)


class BudgetRole(ReferenceMixin, Base):
    """The part an agency plays in a budget (agence média, agence web...)."""

    __tablename__ = "budget_role"
    kind = "budget_role"


class Budget(Tracked, Base):
    __tablename__ = "budget"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    brief: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    company: Mapped[Company] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys="Budget.created_by_id")
    updated_by: Mapped[User | None] = relationship(foreign_keys="Budget.updated_by_id")
    sectors: Mapped[list[Sector]] = relationship(
        secondary=budget_sector, order_by="Sector.position"
    )
    agencies: Mapped[list[BudgetAgency]] = relationship(
        back_populates="budget",
        cascade="all, delete-orphan",
        order_by="BudgetAgency.position",
    )
    contacts: Mapped[list[BudgetContact]] = relationship(
        back_populates="budget",
        cascade="all, delete-orphan",
        order_by="BudgetContact.id",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def advertiser_contacts(self) -> list[Contact]:
        return [row.contact for row in self.contacts if row.agency_id is None]


class BudgetAgency(Base):
    """A company working on a budget, in a role."""

    __tablename__ = "budget_agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(
        ForeignKey("budget.id", ondelete="CASCADE"), index=True
    )
    role_id: Mapped[int] = mapped_column(ForeignKey("budget_role.id"))
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    budget: Mapped[Budget] = relationship(back_populates="agencies")
    role: Mapped[BudgetRole] = relationship()
    company: Mapped[Company] = relationship()
    contacts: Mapped[list[BudgetContact]] = relationship(
        back_populates="agency", order_by="BudgetContact.id", viewonly=True
    )


class BudgetContact(Base):
    """A contact in charge of a budget, at the advertiser or at an agency."""

    __tablename__ = "budget_contact"
    __table_args__ = (UniqueConstraint("budget_id", "agency_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(
        ForeignKey("budget.id", ondelete="CASCADE"), index=True
    )
    # None: the contact is the advertiser's.
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("budget_agency.id", ondelete="CASCADE")
    )
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)

    budget: Mapped[Budget] = relationship(back_populates="contacts")
    agency: Mapped[BudgetAgency | None] = relationship(back_populates="contacts")
    contact: Mapped[Contact] = relationship()
