"""Writing, listing and removing comments; other modules call these."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access.models import PUBLIC, VISIBILITIES
from core.attachments import Refused, target_kind
from core.comments.models import Comment
from core.history.recorder import record_changes
from core.i18n import _

log = logging.getLogger(__name__)

MAX_BODY = 10_000


class CommentProblem(Refused):
    """A refused comment; shown beside ``field``."""


def _checked(body: str | None, visibility: str) -> str:
    """The text to keep; :class:`CommentProblem` for a bad text or visibility."""
    text = (body or "").strip()
    if not text:
        raise CommentProblem("body", _("Write the comment."))
    if len(text) > MAX_BODY:
        raise CommentProblem(
            "body",
            _("${max} characters at most.", mapping={"max": MAX_BODY}),
        )
    if visibility not in VISIBILITIES:
        raise CommentProblem("visibility", _("Choose one of the proposed values."))
    return text


def add_comment(
    dbsession: Session, registry, user, target, body: str, visibility: str = PUBLIC
) -> Comment:
    """Write ``body`` on ``target`` (a company, contact, action) as ``user``.

    The text is kept as typed and always shown as text. Raises
    :class:`CommentProblem` for an empty or too long text or an unknown
    visibility. Added in 0.1.
    """
    text = _checked(body, visibility)
    comment = Comment(
        target_kind=target_kind(registry, target),
        target_id=target.id,
        body=text,
        visibility=visibility,
        author_id=user.id,
    )
    dbsession.add(comment)
    dbsession.flush()
    log.info(
        "comments.added comment_id=%s target=%s:%s user_id=%s",
        comment.id,
        comment.target_kind,
        target.id,
        user.id,
    )
    return comment


def comments_of(access, target) -> list[Comment]:
    """The comments on ``target`` the reader behind ``access`` may see."""
    kind = target_kind(access.registry, target)
    query = select(Comment).where(
        Comment.target_kind == kind,
        Comment.target_id == target.id,
        access.filter("comment"),
    )
    return list(access.dbsession.scalars(query.order_by(Comment.created_at.desc())))


def delete_comment(dbsession: Session, user, comment: Comment) -> None:
    dbsession.delete(comment)
    dbsession.flush()
    log.info("comments.deleted comment_id=%s user_id=%s", comment.id, user.id)


def may_change(user, comment: Comment) -> bool:
    """Only its author rewrites a comment (others may at most remove it)."""
    return user is not None and comment.author_id == user.id


def edit_comment(
    dbsession: Session, user, comment: Comment, body: str, visibility: str
) -> Comment:
    """Rewrite ``comment`` (its text, who sees it) as its author ``user``.

    The change goes into the comment's history (entity ``comment``) with
    the old and new values. Raises :class:`CommentProblem` like
    :func:`add_comment`, and :class:`PermissionError` for anyone but the
    author. Added in 0.1.
    """
    if not may_change(user, comment):
        raise PermissionError("only the author changes a comment")
    text = _checked(body, visibility)
    before = {"body": comment.body, "visibility": comment.visibility}
    comment.body = text
    comment.visibility = visibility
    dbsession.flush()
    record_changes(
        dbsession,
        user.id,
        "comment",
        comment.id,
        before,
        {"body": comment.body, "visibility": comment.visibility},
    )
    log.info("comments.edited comment_id=%s user_id=%s", comment.id, user.id)
    return comment
