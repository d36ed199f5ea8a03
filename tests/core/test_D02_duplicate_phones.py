"""D-02: phone numbers in four spellings."""

import pytest
from sqlalchemy import select

from core.directory.models import Company
from core.directory.testing import company_form


@pytest.mark.parametrize(
    "spelling", ["+33 1 23 45 67 89", "0033123456789", "01.23.45.67.89"]
)
def test_D02_each_spelling_is_a_likely_duplicate(signed_in, dbsession, spelling):
    first = company_form(signed_in, dbsession, name="Première", phone="01 23 45 67 89")
    first.submit("save").follow()

    page = company_form(signed_in, dbsession, name="Autre nom", phone=spelling)
    page = page.submit("save")
    warning = page.html.find(attrs={"data-duplicates": ""})
    assert "Première" in warning.text
    assert "same phone" in warning.text

    sheet = page.forms["company-form"].submit("not_duplicate").follow()
    assert sheet.html.find(attrs={"data-phone": ""}).text == "01 23 45 67 89"
    phones = dbsession.scalars(select(Company.phone)).all()
    assert phones == ["+33123456789", "+33123456789"]


def test_D02_same_siret_is_a_likely_duplicate(signed_in, dbsession, factories):
    factories.company("Ancienne raison sociale", siret="73282932000074")
    page = company_form(
        signed_in, dbsession, name="Nouvelle", siret="732 829 320 00074"
    ).submit("save")
    warning = page.html.find(attrs={"data-duplicates": ""})
    assert "same SIRET" in warning.text
