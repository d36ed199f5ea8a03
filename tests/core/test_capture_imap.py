"""Capture against a real Dovecot: matched, unmatched, refused, re-runs, files."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from core.mail.capture import capture_run
from core.mail.imap import DONE_KEYWORD, ImapMailbox
from core.mail.models import CapturedMail, MailFiling
from core.mail.parsing import content_hash, parse_message
from core.testing.imap import compose

DATA = Path(__file__).resolve().parents[1] / "data" / "emails"


def mails(dbsession) -> list[CapturedMail]:
    dbsession.expire_all()
    return list(dbsession.scalars(select(CapturedMail).order_by(CapturedMail.uid)))


def filings(dbsession) -> list[MailFiling]:
    return list(dbsession.scalars(select(MailFiling).order_by(MailFiling.id)))


def test_a_mail_to_a_known_contact_is_filed_on_it_and_its_company(
    make_app, capture_settings, dovecot, factories, dbsession
):
    registry = make_app.registry(**capture_settings)
    seller = factories.user(email="claire.vendeuse@relais.example")
    company = factories.company(name="Annonceur SA")
    zoe = factories.contact(company, email="zoe.martin@annonceur.example")
    dovecot.deliver(
        compose(
            "Claire <Claire.Vendeuse@relais.example>",
            ['"Martin, Zoé" <Zoe.Martin@Annonceur.example>', "crm@relais.example"],
            cc="Inconnu <inconnu@ailleurs.example>",
            subject="Bon de commande signé",
            body="Merci pour votre signature.",
        )
    )

    outcome = capture_run(registry)

    assert outcome == {"filed": 1}
    (mail,) = mails(dbsession)
    assert mail.subject == "Bon de commande signé"
    assert mail.body.strip() == "Merci pour votre signature."
    assert mail.user_id == seller.id
    assert mail.unmatched == ["inconnu@ailleurs.example"]
    (filing,) = filings(dbsession)
    assert (filing.contact_id, filing.company_id) == (zoe.id, company.id)
    assert filing.user_id == seller.id
    action = filing.action
    assert (action.type.code, action.origin) == ("email", "mail")
    assert action.subject == "Bon de commande signé"
    assert action.contacts == [zoe]
    assert action.author_id == seller.id
    assert action.follow_up_at is None
    assert "Merci pour votre signature." in action.report_html


def test_plus_addressing_finds_the_contact_and_the_user(
    make_app, capture_settings, dovecot, factories, dbsession
):
    registry = make_app.registry(**capture_settings)
    factories.user(email="marc@relais.example")
    contact = factories.contact(factories.company(), email="achats@client.example")
    dovecot.deliver(compose("marc+crm@relais.example", "Achats+pub@Client.example"))

    capture_run(registry)

    assert [f.contact_id for f in filings(dbsession)] == [contact.id]


def test_a_mail_matching_nobody_waits_in_the_inbox(
    make_app, capture_settings, dovecot, factories, dbsession
):
    registry = make_app.registry(**capture_settings)
    factories.user(email="paul@relais.example")
    dovecot.deliver(compose("paul@relais.example", "nouveau@prospect.example"))

    assert capture_run(registry) == {"inbox": 1}

    (mail,) = mails(dbsession)
    assert mail.status == "inbox"
    assert mail.unmatched == ["nouveau@prospect.example"]
    assert filings(dbsession) == []


def test_a_mail_from_someone_who_is_not_a_user_is_refused(
    make_app, capture_settings, dovecot, factories, dbsession
):
    registry = make_app.registry(**capture_settings)
    contact = factories.contact(factories.company(), email="client@annonceur.example")
    factories.user(email="parti@relais.example", active=False)
    dovecot.deliver(
        compose("intrus@spam.example", contact.email),
        compose("parti@relais.example", contact.email),
    )

    assert capture_run(registry) == {"refused": 2}

    assert [m.status for m in mails(dbsession)] == ["refused", "refused"]
    assert filings(dbsession) == []


def test_re_runs_file_nothing_twice_and_flag_what_was_read(
    make_app, capture_settings, dovecot, factories, dbsession
):
    registry = make_app.registry(**capture_settings)
    factories.user(email="lea@relais.example")
    contact = factories.contact(factories.company(), email="client@annonceur.example")
    dovecot.deliver(*[compose("lea@relais.example", contact.email) for _ in range(3)])

    assert capture_run(registry) == {"filed": 3}
    assert capture_run(registry) == {}
    dovecot.deliver(compose("lea@relais.example", contact.email, subject="Relance"))
    assert capture_run(registry) == {"filed": 1}

    assert len(filings(dbsession)) == 4
    flags = dovecot.messages()
    assert all(DONE_KEYWORD in f and b"\\Seen" in f for f in flags.values())


def test_the_same_message_delivered_twice_is_kept_once(
    make_app, capture_settings, dovecot, factories, dbsession
):
    registry = make_app.registry(**capture_settings)
    factories.user(email="lea@relais.example")
    contact = factories.contact(factories.company(), email="client@annonceur.example")
    message = compose("lea@relais.example", contact.email, message_id="<un@x.example>")
    dovecot.deliver(message, message)

    assert capture_run(registry) == {"filed": 1, "duplicate": 1}
    assert len(mails(dbsession)) == 1


def test_processed_mail_can_be_moved_to_a_folder(
    make_app, capture_settings, dovecot, factories, dbsession
):
    settings = {**capture_settings, "relais.capture.done_folder": "Classés"}
    registry = make_app.registry(**settings)
    factories.user(email="lea@relais.example")
    dovecot.deliver(compose("lea@relais.example", "qui@inconnu.example"))

    capture_run(registry)

    assert dovecot.messages() == {}
    assert len(dovecot.messages("Classés")) == 1
    assert capture_run(registry) == {}


def test_a_mailbox_that_was_filed_but_not_flagged_is_flagged_next_run(
    make_app, capture_settings, dovecot, factories, dbsession
):
    registry = make_app.registry(**capture_settings)
    factories.user(email="lea@relais.example")
    dovecot.deliver(compose("lea@relais.example", "qui@inconnu.example"))

    class ForgetfulMailbox(ImapMailbox):
        def mark_done(self, uids):
            return None

    forgetful = ForgetfulMailbox.from_settings(registry.relais_settings)
    assert capture_run(registry, forgetful) == {"inbox": 1}
    assert all(DONE_KEYWORD not in f for f in dovecot.messages().values())

    assert capture_run(registry) == {}
    assert all(DONE_KEYWORD in f for f in dovecot.messages().values())


def test_every_real_mail_file_is_captured_as_it_reads(
    make_app, capture_settings, dovecot, factories, dbsession
):
    registry = make_app.registry(**capture_settings)
    files = sorted(DATA.glob("*.eml"))
    expected = {}
    for path in files:
        parsed = parse_message(path.read_bytes())
        expected[content_hash(path.read_bytes())] = parsed
        sender = parsed.sender.email.lower() if parsed.sender else None
        if sender and "@" in sender and not _user_exists(dbsession, sender):
            factories.user(email=sender)
    dovecot.deliver(*[path.read_bytes() for path in files])

    outcome = capture_run(registry)

    assert sum(outcome.values()) == len(files)
    assert "failed" not in outcome
    captured = mails(dbsession)
    for mail in captured:
        parsed = expected[mail.content_hash]
        assert mail.subject == parsed.subject
        assert mail.body == parsed.text
        assert mail.sender_email == (parsed.sender.email if parsed.sender else None)
        assert mail.status == ("refused" if parsed.sender is None else "inbox")


def _user_exists(dbsession, email: str) -> bool:
    from core.auth.models import User

    query = select(func.count()).where(func.lower(User.email) == email)
    return dbsession.scalar(query.select_from(User)) > 0


def test_attachments_become_documents_of_the_action_checked_by_content(
    make_app, capture_settings, dovecot, factories, dbsession
):
    from core.documents.models import Document

    registry = make_app.registry(**capture_settings)
    factories.user(email="lea@relais.example")
    contact = factories.contact(factories.company(), email="client@annonceur.example")
    dovecot.deliver(
        compose(
            "lea@relais.example",
            contact.email,
            attachments=[
                ("devis.pdf", "application/pdf", b"%PDF-1.4 devis signe"),
                ("photo.pdf", "application/pdf", b"MZ\x90\x00 pas un pdf"),
                ("outil.exe", "application/octet-stream", b"MZ\x90\x00"),
            ],
        )
    )

    assert capture_run(registry) == {"filed": 1}

    (mail,) = mails(dbsession)
    files = {a.filename: a for a in mail.attachments}
    document = dbsession.get(Document, files["devis.pdf"].document_id)
    assert (document.target_kind, document.target_id, document.content_type) == (
        "action",
        mail.filings[0].action_id,
        "application/pdf",
    )
    assert files["devis.pdf"].data is None
    assert files["photo.pdf"].refused == "type-refused"
    assert files["outil.exe"].refused == "type-refused"
    assert "attachment-type-refused" in mail.problems
    report = mail.filings[0].action.report_html
    assert "photo.pdf" in report and "outil.exe" in report
