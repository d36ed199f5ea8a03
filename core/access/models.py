"""What an administrator decided about each profile's reach over each kind."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base

# Reaches, widest first. "team" is the portfolios (or authors) of the user's
# team; "own" the user's own; "none" nothing at all.
SCOPES = ("all", "team", "own", "none")

PRIVATE = "private"
SHARED = "shared"
PUBLIC = "public"
VISIBILITIES = (PRIVATE, SHARED, PUBLIC)


class AccessScope(Base):
    """How far one profile sees and edits one kind of record.

    Without a row the kind's declared default applies, so a module or plugin
    declared later brings sensible reaches without anyone editing profiles.
    """

    __tablename__ = "access_scope"
    __table_args__ = (UniqueConstraint("profile_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profile.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(40))
    view: Mapped[str] = mapped_column(String(8))
    edit: Mapped[str] = mapped_column(String(8))
