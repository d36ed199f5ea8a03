"""Every real export in tests/data imports with the right values."""

from pathlib import Path

import pytest
from sqlalchemy import select

from core.directory.models import Company, Contact
from core.transfer.testing import import_file, read_bytes

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def user(factories):
    return factories.user()


def contact(dbsession, last_name) -> Contact:
    return dbsession.scalar(select(Contact).where(Contact.last_name == last_name))


def company(dbsession, name) -> Company:
    return dbsession.scalar(select(Company).where(Company.name == name))


def test_french_outlook_cp1252_semicolons(dbsession, user):
    plan, applied = import_file(
        dbsession, user, DATA / "csv/outlook_fr_semicolon_cp1252_reconstructed.csv"
    )
    assert plan.counts["create"] == 2
    amelie = contact(dbsession, "Exemple")
    assert amelie.first_name == "Amélie"
    assert amelie.title == "Chef de publicité"
    assert amelie.email == "amelie.exemple@example.fr"
    assert amelie.phone == "+33100000001"
    assert amelie.mobile == "+33600000001"
    assert amelie.company.name == "Régie Publicitaire Fictive SAS"
    address = amelie.default_address
    assert (address.street, address.postcode, address.city, address.country) == (
        "12, rue de l'Exemple",
        "75008",
        "Paris",
        "FR",
    )
    jk = contact(dbsession, "Démo-Testeur")
    assert jk.first_name == "Jean-Kévin"
    assert jk.title == "Directeur de la publication"
    # The second address is an Exchange X.500 path, not an e-mail address.
    assert jk.email == "jk.demo@example.org"
    assert jk.company.name == "Hebdo Local Éditions"
    assert jk.company.website == "https://www.example.org"
    assert jk.default_address.city == "Saint-Étienne"


def test_google_contacts_current_format(dbsession, user):
    plan, _applied = import_file(
        dbsession, user, DATA / "csv/google_contacts_current_format_reconstructed.csv"
    )
    elodie = contact(dbsession, "Fictive")
    assert elodie.first_name == "Élodie"
    assert elodie.company.name == "Radio Exemple FM"
    assert elodie.title == "Responsable partenariats"
    # "a ::: b" cells hold several values: the first is kept.
    assert elodie.email == "elodie.fictive@example.fr"
    # Phone 1 is labelled Mobile, phone 2 Work.
    assert elodie.mobile == "+33600000002"
    assert elodie.phone == "+33100000004"
    assert elodie.default_address.postcode == "69002"
    printer = company(dbsession, "Imprimerie Modèle & Fils, SARL")
    assert printer is not None and printer.contacts == []
    marc = contact(dbsession, "D'Exemple")
    assert (marc.first_name, marc.email, marc.company) == (
        "Marc",
        "marc@example.org",
        None,
    )


def test_linkedin_connections(dbsession, user):
    plan, _applied = import_file(
        dbsession, user, DATA / "csv/linkedin_Connections_anonymized.csv"
    )
    # The notes above the header are skipped; the fully empty row is refused.
    assert plan.rows[0].line == 5
    assert [row.line for row in plan.rows if row.status == "reject"] == [17]
    lea = contact(dbsession, "Testeur")
    assert (lea.first_name, lea.email) == ("Léa", "lea.testeur@example.com")
    assert lea.company.name == "Adyen"
    assert lea.linkedin_url == "https://www.linkedin.com/in/lea-testeur-000000002"
    assert contact(dbsession, "Exemplov🇺🇦").first_name == "Max"
    greek = contact(dbsession, "Factice")
    assert greek.company.name == "ΔΠΜΣ Ζώα: Ηθική, Δίκαιο, Ευζωία"
    assert contact(dbsession, "Primjerić").company.name == "Codup"
    assert contact(dbsession, "Inventé").company is None


def test_outlook_com_export_with_bom(dbsession, user):
    table = read_bytes((DATA / "csv/roundcube_outlook_com_style_bom.csv").read_bytes())
    assert table.headers[0] == "Display Name"
    plan, _applied = import_file(
        dbsession, user, DATA / "csv/roundcube_outlook_com_style_bom.csv"
    )
    # Each field holds its own name: read right, refused for the bad values.
    row = plan.rows[0]
    assert (row.contact["last_name"], row.contact["first_name"]) == (
        "Last Name",
        "First Name",
    )
    assert row.contact["email"] == "home@example.com"
    assert row.company["name"] == "Company"
    assert row.status == "reject"
    reasons = " ".join(str(error.mapping) for error in row.errors)
    assert "https://home" in reasons and "Work Zip" in reasons
    assert contact(dbsession, "Last Name") is None


def test_thunderbird_exports(dbsession, user):
    plan, _applied = import_file(
        dbsession, user, DATA / "csv/roundcube_thunderbird_plain.csv"
    )
    row = plan.rows[0]
    assert (row.contact["first_name"], row.contact["email"]) == (
        "Firstname",
        "test@domain.tld",
    )
    assert row.company["name"] == "Organization"
    assert row.contact["address"]["country"] == "PL"
    # Its phones are placeholders ("phone work"): refused, not dropped.
    assert row.status == "reject"
    assert "phone work" in " ".join(str(error.mapping) for error in row.errors)

    plan, _applied = import_file(
        dbsession, user, DATA / "csv/thunderbird_export_multiline_quotes.csv"
    )
    assert [row.line for row in plan.rows] == [2, 3]
    two = contact(dbsession, "two")
    assert two.title == '"worker"'
    # "contact2@invalid" has no domain: left out and said so.
    assert two.email is None
    assert "contact2@invalid" in str(plan.rows[1].warnings[0].mapping)


def test_outlook_express_company_only_row(dbsession, user):
    plan, _applied = import_file(
        dbsession, user, DATA / "csv/thunderbird_outlook_style_quoted.csv"
    )
    acer = company(dbsession, "Acer America")
    assert acer is not None
    assert acer.contacts == []
    assert plan.counts["create"] == 1


def test_semicolon_utf16_and_shift_jis(dbsession, user):
    plan, _applied = import_file(
        dbsession, user, DATA / "csv/thunderbird_semicolon.csv"
    )
    people = dbsession.scalars(select(Contact).order_by(Contact.first_name)).all()
    assert [(c.first_name, c.last_name) for c in people] == [
        ("Jane", "Doe"),
        ("John", "Doe"),
    ]
    # ".invalid" is a reserved domain: no address is kept, and it is said.
    assert [c.email for c in people] == [None, None]
    assert "john@doe.invalid" in str(plan.rows[0].warnings[0].mapping)

    plan, _applied = import_file(
        dbsession, user, DATA / "csv/thunderbird_utf16le_bom.csv"
    )
    # Same name, but no company and no address to tell it is the same John.
    assert plan.rows[0].status == "create"
    assert plan.rows[0].contact["first_name"] == "John"
    assert "johndoe@host.invalid" in str(plan.rows[0].warnings[0].mapping)

    import_file(dbsession, user, DATA / "csv/thunderbird_shiftjis.csv")
    japanese = contact(dbsession, "名無し")
    assert (japanese.first_name, japanese.email, japanese.company) == (
        "権兵衛",
        None,
        None,
    )


def test_google_legacy_and_minimal_outlook(dbsession, user):
    plan, _applied = import_file(
        dbsession, user, DATA / "csv/roundcube_google_contacts_legacy_export.csv"
    )
    row = plan.rows[0]
    assert (row.contact["first_name"], row.contact["email"]) == (
        "Firstname",
        "home@aaa.pl",
    )
    # Placeholder phones and postcode ("pager", "home_zip"): the row is refused.
    assert row.status == "reject"
    assert "home_zip" in " ".join(str(error.mapping) for error in row.errors)
    # Only e-mail addresses and no name: refused with the reason.
    plan, _applied = import_file(
        dbsession, user, DATA / "csv/roundcube_outlook_minimal.csv"
    )
    assert plan.rows[0].status == "reject"
    assert "no last name" in plan.rows[0].errors[0].interpolate()


def test_tab_and_comma_mixed_without_header(dbsession, user):
    table = read_bytes((DATA / "csv/thunderbird_tab_comma_mixed.csv").read_bytes())
    assert table.has_header is False
    assert [cells[4] for _line, cells in table.rows] == [
        "1@host.invalid",
        "2@host.invalid",
        "3@host.invalid",
        "4@host.invalid",
    ]


def test_sirene_establishments_keep_their_codes(dbsession, user):
    table = read_bytes(
        (DATA / "csv/sirene_stock_etablissement_header_fuzzed_rows.csv").read_bytes()
    )
    index = table.headers.index("codePostalEtablissement")
    assert table.rows[1][1][index] == "08079"
    plan, _applied = import_file(
        dbsession, user, DATA / "csv/sirene_stock_etablissement_header_fuzzed_rows.csv"
    )
    # The establishment file has no company name: every row says so.
    assert plan.counts["reject"] == 5
    assert dbsession.scalar(select(Company).where(Company.siret.is_not(None))) is None


# Name, first name, company, e-mail, phone, mobile. A number that is no real
# one in the card's country (or in France without one) is left out, with a
# warning in the dry run: "555" or "111" area codes.
VCARDS = {
    "ezvcard_John_Doe_GMAIL.vcf": (
        "Doe",
        "John",
        "IBM",
        "john.doe@ibm.com",
        None,
        None,
    ),
    "ezvcard_John_Doe_IPHONE.vcf": (
        "Doe",
        "John",
        "IBM",
        "john.doe@ibm.com",
        "+19057771234",
        "+19055551234",
    ),
    "ezvcard_John_Doe_MAC_ADDRESS_BOOK.vcf": (
        "Doe",
        "John",
        "IBM",
        "john.doe@ibm.com",
        "+19057771234",
        "+19055551234",
    ),
    "ezvcard_gmail-single2.vcf": (
        "Test",
        "VCard",
        "TheCompany",
        "email@example.com",
        None,
        None,
    ),
    "ezvcard_outlook-2007.vcf": (
        "Angstadt",
        "Michael",
        "TheCompany",
        "mike.angstadt@gmail.com",
        None,
        None,
    ),
    "ezvcard_rfc6350-example.vcf": (
        "Perreault",
        "Simon",
        "Viagenie",
        "simon.perreault@viagenie.ca",
        "+14186569254",
        "+14182626501",
    ),
    "pyvobject_vcard40_full.vcf": (
        "Public",
        "John",
        "Example Corp.",
        "johnny@personal.example.org",
        None,
        None,
    ),
    "radicale_vcard-quoted-printable1.vcf": ("黄", "世勇", None, None, None, None),
    "roundcube_johndoe.vcf": (
        "Doë",
        "John",
        "roundcube.net",
        "roundcube@gmail.com",
        None,
        None,
    ),
    # No charset: the whole file reads best as cp1250 (Polish "ń", not "ñ").
    "roundcube_thebat.vcf": (
        "Iksiński",
        "Piotr",
        None,
        "piotr.iksinski@somedomain.com",
        None,
        None,
    ),
    "roundcube_utf-16_sample.vcf": ("ĽdaMonté", "Ǽgean", None, None, None, None),
}


@pytest.mark.parametrize("name", sorted(VCARDS))
def test_vcards(dbsession, user, name):
    last, first, company_name, email, phone, mobile = VCARDS[name]
    import_file(dbsession, user, DATA / "vcards" / name)
    person = contact(dbsession, last)
    assert person.first_name == first
    assert (person.company.name if person.company else None) == company_name
    assert person.email == email
    assert (person.phone, person.mobile) == (phone, mobile)


def test_vcard_phones_read_in_the_address_country(dbsession, user):
    import_file(dbsession, user, DATA / "vcards/ezvcard_rfc6350-example.vcf")
    simon = contact(dbsession, "Perreault")
    assert (simon.phone, simon.mobile) == ("+14186569254", "+14182626501")
    assert simon.default_address.postcode == "G1V 2M2"
    assert simon.default_address.country == "CA"
    import_file(dbsession, user, DATA / "vcards/ezvcard_John_Doe_IPHONE.vcf")
    john = contact(dbsession, "Doe")
    assert john.mobile == "+19055551234"
    assert john.title == "Money Counter"


def test_a_card_with_words_for_phones_is_refused(dbsession, user):
    plan, _applied = import_file(
        dbsession, user, DATA / "vcards/ezvcard_outlook-2003.vcf"
    )
    row = plan.rows[0]
    assert (row.contact["last_name"], row.contact["email"]) == (
        "Doe",
        "jdoe@hotmail.com",
    )
    assert row.company["name"] == "Company, The"
    assert row.status == "reject"
    reasons = " ".join(str(error.mapping) for error in row.errors)
    assert "BusinessPhone" in reasons and "MobilePhone" in reasons
    assert contact(dbsession, "Doe") is None


def test_vcards_without_a_person(dbsession, user):
    plan, _applied = import_file(dbsession, user, DATA / "vcards/roundcube_apple.vcf")
    apple = company(dbsession, "Apple Computer AG")
    assert apple.website == "http://www.apple.ch"
    assert apple.contacts == []
    plan, _applied = import_file(
        dbsession, user, DATA / "vcards/ezvcard_John_Doe_ANDROID.vcf"
    )
    # Two cards hold only an e-mail address; the others have a name.
    assert [row.status for row in plan.rows].count("reject") == 2
    assert contact(dbsession, "Ñ Ñ Ñ Ñ").mobile == "+33123456789"


def test_the_bat_card_without_charset(dbsession, user):
    plan, _applied = import_file(dbsession, user, DATA / "vcards/roundcube_thebat.vcf")
    assert plan.counts["create"] == 1
    piotr = contact(dbsession, "Iksiński")
    assert piotr.first_name == "Piotr"
    assert piotr.email == "piotr.iksinski@somedomain.com"
    assert (piotr.company, piotr.phone, piotr.mobile) == (None, None, None)
    assert contact(dbsession, "Iksiñski") is None


def test_roundcube_cards_with_a_charset_and_in_utf16(dbsession, user):
    plan, _applied = import_file(dbsession, user, DATA / "vcards/roundcube_johndoe.vcf")
    john = contact(dbsession, "Doë")
    assert (john.first_name, john.company.name) == ("John", "roundcube.net")
    assert john.email == "roundcube@gmail.com"
    # "+123456789" and "+987654321" are no real numbers: left out, and said.
    assert (john.phone, john.mobile) == (None, None)
    warnings = " ".join(str(w.mapping) for w in plan.rows[0].warnings)
    assert "+123456789" in warnings and "+987654321" in warnings
    import_file(dbsession, user, DATA / "vcards/roundcube_utf-16_sample.vcf")
    egean = contact(dbsession, "ĽdaMonté")
    assert egean.first_name == "Ǽgean"
    assert egean.default_address.city == "LaPaz"
