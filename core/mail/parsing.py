"""Read one captured message into what the CRM keeps of it.

:func:`parse_message` never raises on bad mail: every header or part it cannot
read as declared is decoded by a fallback and noted in ``problems``, so one
broken message is filed (and marked) instead of stopping a batch (case M-05).
"""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import hashlib
import quopri
import re
from dataclasses import dataclass, field
from email.message import Message

from core.mail.forwards import (
    ForwardedHeaders,
    inline_forward,
    strip_forward_prefix,
)
from core.mail.headers import (
    REPLACEMENT,
    Address,
    Problems,
    decode_addresses,
    decode_bytes,
    decode_text,
    parse_date,
    raw_bytes,
    unfold,
)
from core.mail.html_text import html_to_text

_MBOX_FROM = re.compile(rb"^From [^\r\n]*\r?\n")
_LEADING_BLANKS = re.compile(rb"^(?:[ \t]*\r?\n)+")
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+[ \t]*:")
_ENCODED = {"base64", "quoted-printable"}
_RAW_NAME = re.compile(r'(?:file)?name="([^"]+)"', re.IGNORECASE)
_LOOKS_HTML = re.compile(r"^\s*<(!doctype|html|head|body|div|p|table|br|span)\b", re.I)


@dataclass
class Attachment:
    filename: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class ParsedMail:
    """A message as the CRM reads it; ``forwarded`` is the original, if any."""

    message_id: str | None
    sender: Address | None
    on_behalf: Address | None
    to: list[Address]
    cc: list[Address]
    subject: str
    date: dt.datetime | None
    text: str
    attachments: list[Attachment] = field(default_factory=list)
    forwarded: ParsedMail | ForwardedHeaders | None = None
    problems: Problems = field(default_factory=Problems)

    @property
    def recipients(self) -> list[Address]:
        return self.to + self.cc

    @property
    def correspondents(self) -> list[Address]:
        """The people the exchange was with: the original's, for a forward."""
        if self.forwarded is not None:
            original = self.forwarded
            people = [original.sender] if original.sender else []
            return people + original.recipients
        return self.recipients


def clean_raw(raw: bytes) -> bytes:
    """Drop what some stores put before the headers (mbox line, blank lines).

    A header line that lost its folding whitespace would end the headers
    there and push the rest of them into the body; when real headers follow
    it, it is read as the continuation it was meant to be.
    """
    raw = _LEADING_BLANKS.sub(b"", raw, count=1)
    raw = _MBOX_FROM.sub(b"", raw, count=1)
    found = _HEAD_END.search(raw)
    if found is None:
        return raw
    lines = raw[: found.start()].split(b"\n")
    is_header = [bool(_HEADER_LINE.match(line)) for line in lines]
    for index, line in enumerate(lines):
        if is_header[index] or line[:1] in (b" ", b"\t"):
            continue
        if index and any(is_header[index + 1 :]):
            lines[index] = b" " + line
    return b"\n".join(lines) + raw[found.start() :]


def content_hash(raw: bytes) -> str:
    """A digest of what identifies a message whatever server stored it.

    Servers add and rewrite trace headers (Received, Delivered-To...) when a
    mailbox is migrated, so only the identifying headers and the body count.
    """
    raw = clean_raw(raw).replace(b"\r\n", b"\n")
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    digest = hashlib.sha256()
    for name in ("message-id", "from", "date", "subject", "to", "cc"):
        digest.update(name.encode() + b":")
        for value in _header_values(message, name):
            digest.update(value.encode("utf-8", errors="surrogateescape"))
        digest.update(b"\n")
    _head, _sep, rest = raw.partition(b"\n\n")
    digest.update(rest)
    return digest.hexdigest()


def _header_values(message: Message, name: str) -> list[str]:
    return [value for key, value in message.raw_items() if key.lower() == name]


def _first(message: Message, name: str) -> str | None:
    # A second, bogus From after the MIME headers is a known Outlook fault:
    # the first occurrence is the real one.
    values = _header_values(message, name)
    return values[0] if values else None


def _message_id(message: Message) -> str | None:
    value = _first(message, "message-id")
    if not value:
        return None
    value = unfold(value).strip()
    found = re.search(r"<([^<>\s]+)>", value)
    return (found.group(1) if found else value.split()[0])[:500] if value else None


def _filename(part: Message, problems: Problems) -> str | None:
    try:
        name = part.get_filename()
    except (LookupError, UnicodeError, ValueError):
        name = None
    if isinstance(name, tuple):  # an RFC 2231 value the stdlib left undecoded
        name = name[2]
    if name and REPLACEMENT in name:
        # The stdlib replaced raw 8-bit bytes: read them from the header.
        name = _raw_filename(part) or name
    if not name:
        return None
    name = decode_text(name, problems, "attachment-name-undecodable")
    if REPLACEMENT in name:
        problems.note("attachment-name-undecodable")
    return name or None


def _raw_filename(part: Message) -> str | None:
    for header in ("content-disposition", "content-type"):
        for value in _header_values(part, header):
            found = _RAW_NAME.search(unfold(value))
            if found:
                return found.group(1)
    return None


def _payload(part: Message, problems: Problems) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - a broken transfer encoding
        problems.note("part-undecodable")
        data = None
    if data is None:
        raw = part.get_payload()
        data = raw.encode("ascii", "surrogateescape") if isinstance(raw, str) else b""
    return data


def _part_text(part: Message, problems: Problems) -> str:
    data = _payload(part, problems)
    charset = part.get_content_charset()
    return decode_bytes(data, charset, problems, "body-charset-fallback")


def _unboundaried_text(text: str) -> str:
    lines = [
        line
        for line in text.splitlines()
        if not line.startswith("--") and not re.match(r"^[\w-]+:\s", line)
    ]
    return "\n".join(lines).strip()


class _Walker:
    """Collect the text, the attachments and a forwarded message of a tree."""

    def __init__(self, problems: Problems):
        self.problems = problems
        self.plain: list[str] = []
        self.html: list[str] = []
        self.attachments: list[Attachment] = []
        self.forwarded: ParsedMail | None = None

    def walk(self, part: Message, in_alternative: bool = False) -> None:
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            self._forwarded(part)
        elif part.is_multipart():
            children = part.get_payload()
            if ctype == "multipart/alternative":
                self._alternative(children)
            else:
                for child in children:
                    self.walk(child)
        else:
            try:
                self._leaf(part, ctype, in_alternative)
            except Exception:  # noqa: BLE001 - one broken part, not the message
                self.problems.note("part-undecodable")

    def _leaf(self, part: Message, ctype: str, in_alternative: bool) -> None:
        disposition = (part.get_content_disposition() or "").lower()
        filename = _filename(part, self.problems)
        if disposition == "attachment" or (filename and not ctype.startswith("text/")):
            self._attachment(part, filename, ctype)
        elif ctype.startswith("multipart/"):
            # Its boundary never shows up: the parts are one block of text.
            self.plain.append(_unboundaried_text(_part_text(part, self.problems)))
        elif ctype == "text/html":
            self.html.append(html_to_text(_part_text(part, self.problems)))
        elif ctype == "text/plain" or not (in_alternative or ctype[:5] != "text/"):
            text = _part_text(part, self.problems)
            self.plain.append(html_to_text(text) if _LOOKS_HTML.match(text) else text)
        elif not ctype.startswith("text/"):
            self._attachment(part, filename, ctype)

    def _alternative(self, children: list[Message]) -> None:
        # Prefer the first plain version that says something; the HTML one
        # is read when there is none (an empty text part is common).
        plain = [
            c
            for c in children
            if c.get_content_type() == "text/plain"
            and _part_text(c, Problems()).strip()
        ]
        if plain:
            self.walk(plain[0], in_alternative=True)
            others = [c for c in children if c.is_multipart() or c.get_filename()]
        else:
            others = [c for c in children if c.get_content_type() != "text/plain"]
        for child in others:
            self.walk(child, in_alternative=True)

    def _attachment(self, part: Message, filename: str | None, ctype: str) -> None:
        data = _payload(part, self.problems)
        if not data:
            return
        name = filename or f"attachment-{len(self.attachments) + 1}"
        self.attachments.append(Attachment(name, ctype, data))

    def _forwarded(self, part: Message) -> None:
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        encoding = (part.get("content-transfer-encoding") or "").strip().lower()
        if isinstance(inner, Message) and encoding in _ENCODED:
            # Forbidden for message/rfc822 but written by some programs: the
            # parser took the encoded text for a message without headers.
            inner = inner.get_payload()
        if isinstance(inner, str):
            data = raw_bytes(inner)
            if encoding == "base64":
                data = base64.b64decode(data + b"==", validate=False)
            elif encoding == "quoted-printable":
                data = quopri.decodestring(data)
            inner = email.message_from_bytes(
                clean_raw(data), policy=email.policy.compat32
            )
        if not isinstance(inner, Message):
            return
        parsed = _parse_tree(inner, Problems())
        if self.forwarded is None:
            self.forwarded = parsed
        if parsed.text:
            # The original's words are what the action is about.
            who = parsed.sender.email if parsed.sender else ""
            self.plain.append(f"---------- {who} ----------\n{parsed.text}")
        self.attachments.extend(parsed.attachments)
        self.problems.extend(p for p in parsed.problems if p not in self.problems)


def _parse_tree(message: Message, problems: Problems) -> ParsedMail:
    senders = decode_addresses([v for v in [_first(message, "from")] if v], problems)
    on_behalf = decode_addresses(
        [v for v in [_first(message, "sender")] if v], problems
    )
    walker = _Walker(problems)
    walker.walk(message)
    text = "\n\n".join(t.strip() for t in walker.plain if t.strip())
    if not text:
        text = "\n\n".join(t for t in walker.html if t)
    return ParsedMail(
        message_id=_message_id(message),
        sender=senders[0] if senders else None,
        on_behalf=on_behalf[0] if on_behalf else None,
        to=decode_addresses(_header_values(message, "to"), problems),
        cc=decode_addresses(_header_values(message, "cc"), problems),
        subject=decode_text(
            _first(message, "subject"), problems, "subject-undecodable"
        ),
        date=parse_date(_first(message, "date"), problems),
        text=text.replace("\r\n", "\n"),
        attachments=walker.attachments,
        forwarded=walker.forwarded,
        problems=problems,
    )


def parse_message(raw: bytes) -> ParsedMail:
    """Parse the bytes of one message as fetched from the server."""
    message = email.message_from_bytes(clean_raw(raw), policy=email.policy.compat32)
    parsed = _parse_tree(message, Problems())
    if parsed.forwarded is None:
        parsed.forwarded = inline_forward(parsed.subject, parsed.text)
    if parsed.forwarded is not None:
        parsed.subject = parsed.forwarded.subject or strip_forward_prefix(
            parsed.subject
        )
    return parsed
