"""M-01: a comma inside an encoded display name does not split the person."""

from __future__ import annotations

from core.mail.parsing import parse_message

RAW = (
    b"From: =?utf-8?q?Dupont=2C_Jean?= <jean.dupont@example.fr>\r\n"
    b'To: "Martin, Zo\xc3\xa9" <zoe.martin@example.fr>, achats@example.fr\r\n'
    b"Subject: Devis\r\n\r\nBonjour\r\n"
)


def test_one_sender_named_with_its_comma_and_two_recipients():
    parsed = parse_message(RAW)

    assert (parsed.sender.email, parsed.sender.name) == (
        "jean.dupont@example.fr",
        "Dupont, Jean",
    )
    assert [(a.name, a.email) for a in parsed.to] == [
        ("Martin, Zoé", "zoe.martin@example.fr"),
        ("", "achats@example.fr"),
    ]
