"""Files attached to companies, contacts and actions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.access.models import PUBLIC
from core.attachments import Attached
from core.auth.models import User, utcnow
from core.db import Base
from core.db.types import UTCDateTime


class Document(Attached, Base):
    """One uploaded file; the bytes live in the document store, not here.

    ``name`` is the file name as the user gave it, shown literally (never
    as markup) and used only in the download's ``Content-Disposition``.
    """

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(200))
    visibility: Mapped[str] = mapped_column(String(10), default=PUBLIC)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    owner: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
