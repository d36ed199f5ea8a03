"""The ``relais.capture.*`` settings: the one capture mailbox of a deployment."""

from __future__ import annotations

from core.mail.imap import IMPLICIT, PLAIN, STARTTLS
from core.settings import as_bool, as_path, as_positive_int, as_words

MEGABYTE = 1024 * 1024

# Files a mail program would run rather than show: never stored from mail.
REFUSED_EXTENSIONS = "exe bat cmd com scr pif msi js jse vbs vbe wsf ps1 jar dll cpl"


def as_tls_mode(value: str) -> str:
    """``implicit``, ``starttls`` or ``none``; true and false as before 0.2."""
    lowered = value.lower()
    if lowered in {IMPLICIT, STARTTLS, PLAIN}:
        return lowered
    try:
        return IMPLICIT if as_bool(lowered) else PLAIN
    except ValueError:
        raise ValueError("expected implicit, starttls or none") from None


def includeme(config):
    add = config.add_setting
    add(
        "relais.capture.enabled",
        as_bool,
        False,
        "Read the capture mailbox; without it no mail is captured.",
    )
    add("relais.capture.host", str, "127.0.0.1", "IMAP server of the capture box.")
    add("relais.capture.port", as_positive_int, 993, "IMAP port (993 for TLS).")
    add(
        "relais.capture.tls",
        as_tls_mode,
        IMPLICIT,
        "How the IMAP line is encrypted: implicit (TLS from the start, port 993), "
        "starttls (upgraded before the login, port 143) or none (unencrypted: for "
        "a server on this machine only).",
    )
    add(
        "relais.capture.ca_file",
        as_path,
        None,
        "PEM file of the authority that signed the IMAP server's certificate, "
        "trusted instead of the system's ones (a private or self-signed server).",
    )
    add("relais.capture.user", str, None, "IMAP user name of the capture mailbox.")
    add(
        "relais.capture.password",
        str,
        None,
        "IMAP password (an application password for Gmail or Microsoft 365).",
    )
    add("relais.capture.folder", str, "INBOX", "Folder the captured mail arrives in.")
    add(
        "relais.capture.done_folder",
        str,
        None,
        "Folder processed mail is moved to; when empty it is flagged in place.",
    )
    add(
        "relais.capture.address",
        str,
        None,
        "The capture address itself, never taken for a correspondent.",
    )
    add(
        "relais.capture.max_attachment_mb",
        as_positive_int,
        15,
        "Attachments larger than this many megabytes are refused with a note.",
    )
    add(
        "relais.capture.refused_extensions",
        as_words,
        tuple(REFUSED_EXTENSIONS.split()),
        "File extensions never stored from mail (programs and scripts).",
    )
    add(
        "relais.capture.batch_size",
        as_positive_int,
        20,
        "Messages fetched from the server per request.",
    )
    add(
        "relais.capture.interval_minutes",
        as_positive_int,
        5,
        "How often the worker reads the mailbox when IDLE is not available.",
    )
    add(
        "relais.capture.idle",
        as_bool,
        True,
        "Let the worker wait on the mailbox with IMAP IDLE when offered.",
    )
