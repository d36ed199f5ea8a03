"""Find the original correspondents of a mail forwarded inline.

Mail programs write the forwarded message's headers into the body, in the
writer's language: "---------- Forwarded message ----------" then "From:",
Outlook's "De : ... Envoyé : ...", Apple's "Début du message réexpédié".
Only a mail that says it is a forward (by its subject or by such a marker) is
read this way, so the quoted header block of a reply is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.mail.headers import Address, Problems, decode_addresses, parse_date

_PREFIX = re.compile(r"^\s*((fwd?|tr|fw|i|wg|rv|enc)\s*:\s*)+", re.IGNORECASE)
_MARKER = re.compile(
    r"^[\s>]*(?:-{2,}|_{2,})?\s*("
    r"forwarded message|original message|message transf[ée]r[ée]|"
    r"message d'origine|message original|messaggio inoltrato|"
    r"messaggio originale|weitergeleitete nachricht|mensaje reenviado"
    r")\s*(?:-{2,})?\s*$|^\s*(d[ée]but du message r[ée]exp[ée]di[ée]|"
    r"begin forwarded message)\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_FIELD = re.compile(r"^[\s>*]*([A-Za-zÀ-ÿ]+)\s?\*?\s?:\s*(.*)$")
_MAILTO = re.compile(r"([^,;\[]*?)\s*\[mailto:([^\]\s]+)\]", re.IGNORECASE)

_KEYS = {
    "from": "from",
    "de": "from",
    "da": "from",
    "von": "from",
    "to": "to",
    "à": "to",
    "a": "to",
    "an": "to",
    "para": "to",
    "cc": "cc",
    "date": "date",
    "sent": "date",
    "envoyé": "date",
    "inviato": "date",
    "data": "date",
    "gesendet": "date",
    "subject": "subject",
    "objet": "subject",
    "oggetto": "subject",
    "betreff": "subject",
    "asunto": "subject",
}


@dataclass
class ForwardedHeaders:
    sender: Address | None
    to: list[Address]
    cc: list[Address]
    subject: str
    date: object

    @property
    def recipients(self) -> list[Address]:
        return self.to + self.cc


def strip_forward_prefix(subject: str) -> str:
    return _PREFIX.sub("", subject).strip()


def _header_block(lines: list[str]) -> dict[str, str]:
    """Read ``Key: value`` lines until the block ends (a blank line after it)."""
    fields: dict[str, str] = {}
    last = None
    for line in lines:
        if not line.strip():
            if fields:
                break
            continue
        found = _FIELD.match(line)
        key = _KEYS.get(found.group(1).lower()) if found else None
        if key is not None and key not in fields:
            fields[key] = found.group(2).strip()
            last = key
        elif found is None and last is not None and line.startswith((" ", "\t")):
            fields[last] += " " + line.strip()
        elif fields:
            break
    return fields


def _addresses(value: str | None, problems: Problems) -> list[Address]:
    if not value:
        return []
    # Outlook writes "Name [mailto:address]", and the name is sometimes
    # another address: the mailto one is where the mail came from.
    outlook = [
        Address(name=name.strip().strip('"'), email=address)
        for name, address in _MAILTO.findall(value)
    ]
    return outlook or decode_addresses([value.replace(";", ",")], problems)


def inline_forward(subject: str, text: str) -> ForwardedHeaders | None:
    """The original's headers, when ``text`` holds an inline forward."""
    marker = _MARKER.search(text)
    if marker is not None:
        block = text[marker.end() :]
    elif _PREFIX.match(subject or ""):
        block = text
    else:
        return None
    lines = block.splitlines()
    # The block starts at the first "From:"-like line after the marker.
    for index, line in enumerate(lines):
        found = _FIELD.match(line)
        if found and _KEYS.get(found.group(1).lower()) == "from":
            fields = _header_block(lines[index:])
            break
    else:
        return None
    problems = Problems()
    senders = _addresses(fields.get("from"), problems)
    if not senders:
        return None
    return ForwardedHeaders(
        sender=senders[0],
        to=_addresses(fields.get("to"), problems),
        cc=_addresses(fields.get("cc"), problems),
        subject=strip_forward_prefix(fields.get("subject", "")),
        date=parse_date(fields.get("date"), Problems()),
    )
