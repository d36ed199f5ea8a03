"""Comments and documents on actions, through core.comments and core.documents.

Actions take attachments like companies and contacts do; the action sheet
shows both, and lists of actions show how many documents each one has and
whether an opportunity was proposed in it.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from core.comments.models import Comment
from core.documents.models import Document
from core.i18n import _


def _comments(action, request) -> dict:
    from core.comments.views import panel_values

    return panel_values(action, request)


def _documents(action, request) -> dict:
    from core.documents.views import panel_values

    return panel_values(action, request)


def counts_by_action(session, actions, action_id, *where) -> dict[int, int]:
    """How many rows whose ``action_id`` column names each of ``actions``
    pass the ``where`` clauses (the reader's access among them)."""
    ids = [action.id for action in actions]
    if not ids:
        return {}
    query = (
        select(action_id, func.count())
        .where(action_id.in_(ids), *where)
        .group_by(action_id)
    )
    return dict(session.execute(query).all())


def document_counts(session, access, actions) -> dict[int, int]:
    """How many documents the user may see on each of ``actions``."""
    return counts_by_action(
        session,
        actions,
        Document.target_id,
        Document.target_kind == "action",
        access.filter("document"),
    )


def opportunity_counts(session, access, actions) -> dict[int, int]:
    """How many opportunities the user may see were proposed in each action."""
    from core.opportunities.models import Opportunity
    from core.opportunities.visibility import visible_clause

    return counts_by_action(
        session, actions, Opportunity.action_id, visible_clause(access)
    )


def comments_by_action(session, access, actions) -> dict[int, list[Comment]]:
    """The comments the user may see on each of ``actions``, oldest first."""
    ids = [action.id for action in actions]
    found: dict[int, list[Comment]] = defaultdict(list)
    if not ids:
        return found
    query = (
        select(Comment)
        .where(
            Comment.target_kind == "action",
            Comment.target_id.in_(ids),
            access.filter("comment"),
        )
        .order_by(Comment.created_at, Comment.id)
    )
    for comment in session.scalars(query):
        found[comment.target_id].append(comment)
    return found


def includeme(config):
    config.add_attachment_target("action", "action")
    config.add_panel(
        "action",
        "comments",
        _("Comments"),
        "core:templates/comments/panel.pt",
        view=_comments,
        order=30,
    )
    config.add_panel(
        "action",
        "documents",
        _("Documents"),
        "core:templates/documents/panel.pt",
        view=_documents,
        order=40,
    )
