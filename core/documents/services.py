"""Attaching, listing and removing documents; the one API other modules use.

Mail capture, actions and the sheets all call :func:`attach_document` with
the record the file belongs to; listing goes through :func:`documents_of`
with the reader's access, so private files stay private everywhere.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access.models import PUBLIC, VISIBILITIES
from core.attachments import Refused, target_kind
from core.documents.models import Document
from core.documents.sniff import TYPES, FileType, extension, sniff
from core.documents.storage import store_for
from core.history.recorder import record_changes
from core.i18n import _

log = logging.getLogger(__name__)

MAX_NAME = 255


class DocumentProblem(Refused):
    """A refused upload; shown beside ``field``."""


def clean_name(filename: str) -> str:
    """The file's own name: no folders, no control characters, trimmed."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    return name.strip()[:MAX_NAME]


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f}"


def check_file(
    filename: str, data: bytes, max_size: int, accepted=tuple(TYPES)
) -> tuple[str, FileType]:
    """Return the clean name and the real type of an upload, or refuse it."""
    name = clean_name(filename or "")
    if not name or not data:
        raise DocumentProblem("file", _("Choose a file."))
    if len(data) > max_size:
        raise DocumentProblem(
            "file",
            _(
                "This file is too large: ${max} MB at most.",
                mapping={"max": megabytes(max_size)},
            ),
        )
    found = sniff(data)
    if found is None or found.code not in accepted:
        kinds = ", ".join(sorted({TYPES[c].label for c in accepted}))
        raise DocumentProblem(
            "file",
            _(
                "This kind of file is not accepted (${kinds}).",
                mapping={"kinds": kinds},
            ),
        )
    if extension(name) not in found.extensions:
        raise DocumentProblem(
            "file",
            _(
                "The name says ${ext} but the content is ${kind}: rename the file.",
                mapping={"ext": extension(name) or "?", "kind": found.label},
            ),
        )
    return name, found


def attach_document(
    dbsession: Session,
    registry,
    user,
    target,
    filename: str,
    data: bytes,
    visibility: str = PUBLIC,
) -> Document:
    """Store ``data`` as a document of ``target`` (a company, contact, action).

    ``user`` owns it (``None`` for files arriving without one). Raises
    :class:`DocumentProblem` for an empty, oversized or mislabelled file or
    an unknown visibility. Added in 0.1.
    """
    if visibility not in VISIBILITIES:
        raise DocumentProblem("visibility", _("Choose one of the proposed values."))
    max_size = registry.relais_settings["relais.documents.max_size"]
    name, found = check_file(filename, data, max_size)
    key = store_for(registry).write(data)
    document = Document(
        name=name,
        content_type=found.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_key=key,
        visibility=visibility,
        owner_id=user.id if user else None,
    )
    return _add(dbsession, registry, document, target)


def share_document(dbsession: Session, registry, document: Document, target):
    """Attach the file of ``document`` to ``target`` too, without a second copy.

    The new document points at the same stored file, with the same name,
    owner and visibility; the file stays as long as one document uses it.
    Added in 0.2.
    """
    copy = Document(
        name=document.name,
        content_type=document.content_type,
        size=document.size,
        sha256=document.sha256,
        storage_key=document.storage_key,
        visibility=document.visibility,
        owner_id=document.owner_id,
    )
    return _add(dbsession, registry, copy, target)


def _add(dbsession: Session, registry, document: Document, target) -> Document:
    document.target_kind = target_kind(registry, target)
    document.target_id = target.id
    dbsession.add(document)
    dbsession.flush()
    log.info(
        "documents.attached document_id=%s target=%s:%s size=%s user_id=%s",
        document.id,
        document.target_kind,
        target.id,
        document.size,
        document.owner_id,
    )
    return document


def may_change(user, document: Document) -> bool:
    """Only its owner decides who sees a document."""
    return user is not None and document.owner_id == user.id


def set_visibility(dbsession: Session, user, document: Document, visibility: str):
    """Make ``document`` private, shared with the owner's team or public.

    Recorded in the document's history (entity ``document``). Raises
    :class:`DocumentProblem` for an unknown visibility and
    :class:`PermissionError` for anyone but the owner. Added in 0.1.
    """
    if not may_change(user, document):
        raise PermissionError("only the owner changes who sees a document")
    if visibility not in VISIBILITIES:
        raise DocumentProblem("visibility", _("Choose one of the proposed values."))
    before = {"visibility": document.visibility}
    document.visibility = visibility
    dbsession.flush()
    record_changes(
        dbsession, user.id, "document", document.id, before, {"visibility": visibility}
    )
    log.info(
        "documents.visibility document_id=%s visibility=%s user_id=%s",
        document.id,
        visibility,
        user.id,
    )
    return document


def documents_of(access, target) -> list[Document]:
    """The documents of ``target`` the reader behind ``access`` may see."""
    kind = target_kind(access.registry, target)
    query = select(Document).where(
        Document.target_kind == kind,
        Document.target_id == target.id,
        access.filter("document"),
    )
    return list(access.dbsession.scalars(query.order_by(Document.created_at.desc())))


def delete_document(dbsession: Session, tm, registry, user, document: Document):
    """Remove the document; its file goes once the transaction ``tm`` commits.

    Removing the file earlier would lose it if the transaction rolled back.
    A file shared by several documents (a mail filed on several contacts)
    goes with the last of them.
    """
    key = document.storage_key
    dbsession.delete(document)
    dbsession.flush()
    log.info("documents.deleted document_id=%s user_id=%s", document.id, user.id)
    if dbsession.scalar(
        select(Document.id).where(Document.storage_key == key).limit(1)
    ):
        return

    def remove(committed: bool) -> None:
        if committed:
            store_for(registry).delete(key)

    tm.get().addAfterCommitHook(remove)


def document_path(registry, document: Document):
    return store_for(registry).path(document.storage_key)
