"""Tell a file's type from its first bytes, never from its name.

A name is what the sender claims; the bytes are what the file is. Upload
forms refuse a file whose name promises another type than its content (a
PDF named ``.png``), so that nobody downloads something other than what the
list shows.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    code: str
    content_type: str
    extensions: tuple[str, ...]
    label: str


TYPES = {
    t.code: t
    for t in (
        FileType("pdf", "application/pdf", (".pdf",), "PDF"),
        FileType("png", "image/png", (".png",), "PNG"),
        FileType("jpeg", "image/jpeg", (".jpg", ".jpeg"), "JPEG"),
        FileType("gif", "image/gif", (".gif",), "GIF"),
        FileType("webp", "image/webp", (".webp",), "WebP"),
        FileType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
            "Word",
        ),
        FileType(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
            "Excel",
        ),
        FileType(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            (".pptx",),
            "PowerPoint",
        ),
        FileType(
            "odt", "application/vnd.oasis.opendocument.text", (".odt",), "OpenDocument"
        ),
        FileType(
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
            (".ods",),
            "OpenDocument",
        ),
        FileType(
            "odp",
            "application/vnd.oasis.opendocument.presentation",
            (".odp",),
            "OpenDocument",
        ),
        FileType(
            "ole",
            "application/octet-stream",
            (".doc", ".xls", ".ppt", ".msg"),
            "Office 97",
        ),
        # A format's name, as the others are, not a word the sentence would translate.
        FileType("text", "text/plain", (".txt", ".csv"), "TXT"),
    )
}
IMAGES = ("png", "jpeg", "gif", "webp")

_OPEN_DOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_OOXML = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))


def _zip_type(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        if "mimetype" in names:
            return _OPEN_DOCUMENT.get(archive.read("mimetype").strip())
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    if "[Content_Types].xml" in names:
        for prefix, code in _OOXML:
            if any(name.startswith(prefix) for name in names):
                return code
    return None


def _is_text(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        if exc.start < len(head) - 3:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def sniff(data: bytes) -> FileType | None:
    """The type ``data`` is, among those Relais accepts, or ``None``."""
    if data.startswith(b"%PDF-"):
        code = "pdf"
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        code = "png"
    elif data.startswith(b"\xff\xd8\xff"):
        code = "jpeg"
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        code = "gif"
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        code = "webp"
    elif data.startswith(b"PK\x03\x04"):
        code = _zip_type(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        code = "ole"
    elif data and _is_text(data):
        code = "text"
    else:
        code = None
    return TYPES.get(code) if code else None


def extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""
