"""The reference lists of the core; plugins add their own the same way."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from core.db import Base


class ReferenceMixin:
    """Columns every reference list shares: a stable code, a label, an order.

    ``code`` identifies a row for seeding and imports; administrators rename
    the label freely. Rows are deactivated rather than deleted, because
    records keep pointing at them.
    """

    kind: str

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(160))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    @declared_attr.directive
    def __table_args__(cls):
        from sqlalchemy import UniqueConstraint

        return (UniqueConstraint("code"),)


class CompanyType(ReferenceMixin, Base):
    __tablename__ = "company_type"
    kind = "company_type"


class Situation(ReferenceMixin, Base):
    __tablename__ = "situation"
    kind = "situation"


class Sector(ReferenceMixin, Base):
    """A sector or, with a parent, a sub-sector (two levels)."""

    __tablename__ = "sector"
    kind = "sector"

    parent_id: Mapped[int | None] = mapped_column(ForeignKey("sector.id"))
    parent: Mapped[Sector | None] = relationship(remote_side="Sector.id")


class FunctionFamily(ReferenceMixin, Base):
    __tablename__ = "function_family"
    kind = "function_family"


class Function(ReferenceMixin, Base):
    """A contact's function; its family drives org charts and targeting."""

    __tablename__ = "function"
    kind = "function"

    family_id: Mapped[int | None] = mapped_column(ForeignKey("function_family.id"))
    family: Mapped[FunctionFamily | None] = relationship()


class ActionType(ReferenceMixin, Base):
    __tablename__ = "action_type"
    kind = "action_type"

    colour: Mapped[str] = mapped_column(String(7), default="#4f6d8f")
    icon: Mapped[str] = mapped_column(String(40), default="event")


class Product(ReferenceMixin, Base):
    __tablename__ = "product"
    kind = "product"


class OpportunityStatus(ReferenceMixin, Base):
    """A pipe status and its probability in percent (froid 25, tiède 50...)."""

    __tablename__ = "opportunity_status"
    kind = "opportunity_status"

    rate: Mapped[int] = mapped_column(Integer, default=0)
