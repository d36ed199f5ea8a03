"""Who sees a list (public, private, shared with the team) and who changes it."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound

from core.access import OPEN
from core.i18n import _
from core.lists.models import RecordList


def list_owned_by(users):
    return RecordList.owner_id.in_(users)


def can_manage(user, record_list: RecordList) -> bool:
    """The owner (or an administrator) decides who sees and who changes a list.

    Someone the list merely allows to modify it works its rows and may rename
    it, but may not hide the owner's list from the team nor lock others out.
    """
    return record_list.owner_id == user.id or user.profile.code == "admin"


def can_change(request, record_list: RecordList) -> bool:
    """The owner changes a list; others when it allows modification."""
    if can_manage(request.identity, record_list):
        return True
    return record_list.allow_modification


def get_list(request, edit: bool = False) -> RecordList:
    """The list of the URL, or 404 when hidden from the user (403 to change)."""
    record_list = request.dbsession.get(RecordList, int(request.matchdict["id"]))
    if record_list is None or not request.access.can_view(record_list):
        raise HTTPNotFound()
    if edit and not can_change(request, record_list):
        raise HTTPForbidden()
    return record_list


def includeme(config):
    config.add_access_kind(
        "list",
        _("Lists"),
        RecordList,
        list_owned_by,
        defaults=OPEN,
        visibility=RecordList.visibility,
        owner=RecordList.owner_id,
    )
