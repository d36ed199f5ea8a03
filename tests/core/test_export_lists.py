"""Exporting a list: French-Excel CSV, XLSX, and the manual's options."""

import csv
import io

from openpyxl import load_workbook

from core.directory.models import Address, CompanyPortfolio
from core.directory.multi import ContactLink
from core.lists import services


def read_csv(response) -> list[list[str]]:
    body = response.body
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def contact_list(dbsession, user, contacts):
    record_list = services.create_list(
        dbsession, user, "Contacts à relancer", "contact"
    )
    services.add_records(dbsession, record_list, [c.id for c in contacts])
    return record_list


def test_contact_csv_with_options(signed_in, dbsession, factories):
    company = factories.company("Radio Sud", phone="+33123456789")
    company.addresses.append(
        Address(
            street="1 rue du Port", postcode="13002", city="Marseille", is_default=True
        )
    )
    company.addresses.append(
        Address(street="BP 12", postcode="13001", city="Marseille")
    )
    dbsession.add(CompanyPortfolio(user_id=signed_in.user.id, company_id=company.id))
    zoe = factories.contact(
        company, first_name="Zoé", last_name="Bernard", phone="+33123456789"
    )
    refusing = factories.contact(company, last_name="Refus", do_not_contact=True)
    twin = factories.contact(
        factories.company("Radio Nord"),
        first_name="Zoé",
        last_name="Bernard",
        email=zoe.email,
    )
    # Zoé works at both radios: two linked records, the first the reference.
    dbsession.add_all(
        [
            ContactLink(contact_id=zoe.id, reference_id=zoe.id),
            ContactLink(contact_id=twin.id, reference_id=zoe.id),
        ]
    )
    record_list = contact_list(dbsession, signed_in.user, [zoe, refusing, twin])

    plain = read_csv(signed_in.get(f"/lists/{record_list.id}/export?format=csv"))
    assert plain[0][:3] == ["Civility", "First name", "Last name"]
    assert [row[2] for row in plain[1:]] == ["Bernard", "Refus", "Bernard"]
    first = dict(zip(plain[0], plain[1], strict=True))
    assert first["Company"] == "Radio Sud"
    # Without an address of its own, the contact is reached at its company's.
    assert (first["Postcode"], first["City"]) == ("13002", "Marseille")
    assert first["Phone"] == "01 23 45 67 89"
    assert "Portfolio" not in plain[0]

    options = "exclude_refusing=1&reference_only=1&portfolio=1&all_addresses=1"
    rich = read_csv(
        signed_in.get(f"/lists/{record_list.id}/export?format=csv&{options}")
    )
    assert [row[2] for row in rich[1:]] == ["Bernard"]
    first = dict(zip(rich[0], rich[1], strict=True))
    assert first["Portfolio"] == signed_in.user.display_name
    assert first["Other addresses"] == "BP 12, 13001 Marseille"


def test_contact_own_addresses_come_before_the_company(signed_in, dbsession, factories):
    company = factories.company("Radio Est")
    company.addresses.append(
        Address(street="9 quai Ouest", postcode="67000", city="Strasbourg")
    )
    home = factories.contact(company, last_name="Martin")
    home.addresses.append(
        Address(street="2 rue Haute", postcode="68100", city="Mulhouse")
    )
    home.addresses.append(
        Address(
            street="5 place Basse", postcode="68000", city="Colmar", is_default=True
        )
    )
    single = factories.contact(company, last_name="Petit")
    single.addresses.append(Address(street="7 allée", postcode="57000", city="Metz"))
    record_list = contact_list(dbsession, signed_in.user, [home, single])

    url = f"/lists/{record_list.id}/export?format=csv&all_addresses=1"
    table = read_csv(signed_in.get(url))
    martin, petit = (dict(zip(table[0], row, strict=True)) for row in table[1:])
    # The default address first, the others listed; never the company's.
    assert (martin["Street"], martin["City"]) == ("5 place Basse", "Colmar")
    assert martin["Other addresses"] == "2 rue Haute, 68100 Mulhouse"
    assert (petit["City"], petit["Other addresses"]) == ("Metz", "")


def test_company_xlsx(signed_in, dbsession, factories):
    companies = [factories.company(name) for name in ("Éditions Alpha", "Beta Média")]
    record_list = services.create_list(dbsession, signed_in.user, "Sociétés", "company")
    services.add_records(dbsession, record_list, [c.id for c in companies])
    response = signed_in.get(f"/lists/{record_list.id}/export?format=xlsx")
    assert response.content_type.endswith("spreadsheetml.sheet")
    assert 'filename="Soci' in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.body)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Company"
    assert sorted(row[0] for row in values[1:]) == ["Beta Média", "Éditions Alpha"]


def test_company_csv_with_every_option(signed_in, dbsession, factories):
    from sqlalchemy import select

    from core.keywords.models import Keyword, RecordKeyword
    from core.reference.models import Sector, Situation

    sector = dbsession.scalars(select(Sector).order_by(Sector.id)).first()
    situation = dbsession.scalars(select(Situation).order_by(Situation.id)).first()
    company = factories.company(
        "=Radio Ouest",
        phone="+33299001122",
        siret="73282932000074",
        website="https://radio-ouest.example",
        situation=situation,
    )
    company.sectors.append(sector)
    company.addresses.append(Address(street="BP 4", postcode="35000", city="Rennes"))
    company.addresses.append(
        Address(
            street="3 mail Anne",
            street2="Bât. B",
            postcode="35000",
            city="Rennes",
            is_default=True,
        )
    )
    bare = factories.company("Bare")
    local = Keyword(code="t_local", label="Local")
    dbsession.add(local)
    dbsession.flush()
    dbsession.add_all(
        [
            RecordKeyword(
                target_kind="company", target_id=company.id, keyword_id=local.id
            ),
            CompanyPortfolio(user_id=signed_in.user.id, company_id=company.id),
        ]
    )
    record_list = services.create_list(dbsession, signed_in.user, "Ouest", "company")
    services.add_records(dbsession, record_list, [company.id, bare.id])

    options = "qualifications=1&keywords=1&portfolio=1&all_addresses=1"
    table = read_csv(signed_in.get(f"/lists/{record_list.id}/export?{options}"))
    radio, plain = (dict(zip(table[0], row, strict=True)) for row in table[1:])
    assert radio["Company"] == "'=Radio Ouest"
    assert (radio["Type"], radio["Situation"]) == ("Annonceur", situation.label)
    assert radio["Phone"] == "02 99 00 11 22"
    assert radio["SIRET"] == "732 829 320 00074"
    assert radio["Website"] == "https://radio-ouest.example"
    assert radio["Street"] == "3 mail Anne\nBât. B"
    assert radio["Other addresses"] == "BP 4, 35000 Rennes"
    assert radio["Sectors"] == sector.label
    assert radio["Keywords"] == "Local"
    assert radio["Portfolio"] == signed_in.user.display_name
    assert plain["Company"] == "Bare"
    assert [plain[key] for key in ("Street", "Sectors", "Keywords", "Portfolio")] == [
        "",
        "",
        "",
        "",
    ]


def test_hidden_and_filtered_rows_stay_out(signed_in, dbsession, factories):
    a, b, c = (factories.company(name) for name in ("Alpha", "Beta", "Gamma"))
    record_list = services.create_list(dbsession, signed_in.user, "L", "company")
    services.add_records(dbsession, record_list, [a.id, b.id, c.id])
    services.existing_rows(dbsession, record_list)[b.id].hidden = True
    dbsession.flush()
    rows = read_csv(signed_in.get(f"/lists/{record_list.id}/export"))
    assert [row[0] for row in rows[1:]] == ["Alpha", "Gamma"]
    rows = read_csv(signed_in.get(f"/lists/{record_list.id}/export?q=gam"))
    assert [row[0] for row in rows[1:]] == ["Gamma"]


def test_keywords_and_qualifications(signed_in, dbsession, factories):
    from core.keywords.models import (
        Keyword,
        Qualification,
        RecordKeyword,
        RecordQualification,
    )

    rugby = Keyword(code="t_rugby", label="Rugby")
    vip = Qualification(code="t_vip", label="VIP")
    decider = Qualification(code="t_decideur", label="Décideur")
    dbsession.add_all([rugby, vip, decider])
    dbsession.flush()
    company = factories.company("Radio Sud")
    zoe = factories.contact(company, last_name="Bernard")
    dbsession.add_all(
        [
            RecordKeyword(target_kind="contact", target_id=zoe.id, keyword_id=rugby.id),
            RecordQualification(
                target_kind="company", target_id=company.id, qualification_id=vip.id
            ),
            RecordQualification(
                target_kind="contact", target_id=zoe.id, qualification_id=decider.id
            ),
        ]
    )
    record_list = contact_list(dbsession, signed_in.user, [zoe])
    rows = read_csv(
        signed_in.get(f"/lists/{record_list.id}/export?qualifications=1&keywords=1")
    )
    line = dict(zip(rows[0], rows[1], strict=True))
    assert line["Company qualifications"] == "VIP"
    assert line["Qualifications"] == "Décideur"
    assert line["Keywords"] == "Rugby"
    assert line["Company keywords"] == ""


def test_export_rows_are_read_page_by_page_in_row_order(dbsession, factories):
    from core.lists.queries import RowFilter, paged_ids, shown_query

    owner = factories.user()
    companies = [factories.company(f"Régie {n}") for n in range(5)]
    record_list = services.create_list(dbsession, owner, "L", "company")
    services.add_records(dbsession, record_list, [c.id for c in companies])
    services.existing_rows(dbsession, record_list)[companies[3].id].hidden = True
    dbsession.flush()
    query = shown_query(record_list, RowFilter())
    assert list(paged_ids(dbsession, query, page=2)) == [
        c.id for n, c in enumerate(companies) if n != 3
    ]
