"""Account mail leaves through ``core.mail`` over real SMTP (the test sink)."""

import pytest


def send(registry, recipient: str, body: str) -> None:
    registry.relais_tasks["core.send_mail"](
        {
            "recipients": [recipient],
            "subject": "Compte rendu",
            "body": body,
            "kind": "test",
        }
    )


def test_a_long_message_is_accepted_by_a_strict_smtp_server(registry, outbox):
    """aiosmtpd refuses lines over 1000 bytes, as bare-LF mail would have."""
    paragraph = "Réunion avec l'agence : budget télévision confirmé pour l'été."
    body = "\n".join(f"{number:03} {paragraph}" for number in range(60))
    assert len(body.encode()) > 3000

    send(registry, "zoe@relais.test", body)
    message = outbox.wait_for_recipient("zoe@relais.test")
    received = message.get_body(("plain",)).get_content()
    assert received.splitlines() == body.splitlines()


@pytest.mark.parametrize("length", [998, 2500])
def test_a_single_very_long_line_arrives_whole(registry, outbox, length):
    link = "https://relais.example/password/reset/" + "x" * length
    send(registry, "zoe@relais.test", f"Ouvrez ce lien :\n{link}\n")
    message = outbox.wait_for_recipient("zoe@relais.test")
    assert link in message.get_body(("plain",)).get_content()
