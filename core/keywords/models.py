"""Keywords in families ("Centres d'intérêt" › "Rugby") and qualifications.

Both are reference lists administrators edit; companies and contacts carry
any number of them through the link tables below, keyed by record kind and
id like attachments.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.reference.models import ReferenceMixin


class KeywordFamily(ReferenceMixin, Base):
    __tablename__ = "keyword_family"
    kind = "keyword_family"


class Keyword(ReferenceMixin, Base):
    """A keyword; its family groups it on sheets and in list criteria."""

    __tablename__ = "keyword"
    kind = "keyword"

    family_id: Mapped[int | None] = mapped_column(ForeignKey("keyword_family.id"))
    family: Mapped[KeywordFamily | None] = relationship()


class Qualification(ReferenceMixin, Base):
    """How the sales team rates a company or contact (decision maker, VIP...)."""

    __tablename__ = "qualification"
    kind = "qualification"


class RecordKeyword(Base):
    __tablename__ = "record_keyword"
    __table_args__ = (
        UniqueConstraint("target_kind", "target_id", "keyword_id"),
        Index("ix_record_keyword_keyword_id", "keyword_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_kind: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int] = mapped_column(Integer)
    keyword_id: Mapped[int] = mapped_column(
        ForeignKey("keyword.id", ondelete="CASCADE")
    )


class RecordQualification(Base):
    __tablename__ = "record_qualification"
    __table_args__ = (
        UniqueConstraint("target_kind", "target_id", "qualification_id"),
        Index("ix_record_qualification_qualification_id", "qualification_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_kind: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int] = mapped_column(Integer)
    qualification_id: Mapped[int] = mapped_column(
        ForeignKey("qualification.id", ondelete="CASCADE")
    )
