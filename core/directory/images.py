"""Company logos and contact photos: checked, resized, kept in the database.

An image is checked by its content (a PDF named ``.png`` is refused), by
its size, then decoded and resized with Pillow, so what is stored and
served is always a small image Relais wrote itself, never the bytes sent.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import (
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.auth.models import utcnow
from core.db import Base
from core.db.types import UTCDateTime
from core.documents.services import DocumentProblem, check_file
from core.documents.sniff import IMAGES
from core.i18n import _

log = logging.getLogger(__name__)

SIDE = 400
MAX_PIXELS = 40_000_000


class RecordImage(Base):
    """The logo of a company or the photo of a contact, already resized."""

    __tablename__ = "record_image"
    __table_args__ = (UniqueConstraint("target_kind", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_kind: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )


class ImageProblem(DocumentProblem):
    """A refused image; shown beside the ``image`` field."""


def _decode(data: bytes) -> Image.Image:
    unreadable = ImageProblem("image", _("This image cannot be read."))
    try:
        with warnings.catch_warnings():
            # Pillow only warns about huge images; here they are refused.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise unreadable
            image.load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as exc:
        raise unreadable from exc
    return image


def resize(data: bytes) -> tuple[bytes, str, int, int]:
    """Turn accepted bytes into a PNG (with transparency) or JPEG at most SIDE."""
    image = ImageOps.exif_transpose(_decode(data))
    image.thumbnail((SIDE, SIDE))
    out = io.BytesIO()
    transparent = image.mode in ("RGBA", "LA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if transparent:
        image.convert("RGBA").save(out, "PNG", optimize=True)
        content_type = "image/png"
    else:
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
        content_type = "image/jpeg"
    return out.getvalue(), content_type, image.width, image.height


def check_image(filename: str, data: bytes, max_size: int) -> None:
    try:
        check_file(filename, data, max_size, accepted=IMAGES)
    except DocumentProblem as exc:
        raise ImageProblem("image", exc.message) from exc


def image_of(session: Session, kind: str, ident: int) -> RecordImage | None:
    return session.scalar(
        select(RecordImage).where(
            RecordImage.target_kind == kind, RecordImage.target_id == ident
        )
    )


def set_image(
    session: Session, user, kind: str, ident: int, filename: str, data: bytes, max_size
) -> RecordImage:
    """Replace the image of record ``kind`` / ``ident`` with the upload.

    Raises :class:`ImageProblem` (field ``image``) for a file too large, not
    an image, named as another type, or that does not decode.
    """
    check_image(filename, data, max_size)
    resized, content_type, width, height = resize(data)
    image = image_of(session, kind, ident)
    if image is None:
        image = RecordImage(target_kind=kind, target_id=ident)
        session.add(image)
    image.data, image.content_type = resized, content_type
    image.width, image.height = width, height
    image.updated_by_id = user.id
    session.flush()
    log.info(
        "directory.image.set target=%s:%s bytes=%s user_id=%s",
        kind,
        ident,
        len(resized),
        user.id,
    )
    return image


def remove_image(session: Session, user, kind: str, ident: int) -> None:
    image = image_of(session, kind, ident)
    if image is not None:
        session.delete(image)
        session.flush()
        log.info(
            "directory.image.removed target=%s:%s user_id=%s", kind, ident, user.id
        )
