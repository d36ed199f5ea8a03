"""D-01: apostrophes, accents and legal forms hide a duplicate."""

import pytest
from sqlalchemy import func, select

from core.directory.models import Company
from core.directory.testing import company_form


@pytest.mark.parametrize("spelling", ["L'Oréal", "LOREAL", "L'ORÉAL S.A.", "l oreal"])
def test_D01_each_spelling_warns_and_leads_to_the_existing_company(
    signed_in, dbsession, factories, spelling
):
    existing = factories.company("L’Oréal")
    page = company_form(signed_in, dbsession, name=spelling).submit("save")

    assert page.status_int == 200
    warning = page.html.find(attrs={"data-duplicates": ""})
    assert "L’Oréal" in warning.text
    assert "same name" in warning.text
    opened = page.click(href=f"/companies/{existing.id}$", index=0)
    assert opened.html.find("h1").text.startswith("L’Oréal")
    assert dbsession.scalar(select(func.count(Company.id))) == 1


def test_D01_other_rules_of_the_name_key(signed_in, dbsession, factories):
    factories.company("Pixel & Cie SAS")
    page = company_form(signed_in, dbsession, name="SARL Pixel et Cie").submit("save")
    assert page.html.find(attrs={"data-duplicates": ""})


def test_D01_no_saves_the_company_anyway(signed_in, dbsession, factories):
    factories.company("L’Oréal")
    page = company_form(signed_in, dbsession, name="LOREAL").submit("save")
    created = page.forms["company-form"].submit("not_duplicate").follow()
    assert "LOREAL" in created.html.find("h1").text
    assert dbsession.scalar(select(func.count(Company.id))) == 2


def test_D01_inactive_companies_and_other_names_do_not_warn(
    signed_in, dbsession, factories
):
    factories.company("L’Oréal", active=False)
    factories.company("Oréal Distribution")
    response = company_form(signed_in, dbsession, name="LOREAL").submit("save")
    assert response.status_int == 303
