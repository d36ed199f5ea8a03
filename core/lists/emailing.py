"""E-mailings from a contact list: one templated message per contact.

Contacts who asked not to be contacted, or have no address, are skipped;
every message ends with a link that sets "do not contact" on its contact.
The link carries the contact id and an HMAC of it under the application's
secret, so it works without signing in and cannot be forged for another.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from core.directory.models import Contact
from core.i18n import _

PLACEHOLDERS = re.compile(r"\{(civility|first_name|last_name|company)\}")
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


def render(template: str, contact: Contact) -> str:
    """Fill the known placeholders; any other brace is left as typed."""
    values = {
        "civility": contact.civility or "",
        "first_name": contact.first_name or "",
        "last_name": contact.last_name,
        "company": contact.company.name if contact.company else "",
    }
    return PLACEHOLDERS.sub(lambda m: values[m.group(1)], template)


def message_for(contact: Contact, subject: str, body: str, link: str, footer: str):
    text = render(body, contact).rstrip() + f"\n\n-- \n{footer}\n{link}\n"
    return {
        "recipients": [contact.email],
        "subject": render(subject, contact),
        "body": text,
        "html": None,
        "kind": "lists.emailing",
    }


FOOTER = _("To stop receiving these messages, open this link:")
