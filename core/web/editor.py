"""The words of the rich-text editor's toolbar, in the reader's language.

The vendored editor builds its toolbar from its own English table when an editor
starts; the page hands it these titles, translated, to use instead.
"""

from __future__ import annotations

import json

from core.i18n import _

TOOLBAR_TITLES = {
    "attachFiles": _("Attach files"),
    "bold": _("Bold"),
    "bullets": _("Bullets"),
    "captionPlaceholder": _("Add a caption…"),
    "code": _("Code"),
    "heading1": _("Heading"),
    "indent": _("Increase level"),
    "italic": _("Italic"),
    "link": _("Link"),
    "numbers": _("Numbers"),
    "outdent": _("Decrease level"),
    "quote": _("Quote"),
    "redo": _("Redo"),
    "remove": _("Remove"),
    "strike": _("Strikethrough"),
    "undo": _("Undo"),
    "unlink": _("Unlink"),
    "url": _("URL"),
    "urlPlaceholder": _("Enter a URL…"),
}


def toolbar_titles(localizer) -> str:
    """The toolbar titles as JSON, for the editor element's ``data-lang``."""
    titles = {key: localizer.translate(value) for key, value in TOOLBAR_TITLES.items()}
    return json.dumps(titles, ensure_ascii=False)
