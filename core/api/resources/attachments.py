"""``/comments`` and ``/documents``: what hangs on companies, contacts, actions.

Both follow the access rules: a private item is listed, read and removed
only by those the privacy rule lets see it, on a record they may see.
"""

from __future__ import annotations

import base64
import binascii
from typing import Literal

from pydantic import Field
from sqlalchemy import select

from core.access import api as access_api
from core.access.models import VISIBILITIES
from core.api.errors import ApiError, invalid
from core.api.schemas import Create, Filters, Patch, Resource
from core.api.types import Code, Id, Instant, text
from core.attachments import load_target
from core.comments import services as comments
from core.comments.models import Comment
from core.documents import services as documents
from core.documents.models import Document
from core.i18n import _

Visibility = Literal[VISIBILITIES]


class AttachmentFilters(Filters):
    target_kind: Code | None = None
    target_id: Id | None = None
    visibility: Visibility | None = None


class CommentOut(Resource):
    id: int
    target_kind: str
    target_id: int
    body: str
    visibility: str
    author_id: int | None
    created_at: Instant
    updated_at: Instant
    version: int


class CommentCreate(Create):
    target_kind: Code
    target_id: Id
    body: text(comments.MAX_BODY, min_length=1)
    visibility: Visibility = "public"


class CommentPatch(Patch):
    body: text(comments.MAX_BODY, min_length=1) = None
    visibility: Visibility = None


class DocumentPatch(Patch):
    visibility: Visibility = None


class DocumentOut(Resource):
    id: int
    target_kind: str
    target_id: int
    name: str
    content_type: str
    size: int
    sha256: str
    visibility: str
    owner_id: int | None
    created_at: Instant
    version: int
    download_path: str = Field(
        description="Path of the file on the site; GET it with the same token."
    )

    @classmethod
    def of(cls, document) -> DocumentOut:
        values = {name: getattr(document, name) for name in _DOCUMENT_COLUMNS}
        return cls(**values, download_path=f"/documents/{document.id}")


_DOCUMENT_COLUMNS = tuple(n for n in DocumentOut.model_fields if n != "download_path")


class DocumentCreate(Create):
    target_kind: Code
    target_id: Id
    name: text(documents.MAX_NAME, min_length=1)
    visibility: Visibility = "public"
    content_base64: str = Field(description="The file's bytes, base64-encoded.")


def _target(call, body):
    record = load_target(
        call.dbsession, call.request.registry, body.target_kind, body.target_id
    )
    if record is None or not call.request.access.can_view(record):
        raise invalid({"target_id": _("No such record.")})
    return record


def _filtered(call, model, kind: str):
    statement = select(model).where(call.request.access.filter(kind))
    for name, value in call.query.given().items():
        statement = statement.where(getattr(model, name) == value)
    return statement


def list_comments(call):
    return _filtered(call, Comment, "comment")


def create_comment(call):
    body = call.body
    try:
        return comments.add_comment(
            call.dbsession,
            call.request.registry,
            call.user,
            _target(call, body),
            body.body,
            body.visibility,
        )
    except comments.CommentProblem as exc:
        raise invalid({exc.field: exc.message}) from None


def patch_comment(call):
    comment = call.target
    if not comments.may_change(call.user, comment):
        raise ApiError(403, "forbidden", _("Only its author may change a comment."))
    changes = call.body.changes()
    try:
        comments.edit_comment(
            call.dbsession,
            call.user,
            comment,
            changes.get("body", comment.body),
            changes.get("visibility", comment.visibility),
        )
    except comments.CommentProblem as exc:
        raise invalid({exc.field: exc.message}) from None
    return comment


def delete_comment(call):
    access_api.require_edit(call)
    comments.delete_comment(call.dbsession, call.user, call.target)


def list_documents(call):
    return _filtered(call, Document, "document")


def create_document(call):
    body = call.body
    max_size = call.request.settings["relais.documents.max_size"]
    if len(body.content_base64) > (max_size + 2) * 4 // 3 + 4:
        raise invalid({"content_base64": _("This file is too large.")})
    try:
        data = base64.b64decode(body.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise invalid({"content_base64": _("Send the file base64-encoded.")}) from None
    try:
        document = documents.attach_document(
            call.dbsession,
            call.request.registry,
            call.user,
            _target(call, body),
            body.name,
            data,
            body.visibility,
        )
    except documents.DocumentProblem as exc:
        field = "content_base64" if exc.field == "file" else exc.field
        raise invalid({field: exc.message}) from None
    return document


def patch_document(call):
    document = call.target
    if not documents.may_change(call.user, document):
        raise ApiError(
            403, "forbidden", _("Only its owner may change who sees a document.")
        )
    visibility = call.body.changes().get("visibility")
    if visibility is not None:
        documents.set_visibility(call.dbsession, call.user, document, visibility)
    return document


def delete_document(call):
    access_api.require_edit(call)
    documents.delete_document(
        call.dbsession, call.request.tm, call.request.registry, call.user, call.target
    )


def load_comment(call):
    return access_api.visible(call, Comment)


def load_document(call):
    return access_api.visible(call, Document)


def get_target(call):
    return call.target


def includeme(config):
    config.add_api_operation(
        "comments.list",
        "GET",
        "/comments",
        list_comments,
        summary=_("List the comments I may read"),
        query=AttachmentFilters,
        response=CommentOut,
        paginated=True,
        sort={"created_at": Comment.created_at},
        default_sort="-created_at",
    )
    config.add_api_operation(
        "comments.create",
        "POST",
        "/comments",
        create_comment,
        summary=_("Write a comment on a record"),
        body=CommentCreate,
        response=CommentOut,
        status=201,
        location="/comments/{id}",
    )
    config.add_api_operation(
        "comments.get",
        "GET",
        "/comments/{id}",
        get_target,
        summary=_("Read a comment"),
        response=CommentOut,
        load=load_comment,
    )
    config.add_api_operation(
        "comments.patch",
        "PATCH",
        "/comments/{id}",
        patch_comment,
        summary=_("Change a comment's text or who sees it (its author only)"),
        body=CommentPatch,
        response=CommentOut,
        load=load_comment,
    )
    config.add_api_operation(
        "comments.delete",
        "DELETE",
        "/comments/{id}",
        delete_comment,
        summary=_("Remove a comment"),
        load=load_comment,
    )
    config.add_api_operation(
        "documents.list",
        "GET",
        "/documents",
        list_documents,
        summary=_("List the documents I may read"),
        query=AttachmentFilters,
        response=DocumentOut,
        paginated=True,
        sort={"created_at": Document.created_at},
        default_sort="-created_at",
    )
    config.add_api_operation(
        "documents.create",
        "POST",
        "/documents",
        create_document,
        summary=_("Attach a document to a record"),
        description=_("The type is read from the content; the name must agree."),
        body=DocumentCreate,
        response=DocumentOut,
        status=201,
        location="/documents/{id}",
    )
    config.add_api_operation(
        "documents.get",
        "GET",
        "/documents/{id}",
        get_target,
        summary=_("Read a document's description"),
        response=DocumentOut,
        load=load_document,
    )
    config.add_api_operation(
        "documents.patch",
        "PATCH",
        "/documents/{id}",
        patch_document,
        summary=_("Change who sees a document (its owner only)"),
        body=DocumentPatch,
        response=DocumentOut,
        load=load_document,
    )
    config.add_api_operation(
        "documents.delete",
        "DELETE",
        "/documents/{id}",
        delete_document,
        summary=_("Remove a document and its file"),
        load=load_document,
    )
