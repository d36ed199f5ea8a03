"""Demo mail: channels subscribed, a filed e-mail and two waiting in the inbox."""

from __future__ import annotations

from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.directory.models import Contact
from core.mail.filing import Origin, file_message
from core.notifications.services import set_subscriptions

DEMO_MAILBOX = "demo"


def _message(sender, to, subject: str, body: str, number: int) -> bytes:
    message = EmailMessage()
    message["From"] = f"{sender.display_name} <{sender.email}>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = f"Mon, {number:02d} Nov 2026 10:00:00 +0100"
    message["Message-ID"] = f"<demo-{number}@relais.example>"
    message.set_content(body)
    return message.as_bytes()


def seed_mail(session: Session, registry, rng, users) -> None:
    """Subscribe the salespeople and capture three mails from the first of them."""
    sellers = [u for u in users if u.profile.code in {"salesperson", "manager"}]
    for user in sellers:
        set_subscriptions(session, user, {"companies": False, "contacts": False})
    contacts = list(session.scalars(select(Contact).order_by(Contact.id).limit(50)))
    contact = rng.choice(contacts)
    sender = next(u for u in users if u.email == "lea.dubois@relais.example")
    messages = [
        (contact.email, "Bon de commande signé", "Merci, voici le bon signé."),
        (
            "nina.lefort@nouvelle-marque.example",
            "Première prise de contact",
            "Bonjour Nina,\n\nSuite à notre échange au salon, voici nos tarifs.",
        ),
        (
            "direction@agence-inconnue.example",
            "Brief campagne de printemps",
            "Bonjour,\n\nPouvez-vous nous envoyer le brief ?",
        ),
    ]
    settings = registry.relais_settings
    for number, (to, subject, body) in enumerate(messages, start=1):
        raw = _message(sender, to, subject, body, number)
        file_message(session, settings, raw, Origin(DEMO_MAILBOX, 1, number))
