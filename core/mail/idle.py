"""Waiting on the capture mailbox with IMAP IDLE, in ``relais worker``.

When the server offers IDLE, mail is filed within seconds of its arrival
instead of at the next periodic run; the periodic task stays as the safety
net (a run finding nothing costs one search).
"""

from __future__ import annotations

import logging
import threading

from core.mail.capture import capture_run
from core.mail.imap import MailboxError, make_mailbox

log = logging.getLogger(__name__)

# Servers drop an IDLE after 30 minutes (RFC 2177): renew well before.
IDLE_SECONDS = 600
RETRY_SECONDS = 60


class IdleWatcher(threading.Thread):
    """A daemon thread that runs a capture whenever the folder changes."""

    def __init__(self, registry, idle_seconds: int = IDLE_SECONDS):
        super().__init__(name="relais-capture-idle", daemon=True)
        self.registry = registry
        self.idle_seconds = idle_seconds
        self.stopped = threading.Event()

    def cycle(self, mailbox) -> bool:
        """Wait once; run a capture if something arrived. ``True`` if it did."""
        if not mailbox.wait(self.idle_seconds):
            return False
        capture_run(self.registry)
        return True

    def run(self) -> None:
        settings = self.registry.relais_settings
        while not self.stopped.is_set():
            try:
                with make_mailbox(settings) as mailbox:
                    if not mailbox.can_idle:
                        log.info("mail.capture.idle_unavailable")
                        return
                    log.info("mail.capture.idle_start mailbox=%s", mailbox.key)
                    capture_run(self.registry)
                    while not self.stopped.is_set():
                        self.cycle(mailbox)
            except MailboxError as exc:
                log.error("mail.capture.idle_failed reason=%s", exc)
                self.stopped.wait(RETRY_SECONDS)
            except Exception:  # noqa: BLE001 - logged; the thread tries again
                log.exception("mail.capture.idle_failed")
                self.stopped.wait(RETRY_SECONDS)

    def stop(self) -> None:
        self.stopped.set()


def start_idle_watcher(registry) -> IdleWatcher | None:
    """Start watching when capture and ``relais.capture.idle`` are on."""
    settings = registry.relais_settings
    if not (settings["relais.capture.enabled"] and settings["relais.capture.idle"]):
        return None
    watcher = IdleWatcher(registry)
    watcher.start()
    return watcher
