"""Read vCard 2.1, 3.0 and 4.0 files into rows for the importer.

Phones and mail programs still export 2.1 cards, whose values may be
quoted-printable with soft line breaks (a line ending in ``=`` goes on on
the next line) in any charset; 3.0 and 4.0 fold lines with a leading space
and escape ``,;\\``. Each card becomes one row of the columns below, named
after the import fields so the mapping is ready made.
"""

from __future__ import annotations

import logging
import quopri
import re
from dataclasses import dataclass

from core.i18n import _
from core.transfer.decoding import decode, single_byte_encoding
from core.transfer.tables import FileRefused, Table

COLUMNS = (
    "contact.civility",
    "contact.first_name",
    "contact.last_name",
    "contact.full_name",
    "contact.title",
    "contact.email",
    "contact.phone",
    "contact.mobile",
    "company.name",
    "contact.street",
    "contact.postcode",
    "contact.city",
    "contact.country",
    "company.website",
)

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)(.*)$", re.S)


@dataclass
class Property:
    name: str
    params: dict[str, list[str]]
    # The value's bytes (quoted-printable undone) and the charset it declares.
    raw: bytes
    charset: str | None = None
    value: str = ""

    def has_type(self, *types: str) -> bool:
        found = {t.lower() for t in self.params.get("TYPE", [])}
        return bool(found & {t.lower() for t in types})

    def decode(self, undeclared: str) -> None:
        """Read the bytes in their charset, else in the file's own."""
        try:
            self.value = self.raw.decode(self.charset or undeclared)
        except (LookupError, UnicodeDecodeError):
            self.value = self.raw.decode(undeclared, errors="replace")


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with the number of the physical line they start on."""
    lines: list[tuple[int, str]] = []
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    quoted_printable_open = False
    for number, line in enumerate(physical, start=1):
        if lines and quoted_printable_open:
            # A 2.1 soft line break: the value goes on here, as is.
            start, previous = lines[-1]
            lines[-1] = (start, previous[:-1] + line)
        elif lines and line[:1] in (" ", "\t"):
            start, previous = lines[-1]
            lines[-1] = (start, previous + line[1:])
        elif line.strip():
            lines.append((number, line))
        else:
            continue
        current = lines[-1][1]
        quoted_printable_open = "QUOTED-PRINTABLE" in current.split(":", 1)[
            0
        ].upper() and current.endswith("=")
    return lines


def _params(raw: str) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for part in raw.split(";"):
        if not part:
            continue
        if "=" in part:
            key, value = part.split("=", 1)
            values = [v.strip('"') for v in value.strip('"').split(",")]
        else:
            # 2.1 writes bare types (TEL;CELL;VOICE) and bare encodings.
            key, values = part, [part]
            if part.upper() in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"):
                key = "ENCODING"
            else:
                key = "TYPE"
        params.setdefault(key.upper(), []).extend(values)
    return params


def _unescape(value: str) -> str:
    out, escaped = [], False
    for char in value:
        if escaped:
            out.append("\n" if char in "nN" else char)
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            out.append(char)
    return "".join(out)


def _split(value: str, separator: str = ";") -> list[str]:
    """Split a structured value on unescaped separators, then unescape parts."""
    parts, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [_unescape(part).strip() for part in parts]


def _property(line: str, as_bytes) -> Property | None:
    if ":" not in line:
        return None
    head, value = line.split(":", 1)
    match = _NAME.match(head)
    if not match:
        return None
    name, rest = match.group(1).upper(), match.group(2)
    params = _params(rest.lstrip(";"))
    raw = as_bytes(value)
    encodings = {e.upper() for e in params.get("ENCODING", [])}
    if "QUOTED-PRINTABLE" in encodings:
        raw = quopri.decodestring(raw)
    charset = (params.get("CHARSET") or [None])[0]
    return Property(name, params, raw, charset)


def _cards(text: str, as_bytes) -> list[tuple[int, list[Property]]]:
    cards: list[tuple[int, list[Property]]] = []
    current: list[Property] | None = None
    for number, line in _unfold(text):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            current = []
            cards.append((number, current))
        elif upper == "END:VCARD":
            current = None
        elif current is not None:
            prop = _property(line, as_bytes)
            if prop is not None:
                current.append(prop)
    return cards


def _first(props: list[Property], name: str) -> Property | None:
    found = [p for p in props if p.name == name]
    preferred = [p for p in found if p.has_type("pref") or "PREF" in p.params]
    return (preferred or found or [None])[0]


def _tel(value: str) -> str:
    value = value.strip()
    if value.lower().startswith("tel:"):
        value = value[4:].split(";", 1)[0]
    return value


def card_row(props: list[Property]) -> dict[str, str]:
    row: dict[str, str] = {}
    name = _first(props, "N")
    if name is not None:
        parts = _split(name.value) + [""] * 5
        row["contact.last_name"] = parts[0]
        # Additional names (parts[2]) are middle names, not the first name.
        row["contact.first_name"] = parts[1]
        row["contact.civility"] = parts[3]
    full = _first(props, "FN")
    if full is not None:
        row["contact.full_name"] = _unescape(full.value).strip()
    org = _first(props, "ORG")
    if org is not None:
        row["company.name"] = _split(org.value)[0]
    title = _first(props, "TITLE")
    if title is not None:
        row["contact.title"] = _unescape(title.value).strip()
    email = _first(props, "EMAIL")
    if email is not None:
        row["contact.email"] = email.value.strip()

    phones = [p for p in props if p.name == "TEL" and not p.has_type("fax", "pager")]
    mobiles = [p for p in phones if p.has_type("cell")]
    others = [p for p in phones if not p.has_type("cell")]
    work = [p for p in others if p.has_type("work")]
    if mobiles:
        row["contact.mobile"] = _tel(mobiles[0].value)
    if work or others:
        row["contact.phone"] = _tel((work or others)[0].value)

    addresses = [p for p in props if p.name == "ADR"]
    address = next((p for p in addresses if p.has_type("work")), None)
    address = address or (addresses[0] if addresses else None)
    if address is not None:
        parts = _split(address.value) + [""] * 7
        street = "\n".join(p for p in (parts[1], parts[2]) if p)
        row["contact.street"] = street
        row["contact.city"] = parts[3]
        row["contact.postcode"] = parts[5]
        row["contact.country"] = parts[6]
    url = _first(props, "URL")
    if url is not None:
        row["company.website"] = _unescape(url.value).strip()
    return row


def _file_text(data: bytes) -> tuple[str, str, object]:
    """The file as text, its encoding, and how to get a value's bytes back.

    UTF-16 files are decoded first; any other file is read byte for byte
    (Latin-1), so that each value's bytes can be decoded in its own charset
    or, lacking one, in the encoding found for the whole file.
    """
    decoded = decode(data)
    if decoded.encoding.startswith("utf-16"):
        return decoded.text, decoded.encoding, lambda value: value.encode("utf-8")
    text = data.decode("latin-1")
    if text.startswith("\u00ef\u00bb\u00bf"):
        text = text[3:]
    return text, decoded.encoding, lambda value: value.encode("latin-1")


def undeclared_encoding(cards, default: str) -> str:
    """The encoding of the values that name no charset, found across the file.

    The Bat! and older phones write 8-bit or quoted-printable values without
    CHARSET; one name alone says little, the whole file says more. UTF-8
    first, then the single-byte code page the bytes read best in.
    """
    sample = b"\n".join(
        prop.raw for _n, props in cards for prop in props if prop.charset is None
    )
    if not any(byte > 127 for byte in sample):
        return default
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return single_byte_encoding(sample)
    return "utf-8"


def read_vcards(data: bytes) -> Table:
    text, file_encoding, as_bytes = _file_text(data)
    cards = _cards(text, as_bytes)
    if not cards:
        raise FileRefused(_("No vCard (BEGIN:VCARD) was found in this file."))
    encoding = undeclared_encoding(cards, file_encoding)
    rows = []
    for number, props in cards:
        for prop in props:
            prop.decode(encoding)
        values = card_row(props)
        rows.append((number, [values.get(column, "") for column in COLUMNS]))
    log.info("transfer.vcard.read cards=%s encoding=%s", len(cards), encoding)
    return Table(headers=list(COLUMNS), rows=rows, kind="vcard", encoding=encoding)
