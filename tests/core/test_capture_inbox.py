"""The inbox of unmatched mail, the mail page, the panels and the admins' page."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from core.mail.filing import Origin, file_message
from core.mail.models import CapturedMail, UnsentMail
from core.mail.outgoing import _send_mail_task
from core.testing import csrf_token, sign_in
from core.testing.imap import compose

_uids = itertools.count(1)


def capture(registry, dbsession, raw: bytes) -> CapturedMail:
    origin = Origin("test-box", 1, next(_uids))
    file_message(dbsession, registry.relais_settings, raw, origin)
    dbsession.flush()
    return dbsession.scalar(select(CapturedMail).where(CapturedMail.uid == origin.uid))


@pytest.fixture
def waiting(signed_in, registry, dbsession):
    """A mail the signed-in salesperson sent to an address nobody has."""
    raw = compose(
        signed_in.user.email,
        "Nouveau Prospect <nouveau@prospect.example>",
        subject="Première prise de contact",
        attachments=[("tarifs.pdf", "application/pdf", b"%PDF-1.4 tarifs")],
    )
    return capture(registry, dbsession, raw)


def test_the_inbox_and_the_home_panel_list_unmatched_mail(signed_in, waiting):
    page = signed_in.get("/mail/inbox")
    row = page.html.select_one(f"[data-mail='{waiting.id}']")
    assert "Première prise de contact" in row.text
    assert "nouveau@prospect.example" in row.text

    home = signed_in.get("/")
    panel = home.html.select_one("[data-panel='mail_inbox']")
    assert "Première prise de contact" in panel.text
    assert panel.select_one("[data-inbox-total]")["data-inbox-total"] == "1"


def test_associating_before_the_contact_exists_says_what_to_do(signed_in, waiting):
    token = csrf_token(signed_in)
    page = signed_in.post(
        f"/mail/{waiting.id}/associate", {"csrf_token": token}
    ).follow()
    assert "No contact has these addresses yet" in page.text
    assert page.html.select_one("[data-action='create-contact']")["href"].endswith(
        "email=nouveau%40prospect.example"
    )


def test_associating_after_creating_the_contact_files_the_mail(
    signed_in, waiting, factories, dbsession
):
    company = factories.company(name="Prospect SARL")
    contact = factories.contact(company, email="Nouveau@Prospect.example")
    token = csrf_token(signed_in)

    page = signed_in.post(
        f"/mail/{waiting.id}/associate", {"csrf_token": token}
    ).follow()

    assert "The e-mail is filed on 1 contact(s)." in page.text
    dbsession.expire_all()
    assert waiting.status == "filed"
    assert [(f.contact_id, f.user_id) for f in waiting.filings] == [
        (contact.id, signed_in.user.id)
    ]
    assert signed_in.get("/mail/inbox").html.select_one("[data-empty]") is not None
    for url in (f"/contacts/{contact.id}", f"/companies/{company.id}"):
        panel = signed_in.get(url).html.select_one("[data-panel='mail']")
        assert "Première prise de contact" in panel.text


def test_discarding_takes_the_mail_out_of_the_inbox(signed_in, waiting, dbsession):
    token = csrf_token(signed_in)
    signed_in.post(f"/mail/{waiting.id}/discard", {"csrf_token": token})
    dbsession.expire_all()
    assert waiting.status == "discarded"
    assert signed_in.get("/mail/inbox").html.select_one("[data-empty]") is not None


def test_another_salesperson_cannot_open_my_inbox_mail(make_app, waiting, factories):
    other = make_app()
    colleague = factories.user()
    sign_in(other, colleague.email)
    other.get(f"/mail/{waiting.id}", status=403)
    assert other.get("/mail/inbox").html.select_one("[data-empty]") is not None


def test_attachments_download_with_their_name(signed_in, waiting):
    page = signed_in.get(f"/mail/{waiting.id}")
    link = page.html.select_one("[data-attachment='tarifs.pdf'] a")["href"]
    response = signed_in.get(link)
    assert response.body == b"%PDF-1.4 tarifs"
    assert 'filename="tarifs.pdf"' in response.headers["Content-Disposition"]


def test_refused_mail_is_reported_to_admins(admin_app, registry, dbsession):
    raw = compose("inconnu@ailleurs.example", "client@annonceur.example")
    refused = capture(registry, dbsession, raw)

    page = admin_app.get("/admin/mail")

    row = page.html.select_one(f"[data-mail='{refused.id}']")
    assert row["data-status"] == "refused"
    assert "Not sent by an active user." in row.text


def test_a_mail_the_server_refuses_is_kept_and_can_be_sent_again(
    make_app, admin_app, outbox, dbsession
):
    closed = make_app.registry(**{"mail.port": "9"})
    payload = {
        "key": "k-unsent-1",
        "recipients": ["destinataire@client.example"],
        "subject": "Votre devis",
        "body": "Bonjour",
        "kind": "test",
    }
    with pytest.raises(OSError):
        _send_mail_task(closed, payload)

    row = dbsession.scalar(select(UnsentMail).where(UnsentMail.key == "k-unsent-1"))
    assert (row.attempts, row.sent_at) == (1, None)
    page = admin_app.get("/admin/mail")
    assert "Votre devis" in page.html.select_one(f"[data-unsent='{row.id}']").text

    form = page.html.select_one(f"[data-unsent='{row.id}'] form")
    admin_app.post(form["action"], {"csrf_token": csrf_token(admin_app)})

    assert outbox.wait_for_recipient("destinataire@client.example")["Subject"] == (
        "Votre devis"
    )
    dbsession.expire_all()
    assert row.sent_at is not None
    assert admin_app.get("/admin/mail").html.select_one("[data-unsent]") is None
