"""Comments written on companies, contacts and actions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.access.models import PUBLIC
from core.attachments import Attached
from core.auth.models import User, utcnow
from core.db import Base
from core.db.types import UTCDateTime


class Comment(Attached, Base):
    """A note by one user on a record, private, shared with a team or public."""

    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(10), default=PUBLIC)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    author: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
