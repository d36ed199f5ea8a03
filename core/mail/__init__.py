"""Mail: what Relais sends (``outgoing``) and what it captures over IMAP.

``from core.mail import send_mail`` keeps working for the code written when
this was a single module.
"""

from __future__ import annotations

from core.mail.outgoing import make_mailer, send_mail

__all__ = ["make_mailer", "send_mail"]


def includeme(config):
    from core.mail.capture import capture_task

    config.include(".outgoing")
    config.include(".settings")
    interval = config.registry.relais_settings["relais.capture.interval_minutes"]
    config.add_periodic_task("mail.capture", capture_task, minute=f"*/{interval}")
