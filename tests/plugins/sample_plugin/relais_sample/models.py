"""The sample plugin's tables, all named ``sample_*`` and keyed to core ids."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.auth.models import utcnow
from core.db import Base
from core.db.types import UTCDateTime
from core.reference.models import ReferenceMixin


class SampleNote(Base):
    __tablename__ = "sample_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(String(500))
    acknowledged: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SamplePreference(Base):
    """Made for every new user by ``relais_on_user_created``."""

    __tablename__ = "sample_preference"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    tier_code: Mapped[str] = mapped_column(String(60))


class SampleTier(ReferenceMixin, Base):
    __tablename__ = "sample_tier"
    kind = "sample_tier"
