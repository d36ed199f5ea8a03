"""Refuse a form saved over a record someone changed since it was opened.

The edit forms carry the record's ``version`` (the column the API's ETags
use). When the version posted back is not the record's any more, the save
is refused: the form comes back with the values the user typed, the ones
saved meanwhile, and who saved them, so nothing is overwritten unseen.
"""

from __future__ import annotations

import logging

from core.auth.models import User
from core.i18n import _
from core.web.layout import PageHelpers

log = logging.getLogger(__name__)


def _text(value) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(_text(item) for item in value.values() if item)
    return "" if value is None else str(value).strip()


def _message(request, record):
    author_id = getattr(record, "updated_by_id", None)
    author = request.dbsession.get(User, author_id) if author_id else None
    when = PageHelpers(request).datetime(getattr(record, "updated_at", None))
    if author is not None and when:
        return _(
            "Someone changed this record since you opened it: ${who}, on ${when}. "
            "Nothing was saved. Your values are kept below and the saved ones "
            "are listed: make your change again, then save.",
            mapping={"who": author.display_name, "when": when},
        )
    if when:
        return _(
            "Someone changed this record since you opened it, on ${when}. "
            "Nothing was saved. Your values are kept below and the saved ones "
            "are listed: make your change again, then save.",
            mapping={"when": when},
        )
    return _(
        "Someone changed this record since you opened it. Nothing was saved. "
        "Your values are kept below and the saved ones are listed: make your "
        "change again, then save."
    )


def stale_form(request, record, saved: dict, typed: dict, labels: dict) -> dict | None:
    """The errors to show instead of saving, or ``None`` when up to date.

    ``saved`` is the form filled from the record as it is now, ``typed`` what
    was posted (given the current version, so the next save goes through),
    and ``labels`` titles the fields whose saved value is listed when it
    differs from the typed one. A post without a version (a script) is not
    checked here; the version column still refuses a row changed mid-save.
    """
    posted = request.POST.get("version", "")
    if not posted or posted == str(record.version):
        return None
    typed["version"] = str(record.version)
    request.response.status = 409
    log.info(
        "forms.stale record=%s id=%s posted_version=%s version=%s user_id=%s",
        type(record).__name__,
        record.id,
        posted,
        record.version,
        request.identity.id if request.identity else None,
    )
    differing = [
        (label, _text(saved.get(name)) or "—")
        for name, label in labels.items()
        if _text(saved.get(name)) != _text(typed.get(name))
    ]
    return {"__all__": _message(request, record), "__saved__": differing}
