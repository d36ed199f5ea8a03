"""One capture run: read the new messages of the mailbox and file each.

Each message is filed in a transaction of its own that also moves the
position; the server is told a message is done only after that commit, and
nothing is ever deleted there. A run that dies half way (worker killed,
connection lost) therefore resumes at the first message not committed, and
the Message-ID and content hash stop a copy that would slip through (M-04).
"""

from __future__ import annotations

import logging
import threading
from collections import Counter

from core.db import run_in_transaction
from core.mail.filing import Origin, file_message, last_uid
from core.mail.imap import MailboxError, make_mailbox

log = logging.getLogger(__name__)

# One run at a time per process: the periodic task and the IDLE watcher
# would otherwise read the same messages side by side.
_RUNNING = threading.Lock()


def capture_run(registry, mailbox=None) -> Counter:
    """Read and file what arrived; return the count per outcome.

    ``mailbox`` defaults to the one the settings describe (see
    :func:`core.mail.imap.make_mailbox`).
    """
    settings = registry.relais_settings
    mailbox = mailbox if mailbox is not None else make_mailbox(settings)
    outcomes: Counter = Counter()
    with _RUNNING, mailbox:
        position = run_in_transaction(
            registry, lambda s: last_uid(s, mailbox.key, mailbox.uidvalidity)
        )
        mailbox.mark_done(mailbox.unmarked_up_to(position))
        uids = mailbox.uids_after(position)
        batch = settings["relais.capture.batch_size"]
        for start in range(0, len(uids), batch):
            for uid, raw in mailbox.fetch(uids[start : start + batch]):
                origin = Origin(mailbox.key, mailbox.uidvalidity, uid)
                outcome = run_in_transaction(
                    registry,
                    lambda s, raw=raw, origin=origin: file_message(
                        s, settings, raw, origin
                    ),
                )
                outcomes[outcome] += 1
                mailbox.mark_done([uid])
    log.info(
        "mail.capture.run mailbox=%s uidvalidity=%s %s",
        mailbox.key,
        mailbox.uidvalidity,
        " ".join(f"{name}={count}" for name, count in sorted(outcomes.items()))
        or "nothing=0",
    )
    return outcomes


def capture_task(registry) -> None:
    """The periodic task: a run, its failure logged once for the operator.

    The next period tries again from the saved position, so a failure is
    not re-raised for the queue to retry at once.
    """
    if not registry.relais_settings["relais.capture.enabled"]:
        return
    try:
        capture_run(registry)
    except MailboxError as exc:
        log.error("mail.capture.failed reason=%s", exc)
    except Exception:
        log.exception("mail.capture.failed")
