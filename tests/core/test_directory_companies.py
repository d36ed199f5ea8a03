"""Creating and editing companies through the form."""

from sqlalchemy import select

from core.directory.models import Company
from core.directory.testing import company_form, ids
from core.reference.models import Sector


def test_created_company_shows_its_fields_on_the_sheet(signed_in, dbsession):
    form = company_form(
        signed_in,
        dbsession,
        name="Dior",
        trade_name="DIOR PARFUMS",
        phone="0033 1 40 73 54 44",
        siret="732 829 320 00074",
        website="www.dior.com",
        instagram_url="https://www.instagram.com/diorparfums/",
        **{
            "addresses.0.street": "33 rue Garnier",
            "addresses.0.postcode": "92200",
            "addresses.0.city": "Neuilly-sur-Seine",
        },
    )
    response = form.submit("save")
    assert response.status_int == 303
    sheet = response.follow()
    assert "DIOR PARFUMS" in sheet.text
    assert "01 40 73 54 44" in sheet.text
    assert "732 829 320 00074" in sheet.text
    assert "https://www.dior.com" in sheet.text
    assert "33 rue Garnier" in sheet.text
    assert "google.com/maps/search" in sheet.text
    assert signed_in.user.display_name in sheet.text
    company = dbsession.scalar(select(Company).where(Company.name == "Dior"))
    assert company.phone == "+33140735444"
    assert company.siret == "73282932000074"
    assert [s.code for s in company.sectors] == ["luxe.1"]


def test_required_fields_are_flagged_beside_each_field(signed_in, dbsession):
    form = signed_in.get("/companies/new").forms["company-form"]
    response = form.submit("save", status=400)
    page = response.html
    assert page.find(id="e-name").text == "This field is required."
    assert page.find(id="e-type_id").text == "This field is required."
    assert page.find(id="e-sector_ids").text == "Choose at least one sector."
    assert dbsession.scalar(select(Company.id)) is None


def test_wrong_siret_phone_and_website_are_refused(signed_in, dbsession):
    form = company_form(
        signed_in,
        dbsession,
        name="Mauvais SIRET",
        siret="732 829 320 00075",
        phone="12",
        website="not a site",
    )
    page = form.submit("save", status=400).html
    assert "SIRET is not valid" in page.find(id="e-siret").text
    assert "phone number" in page.find(id="e-phone").text
    assert "web address" in page.find(id="e-website").text
    assert page.find(id="f-name")["value"] == "Mauvais SIRET"
    assert dbsession.scalar(select(Company.id)) is None


def test_an_address_of_five_thousand_characters_is_refused(signed_in, dbsession):
    form = company_form(
        signed_in,
        dbsession,
        **{"addresses.0.street": "x" * 5000},
    )
    page = form.submit("save", status=400).html
    assert page.find(id="e-addresses.0.street").text == "This text is too long."
    assert dbsession.scalar(select(Company.id)) is None


def test_overseas_numbers_are_kept_in_their_own_region(signed_in, dbsession):
    form = company_form(signed_in, dbsession, phone="0590 12 34 56")
    form.submit("save").follow()
    company = dbsession.scalar(select(Company))
    assert company.phone == "+590590123456"


def test_group_is_picked_among_active_companies(signed_in, dbsession, factories):
    lvmh = factories.company("LVMH")
    factories.company("Ancien Groupe", active=False)
    picker = signed_in.get("/companies/picker", {"group": "lvm"})
    assert f"LVMH #{lvmh.id}" in picker.text
    assert "Ancien" not in signed_in.get("/companies/picker", {"q": "ancien"}).text

    form = company_form(signed_in, dbsession, name="Dior")
    form["group"] = f"LVMH #{lvmh.id}"
    sheet = form.submit("save").follow()
    assert "LVMH" in sheet.html.find(attrs={"data-section": "groups"}).text
    dior = dbsession.scalar(select(Company).where(Company.name == "Dior"))
    assert dior.group_id == lvmh.id
    group_sheet = signed_in.get(f"/companies/{lvmh.id}")
    assert "Dior" in group_sheet.html.find(attrs={"data-subsidiaries": ""}).text


def test_unknown_group_is_flagged(signed_in, dbsession):
    form = company_form(signed_in, dbsession, group="Nobody Corp")
    page = form.submit("save", status=400).html
    assert page.find(id="e-group").text == "Choose a company from the list."


def test_a_company_cannot_join_its_own_subsidiary(signed_in, dbsession, factories):
    group = factories.company("Groupe")
    child = factories.company("Filiale", group=group)
    form = signed_in.get(f"/companies/{group.id}/edit").forms["company-form"]
    form["sector_ids"] = [str(ids(dbsession, Sector, "luxe")["luxe"])]
    form["group"] = f"Filiale #{child.id}"
    page = form.submit("save", status=400).html
    assert "own subsidiary" in page.find(id="e-group").text


def test_edit_keeps_values_and_records_who_changed(signed_in, dbsession, factories):
    company = factories.company("Avant", phone="+33123456789")
    form = signed_in.get(f"/companies/{company.id}/edit").forms["company-form"]
    assert form["phone"].value == "01 23 45 67 89"
    form["sector_ids"] = [str(ids(dbsession, Sector, "beaute.1")["beaute.1"])]
    form["name"] = "Après"
    form.submit("save").follow()
    dbsession.refresh(company)
    assert company.name == "Après"
    assert company.name_key == "apres"
    assert company.updated_by_id == signed_in.user.id


def test_new_company_is_in_the_creation_menu(signed_in):
    home = signed_in.get("/")
    assert home.html.find("a", attrs={"data-entry": "company_new"})
