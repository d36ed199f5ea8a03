"""Imports as they go from an uploaded file to records, kept for the record."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth.models import User, utcnow
from core.db import Base
from core.db.types import UTCDateTime


class ImportJob(Base):
    """An uploaded file, the reading options and mapping chosen, the outcome.

    The file stays here between the preview, the dry run and the import, so
    nothing personal travels in the session cookie.
    """

    __tablename__ = "import_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(10))  # csv, xlsx, vcard
    content: Mapped[bytes] = mapped_column(LargeBinary)
    # delimiter, encoding, has_header, mapping, company_type_id, list_id
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    user: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}
