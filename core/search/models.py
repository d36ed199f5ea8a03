"""The search index tables and the searches people save under a name."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth.models import User, utcnow
from core.db import Base
from core.db.types import UTCDateTime

# Byte order on both engines: results sort the same everywhere, and
# PostgreSQL's trigram re-check compares bytes instead of collating.
SORT_KEY = String(200).with_variant(
    postgresql.VARCHAR(200, collation="C"), "postgresql"
)
TEXT = Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")


class SearchCompany(Base):
    """The folded, framed text of one company (see :mod:`core.search.text`).

    On PostgreSQL a trigram index covers ``text``; on SQLite an FTS5 table
    with the trigram tokenizer mirrors it (both created by the migration).
    ``sort_key`` orders results identically on both engines.
    """

    __tablename__ = "search_company"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), primary_key=True
    )
    sort_key: Mapped[str] = mapped_column(SORT_KEY, default="", index=True)
    text: Mapped[str] = mapped_column(TEXT, default="")


class SearchContact(Base):
    """The folded, framed text of one contact: names, email, phones."""

    __tablename__ = "search_contact"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True
    )
    sort_key: Mapped[str] = mapped_column(SORT_KEY, default="", index=True)
    text: Mapped[str] = mapped_column(TEXT, default="")


class SearchAction(Base):
    """The folded subject and body of an e-mail action (other actions: none).

    ``sort_key`` orders the most recent mail first.
    """

    __tablename__ = "search_action"

    action_id: Mapped[int] = mapped_column(
        ForeignKey("action.id", ondelete="CASCADE"), primary_key=True
    )
    sort_key: Mapped[str] = mapped_column(SORT_KEY, default="", index=True)
    text: Mapped[str] = mapped_column(TEXT, default="")


class SavedSearch(Base):
    """A user's named search ("mes recherches"): criteria as JSON."""

    __tablename__ = "saved_search"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    criteria: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
