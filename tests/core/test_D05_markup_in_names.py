"""D-05: markup in names is text."""

from sqlalchemy import select

from core.directory.models import Company
from core.directory.testing import company_form
from core.testing import csrf_token

COMPANY = "Agence <img src=x onerror=alert(1)> Média"
CONTACT = '"><svg onload=alert(1)>'


def test_D05_the_form_refuses_tags_in_a_name(signed_in, dbsession):
    page = company_form(signed_in, dbsession, name=COMPANY).submit("save", status=400)
    assert "HTML tags" in page.html.find(id="e-name").text
    assert dbsession.scalar(select(Company.id)) is None


def test_D05_names_that_arrive_otherwise_are_shown_as_text(signed_in, factories):
    # Imports and other channels may still bring such names in.
    company = factories.company(COMPANY, phone="+33123456789")
    factories.company("Filiale", group=company)
    contact = factories.contact(company, last_name=CONTACT)
    pages = [
        signed_in.get(f"/companies/{company.id}"),
        signed_in.get(f"/companies/{company.id}/print"),
        signed_in.get(f"/contacts/{contact.id}"),
        signed_in.get("/search/quick", {"q": "Agence"}),
        signed_in.get("/companies/picker", {"q": "agence"}),
    ]
    for page in pages:
        assert "<img src=x" not in page.text
        assert "<svg onload" not in page.text
    assert COMPANY in pages[0].html.find("h1").text
    assert CONTACT in pages[0].html.find(attrs={"data-contacts": ""}).text
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[3].text
    signed_in.post(
        f"/companies/{company.id}/deactivate", {"csrf_token": csrf_token(signed_in)}
    )
    after = signed_in.get(f"/companies/{company.id}")
    assert "<img src=x" not in after.text
