"""M-05: one broken message among three is filed, marked, and not retried."""

from __future__ import annotations

import base64

from sqlalchemy import select

from core.documents.models import Document
from core.mail.capture import capture_run
from core.mail.models import CapturedMail
from core.testing.imap import compose

BOUNDARY = "frontiere"


def broken_message(to: str) -> bytes:
    """Unknown charset, a raw 8-bit file name and a 30 MB attachment."""
    big = base64.encodebytes(b"\0" * (30 * 1024 * 1024))
    head = (
        "From: lea@relais.example\r\n"
        f"To: {to}\r\n"
        "Subject: =?utf-8?b?w6l0w6k=?= bizarre\r\n"
        "Message-ID: <casse@relais.example>\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/mixed; boundary="{BOUNDARY}"\r\n\r\n'
        f"--{BOUNDARY}\r\n"
        'Content-Type: text/plain; charset="x-inconnu"\r\n'
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode()
    note = (
        f"\r\n--{BOUNDARY}\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n"
        'Content-Disposition: attachment; filename="'
    ).encode()
    note += "r\u00e9sum\u00e9.txt".encode("latin-1") + b'"\r\n\r\nnote\r\n'
    video = (
        f"--{BOUNDARY}\r\n"
        "Content-Type: video/mp4\r\n"
        'Content-Disposition: attachment; filename="film.mp4"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n"
    ).encode()
    return head + b"\xe9\xe8" + note + video + big + f"--{BOUNDARY}--\r\n".encode()


def test_the_bad_message_is_filed_with_a_fallback_and_the_batch_goes_on(
    make_app, capture_settings, dovecot, factories, dbsession
):
    registry = make_app.registry(**capture_settings)
    factories.user(email="lea@relais.example")
    contact = factories.contact(factories.company(), email="client@annonceur.example")
    dovecot.deliver(
        compose("lea@relais.example", contact.email, subject="Premier"),
        broken_message(contact.email),
        compose("lea@relais.example", contact.email, subject="Troisième"),
    )

    assert capture_run(registry) == {"filed": 3}

    dbsession.expire_all()
    first, bad, third = dbsession.scalars(select(CapturedMail).order_by("uid"))
    assert (first.subject, third.subject) == ("Premier", "Troisième")
    assert bad.subject == "été bizarre"
    assert bad.body == "éè"
    assert "body-charset-fallback" in bad.problems
    assert "attachment-too-large" in bad.problems
    files = {a.filename: a for a in bad.attachments}
    note = dbsession.get(Document, files["résumé.txt"].document_id)
    assert (note.name, note.target_id, note.size) == (
        "résumé.txt",
        bad.filings[0].action_id,
        4,
    )
    assert files["film.mp4"].refused == "too-large"
    assert files["film.mp4"].data is None
    assert files["film.mp4"].size >= 30 * 1024 * 1024
    assert [f.contact_id for f in bad.filings] == [contact.id]
    # The action says what was not kept.
    report = bad.filings[0].action.report_html
    assert "film.mp4" in report and "trop volumineuse" in report

    assert capture_run(registry) == {}
