"""Decoding the headers of real mail: RFC 2047 words, raw 8-bit bytes, lists.

Mail in the wild breaks the rules in every way a header can be broken. Each
function here returns something usable and says, through a ``Problems`` list,
what it had to guess, so a message is never lost over one bad header and a
guess is never mistaken for the real value.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass
from email.header import decode_header

# Encoded words that cannot be decoded are replaced by this mark, so that the
# raw "=?...?=" form is never shown.
REPLACEMENT = "\ufffd"

_FOLD = re.compile(r"\r?\n(?=[ \t])")
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_LATIN_NAMES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "cp819"}


class Problems(list):
    """Codes of what parsing had to guess (``"subject-undecodable"``...)."""

    def note(self, code: str) -> None:
        if code not in self:
            self.append(code)


@dataclass(frozen=True)
class Address:
    """One mailbox of an address list: the display name and the address."""

    name: str
    email: str

    @property
    def key(self) -> str:
        return address_key(self.email)


def address_key(address: str) -> str:
    """The form addresses are compared in: lower case, no ``+tag`` part.

    ``Jean.Dupont+crm@Example.fr`` and ``jean.dupont@example.fr`` are the
    same mailbox for the people who use them.
    """
    address = address.strip().lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    local = local.split("+", 1)[0]
    return f"{local}@{domain}"


def unfold(value: str) -> str:
    return _FOLD.sub("", value)


def decode_bytes(data: bytes, charset: str | None, problems: Problems, code: str):
    """Decode ``data`` with its declared charset, or with a noted fallback.

    Undeclared 8-bit text is nearly always UTF-8 nowadays, and UTF-8 is
    rarely valid by accident, so a clean UTF-8 reading is taken as right.
    Latin-1 and ASCII labels are read as windows-1252, as browsers do: the
    bytes 0x80-0x9F are its curly quotes and ellipsis, never control codes.
    """
    charset = (charset or "").strip().lower() or None
    if charset in _LATIN_NAMES:
        charset = "windows-1252"
    if charset:
        try:
            return data.decode(charset)
        except LookupError:
            problems.note(code)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    problems.note(code)
    high = sum(1 for byte in data if byte >= 0x80)
    in_sequences = sum(len(found) for found in _UTF8_SEQUENCE.findall(data))
    if in_sequences > high - in_sequences:
        # Mostly UTF-8 with a few stray bytes: keep the text, mark the holes.
        return data.decode("utf-8", errors="replace")
    return data.decode("windows-1252", errors="replace")


def raw_bytes(value: str) -> bytes:
    """The bytes of a header as read (the parser keeps 8-bit ones escaped)."""
    return value.encode("utf-8", errors="surrogateescape")


def decode_text(value: str | None, problems: Problems, code: str) -> str:
    """Decode an unstructured header (Subject, a display name) into text.

    Adjacent encoded words of one charset are joined before decoding, so a
    character split across two of them comes back whole (case M-02).
    """
    if not value:
        return ""
    value = unfold(value)
    try:
        parts = decode_header(value)
    except Exception:  # noqa: BLE001 - the stdlib raises several kinds here
        problems.note(code)
        return _ENCODED_WORD.sub(REPLACEMENT, value)
    pieces = []
    for data, charset in parts:
        if isinstance(data, str):
            data = raw_bytes(data)
        if charset in (None, "unknown-8bit"):
            pieces.append(decode_bytes(data, None, problems, code))
            continue
        try:
            pieces.append(data.decode(charset))
        except (LookupError, UnicodeDecodeError):
            problems.note(code)
            pieces.append(data.decode("utf-8", errors="replace"))
    text = "".join(pieces)
    if _ENCODED_WORD.search(text):
        problems.note(code)
        text = _ENCODED_WORD.sub(REPLACEMENT, text)
    return " ".join(text.split())


def decode_addresses(values: list[str], problems: Problems) -> list[Address]:
    """Parse address headers, then decode each display name (case M-01).

    Decoding first would turn ``=?utf-8?q?Dupont=2C_Jean?=`` into a name
    holding a comma, which then splits one person into two.
    """
    found: list[Address] = []
    pairs = email.utils.getaddresses([unfold(v) for v in values])
    for name, address in pairs:
        address = decode_text(address, problems, "address-undecodable").strip()
        address = address.strip("<>").strip()
        if "@" not in address or " " in address:
            continue
        name = decode_text(name, problems, "name-undecodable").strip().strip('"')
        found.append(Address(name=name, email=address))
    return found


def parse_date(value: str | None, problems: Problems) -> dt.datetime | None:
    """The instant a Date header names, in UTC; ``None`` when it has none."""
    if not value:
        problems.note("date-missing")
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(unfold(value).strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        problems.note("date-invalid")
        return None
    if parsed.tzinfo is None:
        # RFC 5322 reads "-0000" (and an offset that cannot be read) as "no
        # idea of the zone": UTC is the least wrong guess.
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)
