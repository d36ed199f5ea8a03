"""Where a form sends the user back once saved: a page of this site only."""

from __future__ import annotations

from urllib.parse import urlparse

MAX_LENGTH = 2000


def local_path(target: str | None) -> str | None:
    """``target`` when it is a plain path of this site, else None.

    Browsers read ``/\\host`` like ``//host`` and drop tabs and newlines, so
    anything but a plain absolute path is refused rather than followed.
    """
    if not target or len(target) > MAX_LENGTH:
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    if not target.isprintable() or "\\" in target:
        return None
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc:
        return None
    return target


def current_page(request) -> str:
    """The path and query of the page the user is looking at.

    A fragment loaded by htmx is not that page: htmx names it in the
    ``HX-Current-URL`` header, read back as a path of this site only.
    """
    if request.headers.get("HX-Request"):
        current = urlparse(request.headers.get("HX-Current-URL", ""))
        path = current.path + (f"?{current.query}" if current.query else "")
        if current.path and local_path(path):
            return path
    return request.path_qs
