"""A real Dovecot IMAP server for tests, on a loopback port, with a Maildir.

``dovecot`` (the fixture) starts Debian's ``dovecot`` with a standalone
configuration in a throw-away folder: one passwd-file user, plain-text login
(loopback only), IMAP with IDLE, UIDPLUS and MOVE, and TLS with a certificate
of a throw-away authority (``ca_file``), both on an IMAPS port (``tls_port``)
and through STARTTLS on the plain one. ``DovecotServer`` can
deliver messages (IMAP APPEND), empty the mailbox and rewrite the folder's
UIDVALIDITY as a server migration would. ``CuttingProxy`` sits in front of it
and drops the connection after a number of fetched messages.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

DOVECOT = "/usr/sbin/dovecot"
USER = "capture@relais.example"
PASSWORD = "capture-password"

_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/tls/server.pem
ssl_key = <{root}/tls/server.key
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
first_valid_uid = 0
mail_location = maildir:{root}/mail/%n
mail_uid = {mail_uid}
mail_gid = {mail_gid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root}/mail/%n
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _accounts() -> dict:
    """Users Dovecot runs as: its own system users when started by root."""
    if os.getuid() == 0:
        mail = pwd.getpwnam("dovecot")
        return {
            "internal": "dovecot",
            "internal_group": "dovecot",
            "login": "dovenull",
            "mail_uid": mail.pw_uid,
            "mail_gid": mail.pw_gid,
        }
    me = pwd.getpwuid(os.getuid())
    return {
        "internal": me.pw_name,
        "internal_group": me.pw_name,
        "login": me.pw_name,
        "mail_uid": me.pw_uid,
        "mail_gid": me.pw_gid,
    }


def make_authority(folder: Path) -> Path:
    """A throw-away CA and a server certificate for 127.0.0.1 signed by it.

    Returns the CA's PEM file; ``server.pem`` and ``server.key`` lie beside.
    """
    folder.mkdir(parents=True, exist_ok=True)
    new_key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    (folder / "server.ext").write_text(
        "subjectAltName = IP:127.0.0.1, DNS:localhost\nextendedKeyUsage = serverAuth\n"
    )
    for args in (
        ["req", "-x509", *new_key, "-keyout", "ca.key", "-out", "ca.pem"]
        + ["-days", "2", "-subj", "/CN=Relais test authority"],
        ["req", *new_key, "-keyout", "server.key", "-out", "server.csr"]
        + ["-subj", "/CN=127.0.0.1"],
        ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key"]
        + ["-CAcreateserial", "-days", "2", "-extfile", "server.ext"]
        + ["-out", "server.pem"],
    ):
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)
    return folder / "ca.pem"


@dataclass
class DovecotServer:
    root: Path
    port: int
    accounts: dict
    tls_port: int = 0
    process: subprocess.Popen | None = None
    host: str = "127.0.0.1"
    user: str = USER
    password: str = PASSWORD

    @property
    def ca_file(self) -> Path:
        """The authority that signed the server's certificate."""
        return self.root / "tls" / "ca.pem"

    @property
    def maildir(self) -> Path:
        return self.root / "mail" / USER.split("@")[0]

    def start(self) -> None:
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((self.host, self.port), timeout=0.2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    log = self.root / "dovecot.log"
                    text = log.read_text() if log.exists() else "no log"
                    raise RuntimeError(f"dovecot stopped: {text}") from None
                time.sleep(0.05)
        raise RuntimeError("dovecot did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def client(self):
        from imapclient import IMAPClient

        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        client.login(self.user, self.password)
        return client

    def deliver(self, *messages: bytes, folder: str = "INBOX") -> None:
        """Put messages in ``folder`` as the mail server would (IMAP APPEND)."""
        with self.client() as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            for message in messages:
                client.append(folder, message)

    def messages(self, folder: str = "INBOX") -> dict[int, tuple]:
        """``{uid: flags}`` of the messages in ``folder``."""
        with self.client() as client:
            client.select_folder(folder, readonly=True)
            uids = client.search("ALL")
            found = client.get_flags(uids) if uids else {}
            return {uid: tuple(flags) for uid, flags in found.items()}

    def reset(self) -> None:
        """Empty every folder (between tests)."""
        self.stop()
        shutil.rmtree(self.maildir, ignore_errors=True)
        self.start()

    def renumber(self, uidvalidity: int, first_uid: int) -> None:
        """Give INBOX a new UIDVALIDITY and new UIDs, as a server migration does.

        Dovecot keeps both in the Maildir's ``dovecot-uidlist``; it is rewritten
        with the server stopped and its indexes dropped, so the next session
        sees the renumbered folder.
        """
        self.stop()
        uidlist = self.maildir / "dovecot-uidlist"
        lines = uidlist.read_text().splitlines()
        entries = []
        for line in lines[1:]:
            found = re.match(r"^(\d+)\s+(.*)$", line)
            if found:
                entries.append(found.group(2))
        uid = first_uid
        body = []
        for entry in entries:
            body.append(f"{uid} {entry}")
            uid += 1
        header = f"3 V{uidvalidity} N{uid}"
        uidlist.write_text("\n".join([header, *body]) + "\n")
        for index in self.maildir.glob("dovecot.index*"):
            index.unlink()
        self.start()


def start_dovecot(root: Path) -> DovecotServer:
    accounts = _accounts()
    port, tls_port = _free_port(), _free_port()
    for folder in ("run", "state", "mail"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o755)
    os.chown(root / "mail", accounts["mail_uid"], accounts["mail_gid"])
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    make_authority(root / "tls")
    config = _CONFIG.format(root=root, port=port, tls_port=tls_port, **accounts)
    (root / "dovecot.conf").write_text(config)
    server = DovecotServer(root=root, port=port, accounts=accounts, tls_port=tls_port)
    server.start()
    return server


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[DovecotServer]:
    if not os.path.exists(DOVECOT):
        pytest.fail("dovecot is missing: run scripts/system_deps.sh")
    root = Path(tempfile.mkdtemp(prefix="relais-dovecot-"))
    server = start_dovecot(root)
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def dovecot(dovecot_server) -> DovecotServer:
    """The session's Dovecot with an empty mailbox."""
    dovecot_server.reset()
    return dovecot_server


class CuttingProxy:
    """A loopback TCP proxy that drops the line after ``cut_after`` fetches.

    It counts the untagged ``FETCH`` responses carrying a message body that
    the server sends, and closes both sides once the limit is reached, as a
    connection lost in the middle of a batch would.
    """

    def __init__(self, target_host: str, target_port: int, cut_after: int):
        self.target = (target_host, target_port)
        self.cut_after = cut_after
        self.fetched = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.host = "127.0.0.1"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                client, _addr = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            threading.Thread(
                target=self._pump, args=(client, server, False), daemon=True
            ).start()
            threading.Thread(
                target=self._pump, args=(server, client, True), daemon=True
            ).start()

    def _pump(self, source: socket.socket, sink: socket.socket, counting: bool):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if counting:
                    self.fetched += len(re.findall(rb"BODY\[\] \{", data))
                    if self.fetched >= self.cut_after:
                        break
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def close(self) -> None:
        self.listener.close()


def compose(
    sender: str,
    to: str | list[str],
    subject: str = "Proposition commerciale",
    body: str = "Bonjour,\n\nVoici notre proposition.\n",
    cc: str | list[str] | None = None,
    message_id: str | None = None,
    attachments: list[tuple[str, str, bytes]] = (),
    date: str | None = "Fri, 04 Dec 2026 10:00:00 +0100",
) -> bytes:
    """A well-formed message as a mail program would send it."""
    from email.message import EmailMessage
    from email.utils import make_msgid

    message = EmailMessage()
    message["From"] = sender
    message["To"] = to if isinstance(to, str) else ", ".join(to)
    if cc:
        message["Cc"] = cc if isinstance(cc, str) else ", ".join(cc)
    message["Subject"] = subject
    if date:
        message["Date"] = date
    message["Message-ID"] = message_id or make_msgid(domain="relais.example")
    message.set_content(body)
    for filename, ctype, data in attachments:
        maintype, subtype = ctype.split("/")
        message.add_attachment(
            data, maintype=maintype, subtype=subtype, filename=filename
        )
    return message.as_bytes()


@pytest.fixture
def capture_settings(dovecot) -> dict:
    """Settings that point capture at the test's Dovecot."""
    return {
        "relais.capture.enabled": "true",
        "relais.capture.host": dovecot.host,
        "relais.capture.port": str(dovecot.port),
        "relais.capture.tls": "false",
        "relais.capture.user": dovecot.user,
        "relais.capture.password": dovecot.password,
        "relais.capture.address": "crm@relais.example",
        "relais.capture.batch_size": "7",
    }
