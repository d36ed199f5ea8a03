"""Contacts: the form, the homonym check and its mobility flow, CV, departure."""

import datetime as dt

from sqlalchemy import func, select

from core.directory.models import Contact, ContactFollow
from core.directory.testing import contact_form
from core.testing import csrf_token


def test_created_contact_takes_the_company_phone(signed_in, dbsession, factories):
    company = factories.company("C-FLOW", phone="+33123456789")
    form = contact_form(
        signed_in,
        dbsession,
        url=f"/contacts/new?company_id={company.id}",
        first_name="Benoit",
        last_name="Ménager",
        email="BMenager@C-Flow.fr",
        facebook_url="https://www.facebook.com/benoit.menager",
    )
    assert form["company"].value == f"C-FLOW #{company.id}"
    assert form["phone"].value == "01 23 45 67 89"
    sheet = form.submit("save").follow()
    assert "Benoit Ménager" in sheet.html.find("h1").text
    assert "01 23 45 67 89" in sheet.html.find(attrs={"data-phone": ""}).text
    contact = dbsession.scalar(select(Contact))
    assert contact.company_id == company.id
    assert contact.email == "bmenager@c-flow.fr"
    assert contact.phone == "+33123456789"
    assert contact.created_by_id == signed_in.user.id
    company_sheet = signed_in.get(f"/companies/{company.id}")
    assert "Ménager" in company_sheet.html.find(attrs={"data-contacts": ""}).text


def test_a_direct_line_replaces_the_switchboard(signed_in, dbsession, factories):
    company = factories.company("C-FLOW", phone="+33123456789")
    form = contact_form(
        signed_in,
        dbsession,
        url=f"/contacts/new?company_id={company.id}",
        phone="01 98 76 54 32",
        mobile="06 12 34 56 78",
    )
    form.submit("save").follow()
    contact = dbsession.scalar(select(Contact))
    assert (contact.phone, contact.mobile) == ("+33198765432", "+33612345678")


def test_required_fields_and_bad_values_are_flagged(signed_in, dbsession):
    form = signed_in.get("/contacts/new").forms["contact-form"]
    form["email"] = "not an address"
    form["company"] = "Nobody"
    form["addresses.0.city"] = "x" * 5000
    page = form.submit("save", status=400).html
    assert page.find(id="e-civility").text == "This field is required."
    assert page.find(id="e-last_name").text == "This field is required."
    assert page.find(id="e-function_id").text == "This field is required."
    assert page.find(id="e-email").text == "Enter a valid e-mail address."
    assert page.find(id="e-addresses.0.city").text == "This text is too long."
    assert dbsession.scalar(select(func.count(Contact.id))) == 0


def test_unknown_company_is_flagged(signed_in, dbsession):
    form = contact_form(signed_in, dbsession, company="Nobody")
    page = form.submit("save", status=400).html
    assert page.find(id="e-company").text == "Choose a company from the list."


def test_markup_in_a_last_name_is_refused(signed_in, dbsession):
    form = contact_form(signed_in, dbsession, last_name='"><svg onload=alert(1)>')
    page = form.submit("save", status=400).html
    assert "HTML tags" in page.find(id="e-last_name").text


def test_homonym_with_the_same_email_is_flagged(signed_in, dbsession, factories):
    existing = factories.contact(None, last_name="MENAGER", email="b@c-flow.fr")
    form = contact_form(signed_in, dbsession, last_name="Ménager", email="B@c-flow.fr")
    page = form.submit("save")
    warning = page.html.find(attrs={"data-homonyms": ""})
    assert "1 possible duplicate\n" in warning.text
    opened = page.click(href=f"/contacts/{existing.id}$", index=0)
    assert "MENAGER" in opened.html.find("h1").text
    again = page.forms["contact-form"].submit("not_duplicate").follow()
    assert "Ménager" in again.html.find("h1").text
    assert dbsession.scalar(select(func.count(Contact.id))) == 2


def test_same_name_at_the_same_company_is_flagged(signed_in, dbsession, factories):
    company = factories.company("Havas")
    factories.contact(company, first_name="Anne", last_name="Durand", email=None)
    form = contact_form(
        signed_in,
        dbsession,
        first_name="Anne",
        last_name="DURAND",
        company=f"Havas #{company.id}",
    )
    page = form.submit("save")
    assert page.html.find(attrs={"data-homonyms": ""})
    other = contact_form(
        signed_in,
        dbsession,
        first_name="Paul",
        last_name="Durand",
        company=f"Havas #{company.id}",
    )
    assert other.submit("save").status_int == 303


def test_homonym_elsewhere_is_recorded_as_a_move(signed_in, dbsession, factories):
    old_company = factories.company("C-FLOW")
    new_company = factories.company("L'Oréal Luxe")
    former = factories.contact(old_company, last_name="MENAGER", email="b@c-flow.fr")
    form = contact_form(
        signed_in,
        dbsession,
        first_name="Benoit",
        last_name="Ménager",
        email="b@c-flow.fr",
        company=f"L'Oréal Luxe #{new_company.id}",
    )
    page = form.submit("save")
    warning = page.html.find(attrs={"data-homonym": str(former.id)})
    assert "will be marked as departed from" in warning.text
    sheet = page.forms["contact-form"].submit("moved_from").follow()

    dbsession.refresh(former)
    assert former.departed_at is not None
    cv = sheet.html.find(attrs={"data-section": "cv"}).text
    assert "C-FLOW" in cv
    assert "former record" in cv
    new = dbsession.scalar(select(Contact).where(Contact.id != former.id))
    assert new.positions[0].former_contact_id == former.id
    departed = signed_in.get(f"/companies/{old_company.id}", {"departed": "1"})
    assert "MENAGER" in departed.html.find(attrs={"data-contacts": ""}).text


def test_change_company_keeps_the_former_position(signed_in, dbsession, factories):
    havas = factories.company("Havas")
    publicis = factories.company("Publicis", phone="+33144437000")
    contact = factories.contact(havas, title="Directrice média", phone="+33100000000")
    sheet = signed_in.get(f"/contacts/{contact.id}")
    form = sheet.forms["move-form"]
    form["company"] = f"Publicis #{publicis.id}"
    form["title"] = "Directrice conseil"
    sheet = form.submit().follow()
    dbsession.refresh(contact)
    assert contact.company_id == publicis.id
    assert contact.phone == "+33144437000"
    position = contact.positions[0]
    assert (position.company_id, position.title) == (havas.id, "Directrice média")
    assert "Havas" in sheet.html.find(attrs={"data-section": "cv"}).text


def test_change_company_needs_a_company(signed_in, factories):
    contact = factories.contact(factories.company("Havas"))
    form = signed_in.get(f"/contacts/{contact.id}").forms["move-form"]
    page = form.submit(status=400).html
    assert page.find(id="e-company").text == "Choose a company from the list."


def test_departure_date_hides_the_contact(signed_in, dbsession, factories):
    company = factories.company("Havas")
    contact = factories.contact(company, last_name="Sortante")
    form = signed_in.get(f"/contacts/{contact.id}").forms["departure-form"]
    form["departed_on"] = "2026-03-31"
    sheet = form.submit("save").follow()
    assert "31/03/2026" in sheet.html.find(attrs={"data-departed": ""}).text
    assert "Sortante" not in signed_in.get("/search/quick", {"q": "Sortante"})
    company_sheet = signed_in.get(f"/companies/{company.id}")
    assert not company_sheet.html.find(attrs={"data-contacts": ""})

    sheet.forms["departure-form"].submit("cancel").follow()
    assert "Sortante" in signed_in.get("/search/quick", {"q": "Sortante"})


def test_departure_date_must_be_a_date(signed_in, factories):
    contact = factories.contact(factories.company("Havas"))
    signed_in.post(
        f"/contacts/{contact.id}/departure",
        {"csrf_token": csrf_token(signed_in), "departed_on": "demain"},
        status=400,
    )


def test_edit_and_follow(signed_in, dbsession, factories):
    contact = factories.contact(
        factories.company("Havas"), last_name="Avant", email="avant@havas.fr"
    )
    form = signed_in.get(f"/contacts/{contact.id}/edit").forms["contact-form"]
    form["last_name"] = "Après"
    form["do_not_contact"] = True
    sheet = form.submit("save").follow()
    assert sheet.html.find(attrs={"data-do-not-contact": ""})
    signed_in.post(
        f"/contacts/{contact.id}/follow", {"csrf_token": csrf_token(signed_in)}
    )
    assert dbsession.scalar(select(ContactFollow.contact_id)) == contact.id
    dbsession.refresh(contact)
    assert (contact.last_name, contact.last_name_key) == ("Après", "apres")


def test_new_contact_is_in_the_creation_menu(signed_in):
    home = signed_in.get("/")
    assert home.html.find("a", attrs={"data-entry": "contact_new"})


def test_contacts_left_departed_do_not_count_as_homonyms(
    signed_in, dbsession, factories
):
    factories.contact(
        None,
        last_name="Ménager",
        email="b@c-flow.fr",
        departed_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    form = contact_form(signed_in, dbsession, email="b@c-flow.fr")
    assert form.submit("save").status_int == 303


def test_star_and_pencil_put_a_contact_in_portfolios(signed_in, dbsession, factories):
    from core.directory.models import ContactPortfolio

    contact = factories.contact(factories.company("Dior"))
    token = csrf_token(signed_in)
    url = f"/contacts/{contact.id}"
    sheet = signed_in.post(url + "/portfolio", {"csrf_token": token}).follow()
    assert sheet.html.find(attrs={"data-action": "portfolio"})["aria-pressed"] == "true"
    assert signed_in.user.display_name in sheet.html.find(class_="owners").text
    signed_in.post(url + "/portfolio", {"csrf_token": token})
    assert dbsession.scalars(select(ContactPortfolio)).all() == []

    lea = factories.user(first_name="Léa", last_name="Dubois")
    hugo = factories.user(first_name="Hugo", last_name="Bernard")
    form = next(
        f for f in signed_in.get(url).forms.values() if f.action.endswith("/owners")
    )
    for box in form.fields["owner_ids"]:
        box.checked = box._value in (str(lea.id), str(hugo.id))
    owners = form.submit().follow().html.find(class_="owners").text
    assert "Léa Dubois" in owners and "Hugo Bernard" in owners
    signed_in.post(url + "/owners", {"csrf_token": token, "owner_ids": lea.id})
    owners = signed_in.get(url).html.find(class_="owners").text
    assert "Léa Dubois" in owners and "Hugo Bernard" not in owners


def test_assistants_may_not_assign_contact_portfolios(app, factories):
    from core.testing import sign_in

    contact = factories.contact(factories.company("Dior"))
    assistant = factories.user(profile="assistant")
    sign_in(app, assistant.email)
    app.post(
        f"/contacts/{contact.id}/owners",
        {"csrf_token": csrf_token(app), "owner_ids": assistant.id},
        status=403,
    )
