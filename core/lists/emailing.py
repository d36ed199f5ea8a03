"""E-mailings from a contact list: one templated message per contact.

The message is written in the rich-text editor of the action reports and
sanitised the same way; each contact gets it as HTML with a plain-text
alternative, the placeholders filled in. Contacts who asked not to be
contacted, or have no address, are skipped; every message ends with a link
(also in the List-Unsubscribe header) that sets "do not contact".
The link carries the contact id and an HMAC of it under the application's
secret, so it works without signing in and cannot be forged for another.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import re

from core.actions.richtext import clean_report
from core.auth.models import User
from core.directory.models import Contact
from core.i18n import _
from core.mail.html_text import html_to_text
from core.mail.outgoing import person_address

KNOWN_PLACEHOLDERS = ("civility", "first_name", "last_name", "company")
PLACEHOLDERS = re.compile(r"\{(" + "|".join(KNOWN_PLACEHOLDERS) + r")\}")
# Anything written as a placeholder, known or not: a word or a few in braces.
WRITTEN_PLACEHOLDERS = re.compile(r"\{([^{}<>\n]{1,60})\}")
MAX_BODY = 20_000


def unsubscribe_token(secret: str, contact_id: int) -> str:
    digest = hmac.new(
        secret.encode(), f"unsubscribe:{contact_id}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"{contact_id}-{digest}"


def contact_of_token(secret: str, token: str) -> int | None:
    ident, _sep, _digest = token.partition("-")
    if not ident.isdigit():
        return None
    expected = unsubscribe_token(secret, int(ident))
    return int(ident) if hmac.compare_digest(expected, token) else None


def body_html(body: str) -> str | None:
    """The message as safe HTML, or ``None`` when nothing is left.

    The editor sends HTML; text typed without it (the API, a browser without
    scripts) becomes paragraphs, its line breaks kept.
    """
    if "<" not in body:
        paragraphs = re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip())
        body = "".join(
            "<p>" + html.escape(part).replace("\n", "<br>") + "</p>"
            for part in paragraphs
        )
    return clean_report(body)


def unknown_placeholders(template: str) -> list[str]:
    """The placeholders of ``template`` that no contact value fills, in order.

    A misspelt ``{prenom}`` would reach every contact as typed: the form
    refuses it instead.
    """
    found = []
    for match in WRITTEN_PLACEHOLDERS.finditer(html.unescape(template)):
        written = "{" + match.group(1) + "}"
        if match.group(1) not in KNOWN_PLACEHOLDERS and written not in found:
            found.append(written)
    return found


def known_placeholders() -> str:
    return ", ".join("{" + name + "}" for name in KNOWN_PLACEHOLDERS)


def render(template: str, contact: Contact, escape: bool = False) -> str:
    """Fill the known placeholders; any other brace is left as typed.

    The form refuses a template with an unknown placeholder (see
    :func:`unknown_placeholders`), so what is left is literal text.

    ``escape`` for an HTML template: a company called "Dupont & Fils" or
    "<Agence>" is text, never markup.
    """
    values = {
        "civility": contact.civility or "",
        "first_name": contact.first_name or "",
        "last_name": contact.last_name,
        "company": contact.company.name if contact.company else "",
    }
    if escape:
        values = {key: html.escape(value) for key, value in values.items()}
    return PLACEHOLDERS.sub(lambda m: values[m.group(1)], template)


def message_for(
    contact: Contact,
    subject: str,
    body: str,
    link: str,
    footer: str,
    salesperson: User | None = None,
):
    """The ``core.send_mail`` payload for one contact: HTML and its text.

    The message comes from the salesperson who sends it: their name shows as
    the sender and answers go to them, while the From address stays the
    configured one, which the mail server may send for.
    """
    filled = render(body, contact, escape=True)
    text = html_to_text(filled) + f"\n\n-- \n{footer}\n{link}\n"
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        f"{filled}<hr><p>{html.escape(footer)} "
        f'<a href="{html.escape(link)}">{html.escape(link)}</a></p></body></html>'
    )
    headers = {"List-Unsubscribe": f"<{link}>"}
    payload = {
        "recipients": [contact.email],
        "subject": render(subject, contact),
        "body": text,
        "html": page,
        "headers": headers,
        "kind": "lists.emailing",
    }
    if salesperson is not None:
        payload["from_name"] = salesperson.display_name
        if salesperson.email:
            headers["Reply-To"] = person_address(
                salesperson.display_name, salesperson.email
            )
    return payload


FOOTER = _("To stop receiving these messages, open this link:")
