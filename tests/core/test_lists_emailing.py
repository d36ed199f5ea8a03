"""E-mailing a contact list: one message each, do-not-contact skipped."""

from email.utils import parseaddr

from bs4 import BeautifulSoup
from sqlalchemy import select

from core.lists import services
from core.lists.models import ListOperation
from core.testing import csrf_token, sign_in


def refused_emailing(signed_in, dbsession, factories, subject: str, body: str):
    """The bulk form sent back (400) for an e-mailing to one contact's list."""
    contact = factories.contact(factories.company("X"), first_name="Zoé")
    record_list = services.create_list(dbsession, signed_in.user, "P", "contact")
    services.add_records(dbsession, record_list, [contact.id])
    return signed_in.post(
        f"/lists/{record_list.id}/bulk",
        {
            "csrf_token": csrf_token(signed_in),
            "operation": "emailing",
            "target": "visible",
            "mail_subject": subject,
            "mail_body": body,
        },
        status=400,
    )


def test_one_message_per_contact_and_the_link_unsubscribes(
    signed_in, dbsession, factories, outbox, make_app
):
    company = factories.company("Radio Sud")
    zoe = factories.contact(company, first_name="Zoé", last_name="Bernard")
    paul = factories.contact(company, first_name="Paul", last_name="Martin")
    refusing = factories.contact(company, last_name="Refus", do_not_contact=True)
    silent = factories.contact(company, last_name="Sansmail", email=None)
    record_list = services.create_list(dbsession, signed_in.user, "Presse", "contact")
    services.add_records(
        dbsession, record_list, [zoe.id, paul.id, refusing.id, silent.id]
    )

    page = signed_in.post(
        f"/lists/{record_list.id}/bulk",
        {
            "csrf_token": csrf_token(signed_in),
            "operation": "emailing",
            "target": "visible",
            "mail_subject": "Notre offre {company}",
            "mail_body": "Bonjour {first_name} {last_name},\n\nvoici l'offre.",
        },
    ).follow()
    assert "2 sent, 2 skipped (do not contact or no e-mail address)" in page.text
    messages = outbox.wait_for(2)
    assert sorted(m["To"] for m in messages) == sorted([zoe.email, paul.email])
    to_zoe = outbox.to(zoe.email)[0]
    assert to_zoe["Subject"] == "Notre offre Radio Sud"
    body = to_zoe.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith("Bonjour Zoé Bernard,\n\nvoici l'offre.")
    operation = dbsession.scalar(select(ListOperation))
    assert operation.message == "sent=2"

    link = next(line for line in body.splitlines() if "/unsubscribe/" in line)
    path = link[link.index("/unsubscribe/") :]
    anonymous = make_app()
    # Opening the link (as a mail scanner does) only asks.
    asked = anonymous.get(path)
    dbsession.refresh(zoe)
    assert zoe.do_not_contact is False
    asked.forms[0].submit()
    dbsession.refresh(zoe)
    assert zoe.do_not_contact is True
    # A token for one contact cannot be bent to another.
    forged = path.replace(f"/unsubscribe/{zoe.id}-", f"/unsubscribe/{paul.id}-")
    anonymous.get(forged, status=404)
    dbsession.refresh(paul)
    assert paul.do_not_contact is False


def test_subject_and_body_are_required(signed_in, dbsession, factories, outbox):
    page = refused_emailing(signed_in, dbsession, factories, "", "x")
    field = page.html.find(attrs={"data-bulk-field": "mail_subject"})
    assert "Give the e-mail a subject" in field.find(class_="field-error").text
    # The message written is given back, not lost.
    assert page.html.find(id="f-mail_body")["value"] == "x"
    assert outbox.messages == []


def test_rich_text_message_in_html_and_text(
    signed_in, dbsession, factories, outbox, make_app
):
    company = factories.company("Dupont & Fils <Régie>")
    zoe = factories.contact(
        company, civility="Mme", first_name="Zoé", last_name="Bernard"
    )
    record_list = services.create_list(dbsession, signed_in.user, "Presse", "contact")
    services.add_records(dbsession, record_list, [zoe.id])

    # What the editor sends: HTML, with something the sanitiser takes out.
    written = (
        "<div>Bonjour {civility} {first_name} {last_name},<br><br>"
        "<strong>{company}</strong> reçoit "
        '<a href="https://offre.example/rentree">notre offre</a>.</div>'
        "<ul><li>radio</li><li>web</li></ul>"
        '<script>alert(1)</script><img src="https://pixel.example/x.gif">'
    )
    signed_in.post(
        f"/lists/{record_list.id}/bulk",
        {
            "csrf_token": csrf_token(signed_in),
            "operation": "emailing",
            "target": "visible",
            "mail_subject": "Pour {first_name}",
            "mail_body": written,
        },
    )
    message = outbox.wait_for(1)[0]
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == "Pour Zoé"

    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith(
        "Bonjour Mme Zoé Bernard,\n\nDupont & Fils <Régie> reçoit notre offre "
        "<https://offre.example/rentree>.\n\n- radio\n- web"
    )

    # Latin-1 would hold this text: the part still says UTF-8, as its <meta>.
    html_part = message.get_body(("html",))
    assert html_part.get_content_charset() == "utf-8"
    assert message.get_body(("plain",)).get_content_charset() == "utf-8"
    page = BeautifulSoup(html_part.get_content(), "html.parser")
    assert page.find("strong").text == "Dupont & Fils <Régie>"
    assert page.find("a", string="notre offre")["href"] == (
        "https://offre.example/rentree"
    )
    assert [li.text for li in page.find_all("li")] == ["radio", "web"]
    assert page.find("script") is None and page.find("img") is None

    # The link at the foot of both parts, and in the header, unsubscribes.
    link = page.find_all("a")[-1]["href"]
    assert link in text
    assert message["List-Unsubscribe"].strip() == f"<{link}>"
    make_app().get(link[link.index("/unsubscribe/") :]).forms[0].submit()
    dbsession.refresh(zoe)
    assert zoe.do_not_contact is True


def test_only_the_selected_rows_are_mailed(signed_in, dbsession, factories, outbox):
    company = factories.company("Radio Sud")
    zoe = factories.contact(company, last_name="Bernard")
    paul = factories.contact(company, last_name="Martin")
    record_list = services.create_list(dbsession, signed_in.user, "Presse", "contact")
    services.add_records(dbsession, record_list, [zoe.id, paul.id])
    services.existing_rows(dbsession, record_list)[paul.id].selected = True
    dbsession.flush()
    signed_in.post(
        f"/lists/{record_list.id}/bulk",
        {
            "csrf_token": csrf_token(signed_in),
            "operation": "emailing",
            "target": "selected",
            "mail_subject": "Offre",
            "mail_body": "<div>Bonjour {last_name}</div>",
        },
    )
    assert [m["To"] for m in outbox.wait_for(1)] == [paul.email]
    operation = dbsession.scalar(select(ListOperation))
    assert (operation.target, operation.total, operation.message) == (
        "selected",
        1,
        "sent=1",
    )


def test_an_unknown_placeholder_is_refused_beside_its_field(
    signed_in, dbsession, factories, outbox
):
    body = "<div>Bonjour {prenom}, {societe} et {prenom}</div>"
    page = refused_emailing(signed_in, dbsession, factories, "Pour {first_name}", body)
    field = page.html.find(attrs={"data-bulk-field": "mail_body"})
    error = field.find(class_="field-error").text
    # Each wrong one once, then the ones that work.
    assert "{prenom}, {societe}." in error
    for known in ("{civility}", "{first_name}", "{last_name}", "{company}"):
        assert known in error
    subject = page.html.find(attrs={"data-bulk-field": "mail_subject"})
    assert subject.find(class_="field-error") is None
    assert dbsession.scalar(select(ListOperation)) is None
    assert outbox.messages == []


def test_an_unknown_placeholder_in_the_subject_is_refused_too(
    signed_in, dbsession, factories, outbox
):
    page = refused_emailing(
        signed_in, dbsession, factories, "Offre { first_name }", "Bonjour {first_name}"
    )
    field = page.html.find(attrs={"data-bulk-field": "mail_subject"})
    assert "{ first_name }" in field.find(class_="field-error").text
    assert outbox.messages == []


def test_the_message_comes_from_the_salesperson(make_app, dbsession, factories, outbox):
    app = make_app()
    sender = factories.user(
        email="lea.dubois@relais.example", first_name="Léa", last_name="Dubois, Ventes"
    )
    sign_in(app, sender.email)
    contact = factories.contact(factories.company("Radio Sud"), last_name="Bernard")
    record_list = services.create_list(dbsession, sender, "Presse", "contact")
    services.add_records(dbsession, record_list, [contact.id])

    app.post(
        f"/lists/{record_list.id}/bulk",
        {
            "csrf_token": csrf_token(app),
            "operation": "emailing",
            "target": "visible",
            "mail_subject": "Notre offre",
            "mail_body": "Bonjour",
        },
    ).follow()
    message = outbox.wait_for(1)[0]
    configured = parseaddr(app.app.registry.relais_settings["relais.mail.sender"])
    (shown,) = message["From"].addresses
    # The name is the salesperson's, the address the one the server sends for.
    assert shown.display_name == sender.display_name
    assert shown.addr_spec == configured[1]
    (answer,) = message["Reply-To"].addresses
    assert (answer.display_name, answer.addr_spec) == (
        sender.display_name,
        "lea.dubois@relais.example",
    )
