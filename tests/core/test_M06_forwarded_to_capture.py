"""M-06: a client's mail forwarded inline or attached is filed on the client."""

from __future__ import annotations

from email.message import EmailMessage

from sqlalchemy import select

from core.mail.capture import capture_run
from core.mail.models import CapturedMail
from core.testing.imap import compose

INLINE = """Pour info.

---------- Message transféré ---------
De : Client <client@annonceur.example>
Date : jeu. 3 déc. 2026 à 18:02
Objet : Validation du BAT
À : Léa <lea@relais.example>

Le BAT est validé, merci.
"""


def attached_forward() -> bytes:
    original = compose(
        "Client <client@annonceur.example>",
        "Léa <lea@relais.example>",
        subject="Validation du BAT",
        body="Le BAT est validé, merci.",
    )
    message = EmailMessage()
    message["From"] = "Léa <lea@relais.example>"
    message["To"] = "crm@relais.example"
    message["Subject"] = "Fwd: Validation du BAT"
    message.set_content("Pour info.")
    message.add_attachment(original, maintype="message", subtype="rfc822")
    return message.as_bytes()


def test_both_forwards_are_filed_on_the_client_by_the_salesperson(
    make_app, capture_settings, dovecot, factories, dbsession
):
    registry = make_app.registry(**capture_settings)
    lea = factories.user(email="lea@relais.example")
    client = factories.contact(factories.company(), email="client@annonceur.example")
    dovecot.deliver(
        compose(
            "Léa <lea@relais.example>",
            "crm@relais.example",
            subject="TR: Validation du BAT",
            body=INLINE,
        ),
        attached_forward(),
    )

    assert capture_run(registry) == {"filed": 2}

    dbsession.expire_all()
    for mail in dbsession.scalars(select(CapturedMail)):
        assert mail.forwarded
        assert mail.subject == "Validation du BAT"
        assert mail.user_id == lea.id
        assert [(f.contact_id, f.user_id) for f in mail.filings] == [
            (client.id, lea.id)
        ]
        assert "Le BAT est validé" in mail.body
