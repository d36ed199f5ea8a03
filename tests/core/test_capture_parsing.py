"""Every real mail in tests/data/emails/ reads with the right people and text.

The files come from other mail libraries' test suites (see tests/data/SOURCES.md);
each breaks a rule in its own way, and each must still give the sender, the
recipients, the subject and the text a salesperson would read in it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core.mail.parsing import parse_message

DATA = Path(__file__).resolve().parents[1] / "data" / "emails"

# file, sender, recipients (To then Cc), subject, a line of the text
CASES = [
    (
        "cpython_msg_35.eml",
        "aperson@dom.ain",
        ["bperson@dom.ain"],
        "here's something interesting",
        "counter to RFC 5322, there's no separating newline",
    ),
    (
        "cpython_msg_47.eml",
        "123@example.com",
        ["123@abuse.net"],
        "VIARGA|CIALIS|LEVITRA",
        "### PHARRMACY ON1INE 24/7 ###",
    ),
    (
        "flanker_attached-pdf.eml",
        None,
        [],
        "test message via curl - extra content-type (_001_)",
        "Test - body content",
    ),
    (
        "flanker_bilingual-simple.eml",
        "hello@example.com",
        ["bob@example.com"],
        "Simple text. How are you? Как ты поживаешь?",
        "This line is in English",
    ),
    (
        "flanker_enclosed.eml",
        "bob@example.net",
        ["bob@example.com"],
        "Thanks!",
        "Hello",
    ),
    (
        "flanker_encoded-header.eml",
        "foo.bar@example.com",
        ["foo@example.com"],
        "hello",
        "hello, world",
    ),
    (
        "flanker_from-encoding.eml",
        "ingo@blank.pages.de",
        ["new-httpd@apache.org"],
        "Re: running server as root (Was: Re: PUT method)",
        "Marc Slemko wrote:",
    ),
    (
        "flanker_mailformed-headers.eml",
        "headers@gmail.com",
        ["´google@example.com"],
        "´!",
        "Hello",
    ),
    (
        "flanker_outlook-express.eml",
        "bob@example.com",
        ["ally@example.com"],
        "Sup?",
        "",
    ),
    (
        "flanker_quoted-printable.eml",
        "bob@example.com",
        ["roman@mailgunhq.com"],
        "This message contains very long links in html",
        "Hello Bob,",
    ),
    (
        "flanker_spam_broken-headers.eml",
        "admin@advertise-bz.cn",
        ["user@example.com"],
        "Forget Asking For A Link Exchange…",
        "Do you really know what it takes to quickly",
    ),
    (
        "hunnysoft_m0004.eml",
        "doug@example.com",
        ["schmuergen@example.com"],
        "Die Hasen und die Frösche (Microsoft Outlook 00)",
        "Die Hasen und die Frösche",
    ),
    (
        "hunnysoft_m0010.eml",
        "doug@example.com",
        ["mueller@example.com"],
        "Die Hasen und die Frösche (Microsoft Outlook 00)",
        "Die Hasen und die Frösche",
    ),
    (
        "hunnysoft_m0014.eml",
        "doug@example.com",
        ["jblow@example.com"],
        "Test message from Microsoft Outlook 00",
        "The Hare and the Tortoise",
    ),
    (
        "hunnysoft_m0024.eml",
        "blablafakeemail@provider.fr",
        ["list-name@list-domain.org"],
        "Persil, abeilles ...",
        "",
    ),
    (
        "hunnysoft_m4006.eml",
        "sender@email.test",
        ["recipient@email.test"],
        "Read: invitation",
        "",
    ),
    (
        "mailparser_mail_test_17.eml",
        "notificaccion-clientes@bbva.mx",
        ["compliance@akaancasadebolsa.com.mx"],
        "Transferencia Interbancaria Banca en Línea",
        "Test",
    ),
    (
        "mailparser_mail_test_18.eml",
        "comma.name@example.com",
        ["tony.stark@example.com", "simple@example.net", "john.doe@example.com"],
        "Test for Comma and Name Bugs",
        "This is a test email body.",
    ),
    (
        "mailparser_mail_test_19.eml",
        "alice@example.com",
        [
            "charlie@example.com",
            "dave@example.com",
            "eve@example.com",
            "frank@example.com",
        ],
        "Test email with email address as display name",
        "where the display name is itself",
    ),
    (
        "mailparser_mail_test_7.eml",
        "geronazzo@voidstudicom.it",
        ["serena.nicolini@fake.it"],
        "Ordine",
        "Ciao sere mi puoi dire se il mio cliente deve fare",
    ),
    (
        "mimekit_exchange_online_issue358.eml",
        "jang.abcdef@xyzlinu",
        ["jang12@linux12.org.new"],
        "R: R: R: I: FR-selca LA selcaE",
        "Test headers",
    ),
    (
        "mimekit_exchange_online_winmail_ukr.eml",
        "rrtest1@xink.io",
        ["ems365sync@xink.io"],
        "rr test 7",
        "шостий",
    ),
    (
        "rubymail_attachment_message_rfc822.eml",
        "foo@example.com",
        ["blah@example.com"],
        "Another PDF",
        "This is the first part.",
    ),
    (
        "rubymail_encoding_madness.eml",
        "no-reply@crm.el-example.org",
        ["e-f5f4@app.ar-example.com"],
        "eBay Bid - 2008 Ford Super Duty F-350 DRW King Ranch Crew Cab 4x4 (156)"
        " - Stock# XXXX",
        "Body Text",
    ),
    (
        "rubymail_exchange_header_fields_with_empty_values.eml",
        "jorn@prikkprikkprikk.no",
        ["aftest@adfontesmedier.no"],
        "Testmail",
        "Jørn Støylen -- http://www.prikkprikkprikk.no",
    ),
    (
        "rubymail_fwd_inline_attachment_with_encoded_name.eml",
        "xxxxxxxxx.xxxxxxx@gmail.com",
        ["xxxxx@xxxxxxxxx.com"],
        "Signed email causes file attachments",
        "We should not include these files or vcards as att",
    ),
    (
        "rubymail_new_line_in_to_header.eml",
        "l@gcn-example.com",
        [
            "leads@sg.dc.com",
            "sag@leads.gs.ry.com",
            "sn@example-hotmail.com",
            "e-s-a-g-8718@app.ar.com",
            "jp@t-exmaple.com",
            "cc@c-l-example.com",
        ],
        "[Online Lead] Online Lead #1111111",
        '<?xml version="1.0" encoding="UTF-8"?>',
    ),
    (
        "rubymail_rfc2822_example03.eml",
        "john.q.public@example.com",
        [
            "mary@x.test",
            "jdoe@example.org",
            "one@y.test",
            "boss@nil.test",
            "sysservices@example.net",
        ],
        "",
        "Hi everyone.",
    ),
    (
        "rubymail_trademark_character_in_subject.eml",
        "j@yahoo-example.com",
        ["c@ra-example.com", "e-r-w-a-4462@app.ar.com", "leads@ga-example.com"],
        "GA.comô has a lead for you",
        "Body Text - not important",
    ),
    ("talon_outlook_reply.eml", "me@example.com", ["you@example.com"], "Test", "Hello"),
]


def parse(name: str):
    return parse_message((DATA / name).read_bytes())


@pytest.mark.parametrize(("name", "sender", "recipients", "subject", "text"), CASES)
def test_each_real_mail_gives_its_people_subject_and_text(
    name, sender, recipients, subject, text
):
    parsed = parse(name)

    assert (parsed.sender.email if parsed.sender else None) == sender
    assert [a.email for a in parsed.recipients] == recipients
    assert parsed.subject == subject
    if text:
        assert text in parsed.text
    else:
        assert parsed.text == ""
    assert "=?" not in parsed.subject


def test_every_file_of_the_folder_is_covered():
    assert sorted(p.name for p in DATA.glob("*.eml")) == sorted(c[0] for c in CASES)


def test_display_names_are_decoded_after_the_list_is_split():
    assert parse("flanker_encoded-header.eml").sender.name == "Foo, Bar"
    parsed = parse("mailparser_mail_test_18.eml")
    assert parsed.sender.name == "Last\u00dflName, FirstName"
    assert parsed.cc[1].name == 'John "Johnny" Doe'
    parsed = parse("rubymail_rfc2822_example03.eml")
    assert parsed.cc[1].name == 'Giant; "Big" Box'
    assert parsed.to[2].name == "Who?"


def test_eight_bit_names_are_read_and_marked():
    parsed = parse("flanker_from-encoding.eml")
    assert parsed.sender.name == "Ingo L\u00fctkebohle"
    assert "name-undecodable" in parsed.problems

    parsed = parse("flanker_mailformed-headers.eml")
    assert parsed.sender.name.startswith("\u042e\u043d\u0438\u043a\u043e\u0434")
    assert "subject-undecodable" in parsed.problems


def test_charsets_of_bodies_and_headers():
    assert "Frösche" in parse("hunnysoft_m0010.eml").text
    assert parse("hunnysoft_m0004.eml").to[0].name == "Jürgen Schmürgen"
    assert parse("mimekit_exchange_online_winmail_ukr.eml").text.startswith("шостий")
    # Declared iso-8859-1 but written by Windows: 0x85 is an ellipsis.
    spam = parse("flanker_spam_broken-headers.eml")
    assert spam.subject.endswith("Exchange\u2026")


def test_dates_missing_or_impossible_are_none_and_marked():
    assert parse("flanker_encoded-header.eml").date is None
    assert "date-missing" in parse("flanker_encoded-header.eml").problems
    assert parse("cpython_msg_47.eml").date is None
    assert "date-invalid" in parse("cpython_msg_47.eml").problems
    assert parse("rubymail_rfc2822_example03.eml").date == dt.datetime(
        2003, 7, 1, 8, 52, 37, tzinfo=dt.UTC
    )


def test_html_only_content_is_converted_to_text():
    parsed = parse("flanker_quoted-printable.eml")
    assert "<div" not in parsed.text
    assert "Please note that this email contains extremely long links:" in parsed.text


def test_attachments_keep_their_names_and_bytes():
    pdf = parse("flanker_attached-pdf.eml").attachments
    assert [(a.filename, a.content_type) for a in pdf] == [
        ("test.pdf", "application/pdf")
    ]
    assert pdf[0].data.startswith(b"%PDF-1.3")
    doc = parse("hunnysoft_m0024.eml").attachments[0]
    assert doc.filename == "Biodiversite de semaine en semaine.doc"
    assert doc.size == 27648
    odd = parse("rubymail_fwd_inline_attachment_with_encoded_name.eml")
    assert odd.attachments[0].filename.startswith("01 Quien Te Dij")
    assert "attachment-name-undecodable" in odd.problems


def test_forwards_name_the_original_correspondents():
    attached = parse("rubymail_attachment_message_rfc822.eml").forwarded
    assert attached.sender.email == "xxxx@xxxx.com"
    enclosed = parse("flanker_enclosed.eml").forwarded
    assert enclosed.sender.name == "Kirk Douglas"
    inline = parse("rubymail_fwd_inline_attachment_with_encoded_name.eml").forwarded
    assert inline.sender.email == "xxxxxxxx@xxx.com"
    assert [a.email for a in inline.to] == ["xxxxxxx@xxxxxxxxxx.com"]
    italian = parse("mailparser_mail_test_7.eml").forwarded
    assert italian.sender.email == "chiarodiluce@gmail.com"
    assert italian.sender.name == "export@agade.info"


def test_a_reply_quoting_headers_is_not_a_forward():
    assert parse("talon_outlook_reply.eml").forwarded is None
    assert parse("mimekit_exchange_online_issue358.eml").forwarded is None
