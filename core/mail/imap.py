"""The capture mailbox behind one interface: IMAP for real, Null when disabled.

Capture asks a mailbox for the UIDs above a position, fetches them in small
batches with ``BODY.PEEK[]`` (reading never marks anything), and marks a
message done only once its filing is committed.

The line is encrypted from the first byte (``tls = implicit``, port 993) or
upgraded with STARTTLS before the login (``tls = starttls``); either way the
server's certificate must chain to the system's authorities, or to the CA
file of ``relais.capture.ca_file`` for a server with a private one. A
certificate that does not is refused: the password is never sent.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterator

from imapclient import IMAPClient

log = logging.getLogger(__name__)

IMPLICIT, STARTTLS, PLAIN = "implicit", "starttls", "none"


class MailboxError(Exception):
    """The capture mailbox cannot be used as configured; the message says why."""


# Set on every processed message when processed mail stays in its folder.
DONE_KEYWORD = b"$RelaisFiled"


class NullMailbox:
    """The mailbox of a deployment that captures nothing."""

    key = "null"
    uidvalidity = 0
    can_idle = False

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def uids_after(self, last_uid: int) -> list[int]:
        return []

    def fetch(self, uids: list[int]) -> Iterator[tuple[int, bytes]]:
        return iter(())

    def mark_done(self, uids: list[int]) -> None:
        return None

    def unmarked_up_to(self, last_uid: int) -> list[int]:
        return []


class ImapMailbox:
    """The capture folder on an IMAP server, read with imapclient."""

    def __init__(
        self,
        host: str,
        port: int,
        user: str,
        password: str,
        folder: str = "INBOX",
        tls: str = IMPLICIT,
        done_folder: str | None = None,
        timeout: float = 60,
        ca_file: str | None = None,
    ):
        self.host, self.port, self.tls = host, port, tls
        self.ca_file = ca_file
        self.user, self.password = user, password
        self.folder, self.done_folder = folder, done_folder
        self.timeout = timeout
        self.client: IMAPClient | None = None
        self.uidvalidity = 0
        # Positions are kept per server, account and folder.
        self.key = f"{user}@{host}:{port}/{folder}"

    @classmethod
    def from_settings(cls, settings) -> ImapMailbox:
        return cls(
            host=settings["relais.capture.host"],
            port=settings["relais.capture.port"],
            user=settings["relais.capture.user"] or "",
            password=settings["relais.capture.password"] or "",
            folder=settings["relais.capture.folder"],
            tls=settings["relais.capture.tls"],
            done_folder=settings["relais.capture.done_folder"],
            ca_file=settings["relais.capture.ca_file"],
        )

    def __enter__(self) -> ImapMailbox:
        try:
            self.client = self._connect()
        except ssl.SSLCertVerificationError as exc:
            raise MailboxError(
                f"the certificate of the IMAP server {self.host}:{self.port} is "
                f"not trusted ({exc.verify_message}); give its authority in "
                "relais.capture.ca_file"
            ) from exc
        self.client.login(self.user, self.password)
        selected = self.client.select_folder(self.folder)
        self.uidvalidity = int(selected[b"UIDVALIDITY"])
        if self.done_folder and not self.client.folder_exists(self.done_folder):
            self.client.create_folder(self.done_folder)
        return self

    def _connect(self) -> IMAPClient:
        """Open the line, encrypted as ``tls`` says, before any login."""
        context = None
        if self.tls != PLAIN:
            # Only the given authority when there is one: a private server's
            # certificate is trusted for what it is, nothing more.
            context = ssl.create_default_context(cafile=self.ca_file)
        client = IMAPClient(
            self.host,
            port=self.port,
            ssl=self.tls == IMPLICIT,
            ssl_context=context,
            timeout=self.timeout,
        )
        if self.tls != STARTTLS:
            return client
        try:
            if not client.has_capability("STARTTLS"):
                raise MailboxError(
                    f"the IMAP server {self.host}:{self.port} does not offer "
                    "STARTTLS; the password is not sent in clear"
                )
            client.starttls(context)
        except Exception:
            _close(client)
            raise
        return client

    def __exit__(self, *exc) -> None:
        client, self.client = self.client, None
        if client is None:
            return
        try:
            client.logout()
        except Exception:  # noqa: BLE001 - the line may already be gone
            log.debug("mail.capture.logout_failed host=%s", self.host)
            _close(client)

    @property
    def can_idle(self) -> bool:
        return self.client is not None and self.client.has_capability("IDLE")

    def uids_after(self, last_uid: int) -> list[int]:
        # "N:*" always matches the last message, even below N: filter it out.
        found = self.client.search(["UID", f"{last_uid + 1}:*"])
        return sorted(uid for uid in found if uid > last_uid)

    def fetch(self, uids: list[int]) -> Iterator[tuple[int, bytes]]:
        response = self.client.fetch(uids, ["BODY.PEEK[]"])
        for uid in uids:
            data = response.get(uid, {})
            yield uid, data.get(b"BODY[]") or b""

    def mark_done(self, uids: list[int]) -> None:
        if not uids:
            return
        if self.done_folder:
            self.client.move(uids, self.done_folder)
        else:
            self.client.add_flags(uids, [b"\\Seen", DONE_KEYWORD])

    def unmarked_up_to(self, last_uid: int) -> list[int]:
        """Messages already filed but not yet marked (the line dropped before)."""
        if last_uid <= 0:
            return []
        criteria = ["UID", f"1:{last_uid}"]
        if not self.done_folder:
            criteria += ["UNKEYWORD", DONE_KEYWORD.decode()]
        return [uid for uid in self.client.search(criteria) if uid <= last_uid]

    def wait(self, timeout: int) -> bool:
        """Wait with IDLE until the folder changes; ``True`` if it did."""
        self.client.idle()
        try:
            responses = self.client.idle_check(timeout=timeout)
        finally:
            self.client.idle_done()
        return any(b"EXISTS" in response for response in responses)


def _close(client: IMAPClient) -> None:
    try:
        client.shutdown()
    except OSError:
        pass


def make_mailbox(settings):
    """The mailbox the settings describe: IMAP, or Null when capture is off."""
    if not settings["relais.capture.enabled"]:
        return NullMailbox()
    return ImapMailbox.from_settings(settings)
