"""D-04 (directory part): a deactivated company leaves every picker, search,
budget list and sheet count of the directory, and reactivation restores them.
"""

from __future__ import annotations

from core.testing import csrf_token
from tests.core.budget_support import agency_fields, post_budget


def offered(app, company) -> dict[str, bool]:
    """Where the company (or its contact, or its budget) shows up now."""
    name = company.name
    group = app.get(f"/companies/{company.group_id}").html
    return {
        "company picker": name in app.get("/companies/picker", {"q": name}).text,
        "budget picker": name
        in app.get("/budgets/company-picker", {"agencies.0.company": name}).text,
        "quick search": name in app.get("/search/quick", {"q": name}).text,
        "contact search": "Quinquin"
        in app.get("/search/quick", {"q": "Quinquin"}).text,
        "contact picker": "Quinquin"
        in app.get("/contacts/pick", {"q": "Quinquin"}).text,
        "subsidiaries": name in group.find(attrs={"data-section": "groups"}).text,
        "who works with whom": "Budget Éclipse"
        in app.get("/who-works-with-whom", {"q": "Éclipse"}).text,
    }


def test_a_deactivated_company_is_offered_nowhere(signed_in, factories, dbsession):
    group = factories.company("Groupe Soleil")
    company = factories.company("Eclipse Cosmetiques", group=group)
    factories.contact(company, last_name="Quinquin")
    url = f"/budgets/new?company_id={company.id}"
    post_budget(signed_in, url, "Budget Éclipse")
    token = csrf_token(signed_in)
    assert all(offered(signed_in, company).values())

    signed_in.post(f"/companies/{company.id}/deactivate", {"csrf_token": token})
    assert not any(offered(signed_in, company).values()), offered(signed_in, company)
    # The sheet still opens, says so and offers the way back.
    sheet = signed_in.get(f"/companies/{company.id}").html
    assert sheet.find(attrs={"data-inactive": True}) is not None

    signed_in.post(f"/companies/{company.id}/reactivate", {"csrf_token": token})
    assert all(offered(signed_in, company).values())


def test_an_inactive_agency_cannot_be_chosen_for_a_budget(
    signed_in, factories, dbsession
):
    advertiser = factories.company("Annonceur Actif")
    agency = factories.company("Agence Fermée", type_code="agence_media")
    agency.active = False
    dbsession.flush()
    fields = agency_fields(dbsession, 0, "agence_media", agency)
    url = f"/budgets/new?company_id={advertiser.id}"
    page = post_budget(signed_in, url, "Refusé", fields, status=400).html
    assert (
        page.find(id="e-agencies.0.company").text == "Choose a company from the list."
    )


def test_an_inactive_company_cannot_be_merged_into(signed_in, factories, dbsession):
    source = factories.company("Source")
    target = factories.company("Cible Inactive", active=False)
    form = signed_in.get(f"/companies/{source.id}/merge").forms["merge-form"]
    form["target"] = f"Cible Inactive #{target.id}"
    page = form.submit("preview", status=400).html
    assert page.find(id="e-target").text == "Choose a company from the list."


def test_an_open_opportunity_leaves_the_pipe_with_its_company(
    signed_in, factories, dbsession
):
    from core.opportunities.testing import opportunity, status

    company = factories.company("Eclipse Cosmetiques")
    kept = factories.company("Soleil Voyages")
    me = signed_in.user
    certain = status(dbsession, "confirmee")
    deal = opportunity(dbsession, me, company, amount="10000", status=certain)
    opportunity(dbsession, me, kept, amount="500", status=certain)
    token = csrf_token(signed_in)

    def pipe() -> dict[str, str]:
        totals = {}
        for path in ("", "/months", "/statuses"):
            path = f"/opportunities{path}"
            box = signed_in.get(path).html.select_one("[data-totals]")
            totals[path] = box.select_one('[data-total="total"]').text
        return totals

    assert set(pipe().values()) == {"€10,500.00"}
    signed_in.post(f"/companies/{company.id}/deactivate", {"csrf_token": token})
    assert set(pipe().values()) == {"€500.00"}

    # The opportunity still opens, says the company is inactive, and offers
    # to reactivate it.
    sheet = signed_in.get(f"/opportunities/{deal.id}")
    assert sheet.html.find(attrs={"data-inactive": True}) is not None
    form = next(f for f in sheet.forms.values() if "reactivate" in f.action)
    form.submit().follow()
    assert set(pipe().values()) == {"€10,500.00"}
    assert (
        signed_in.get(f"/opportunities/{deal.id}").html.find(
            attrs={"data-inactive": True}
        )
        is None
    )


def test_mail_is_not_filed_on_a_deactivated_company(
    signed_in, factories, dbsession, registry
):
    from sqlalchemy import select

    from core.mail.filing import Origin, file_message
    from core.mail.models import MailFiling
    from core.testing.imap import compose

    company = factories.company("Eclipse Cosmetiques")
    contact = factories.contact(company, email="ines@eclipse.example")
    token = csrf_token(signed_in)
    signed_in.post(f"/companies/{company.id}/deactivate", {"csrf_token": token})

    def send(uid: int) -> list[int]:
        raw = compose(
            signed_in.user.email,
            "ines@eclipse.example",
            subject=f"Relance Eclipse {uid}",
        )
        file_message(dbsession, registry.relais_settings, raw, Origin("box", 1, uid))
        dbsession.flush()
        return list(dbsession.scalars(select(MailFiling.contact_id)))

    assert send(1) == []
    inbox = signed_in.get("/mail/inbox").text
    assert "Relance Eclipse 1" in inbox
    signed_in.post(f"/companies/{company.id}/reactivate", {"csrf_token": token})
    assert send(2) == [contact.id]
