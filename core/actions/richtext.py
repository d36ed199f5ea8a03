"""The visit report's rich text, reduced to what the editor can produce.

The report comes from the browser's editor (trix) or from the API, so it is
untrusted HTML: only formatting tags survive, links keep safe schemes only
and open without handing over the page.
"""

from __future__ import annotations

import html as html_lib

import nh3

TAGS = {
    "p",
    "div",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "del",
    "s",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "pre",
    "h1",
}
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_report(html: str | None) -> str | None:
    """Return the report as safe HTML, or ``None`` when nothing is left."""
    if html is None:
        return None
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
    if not nh3.clean(cleaned, tags=set()).strip():
        return None
    return cleaned


def report_text(html: str | None) -> str:
    """The report without markup (exports, search, mail bodies)."""
    if not html:
        return ""
    spaced = html.replace("<br>", "\n").replace("</p>", "\n").replace("</div>", "\n")
    spaced = spaced.replace("</li>", "\n")
    text = html_lib.unescape(nh3.clean(spaced, tags=set()))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
