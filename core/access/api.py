"""The access rules for JSON API views: load what the caller may see."""

from __future__ import annotations

from core.api.errors import ApiError
from core.i18n import _


def visible(call, model):
    """The record of ``model`` the path's ``id`` names, if the caller sees it.

    A hidden record loads as ``None``, which the API answers with 404 like a
    missing one, so ids of private records do not leak.
    """
    record = call.dbsession.get(model, call.ids["id"])
    if record is None or not call.request.access.can_view(record):
        return None
    return record


def require_edit(call, record=None):
    """Refuse with 403 a change the caller's portfolio rules do not allow."""
    record = call.target if record is None else record
    if not call.request.access.can_edit(record):
        raise ApiError(403, "forbidden", _("You may not change this record."))
    return record
