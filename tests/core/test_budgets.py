"""Budgets: created on advertisers only, with agencies in roles and contacts."""

from __future__ import annotations

from sqlalchemy import func, select

from core.budgets.models import Budget
from core.history.services import events_of
from core.reference.models import Sector
from core.testing import csrf_token
from tests.core.budget_support import agency_fields, post_budget


def sector_id(dbsession, code):
    return str(dbsession.scalar(select(Sector.id).where(Sector.code == code)))


def setting(factories):
    advertiser = factories.company("Parfums Christian Dior")
    media = factories.company("KR Wavemaker", type_code="agence_media")
    web = factories.company("Pixel & Cie", type_code="agence_web")
    return advertiser, media, web


def test_a_budget_with_two_agencies_shows_on_every_sheet(
    signed_in, factories, dbsession
):
    advertiser, media, web = setting(factories)
    marketer = factories.contact(advertiser, last_name="Ménager")
    planner = factories.contact(media, last_name="Chevillard")
    url = f"/budgets/new?company_id={advertiser.id}"
    fields = [
        ("advertiser_contact_ids", str(marketer.id)),
        ("sector_ids", sector_id(dbsession, "beaute.1")),
        *agency_fields(dbsession, 0, "agence_media", media, [planner]),
        *agency_fields(dbsession, 1, "agence_web", web),
    ]
    response = post_budget(signed_in, url, "Dior Parfums", fields)
    assert response.status_int == 303
    sheet = response.follow().html
    people = sheet.find(attrs={"data-budget-people": True})
    assert (
        "Parfums Christian Dior" in people.find(attrs={"data-role": "advertiser"}).text
    )
    assert "Ménager" in people.find(attrs={"data-role": "advertiser"}).text
    media_row = people.find(attrs={"data-role": "agence_media"})
    assert "KR Wavemaker" in media_row.text and "Chevillard" in media_row.text
    assert "Pixel & Cie" in people.find(attrs={"data-role": "agence_web"}).text

    for company in (advertiser, media, web):
        tab = signed_in.get(f"/companies/{company.id}").html.find(
            attrs={"data-tab": "budgets"}
        )
        assert "Dior Parfums" in tab.text, company.name
    for contact in (marketer, planner):
        panel = signed_in.get(f"/contacts/{contact.id}").html.find(
            attrs={"data-panel": "budgets"}
        )
        assert "Dior Parfums" in panel.text


def test_a_budget_is_never_created_on_an_agency(signed_in, factories, dbsession):
    _advertiser, media, _web = setting(factories)
    url = f"/budgets/new?company_id={media.id}"
    page = signed_in.get(url, status=400).html
    assert "not one" in page.find(id="e-company").text
    post_budget(signed_in, url, "Interdit", status=400)
    assert dbsession.scalar(select(func.count(Budget.id))) == 0
    tab = signed_in.get(f"/companies/{media.id}").html.find(
        attrs={"data-tab": "budgets"}
    )
    assert tab.find(attrs={"data-action": "new-budget"}) is None


def test_bad_inputs_are_flagged_beside_their_field(signed_in, factories, dbsession):
    advertiser, media, web = setting(factories)
    stranger = factories.contact(web)
    url = f"/budgets/new?company_id={advertiser.id}"
    fields = [
        ("advertiser_contact_ids", str(stranger.id)),
        ("agencies.0.role_id", ""),
        ("agencies.0.company", "Personne #999999"),
        *agency_fields(dbsession, 1, "agence_media", media, [stranger]),
        *agency_fields(dbsession, 2, "agence_web", advertiser),
    ]
    page = post_budget(signed_in, url, "", fields, status=400).html
    assert page.find(id="e-name").text == "This field is required."
    page = post_budget(signed_in, url, "Dior", fields, status=400).html
    errors = {
        "e-advertiser_contact_ids": "Choose contacts of the advertiser.",
        "e-agencies.0.role_id": "Choose a role.",
        "e-agencies.0.company": "Choose a company from the list.",
        "e-agencies.1.contact_ids": "Choose contacts of this company.",
        "e-agencies.2.company": "The advertiser is already in the budget.",
    }
    for ident, message in errors.items():
        assert page.find(id=ident).text == message, ident
    # What was typed is still there.
    assert page.find(id="f-name")["value"] == "Dior"
    assert page.find(id="f-agencies.0.company")["value"] == "Personne #999999"
    assert dbsession.scalar(select(func.count(Budget.id))) == 0


def test_changing_the_agencies_is_in_the_budget_history(
    signed_in, factories, dbsession
):
    advertiser, media, web = setting(factories)
    url = f"/budgets/new?company_id={advertiser.id}"
    fields = agency_fields(dbsession, 0, "agence_media", media)
    budget_url = post_budget(signed_in, url, "Miss Dior", fields).location
    edit = budget_url + "/edit"
    fields = agency_fields(dbsession, 0, "agence_media", web)
    post_budget(signed_in, edit, "Miss Dior Parfum", fields)
    budget = dbsession.scalar(select(Budget))
    latest = events_of(dbsession, "budget", budget.id)[0]
    changes = {c.field: (c.old_value, c.new_value) for c in latest.changes}
    assert changes == {
        "name": ("Miss Dior", "Miss Dior Parfum"),
        "agencies": ("Agence média: KR Wavemaker", "Agence média: Pixel & Cie"),
    }
    assert latest.actor_id == signed_in.user.id
    history = signed_in.get(budget_url).html.find(attrs={"data-tab": "history"})
    assert "Pixel & Cie" in history.find(attrs={"data-field": "agencies"}).text


def test_the_edit_form_shows_the_agencies_and_their_contacts(
    signed_in, factories, dbsession
):
    advertiser, media, _web = setting(factories)
    planner = factories.contact(media, last_name="Kchiche")
    url = f"/budgets/new?company_id={advertiser.id}"
    fields = agency_fields(dbsession, 0, "agence_media", media, [planner])
    budget_url = post_budget(signed_in, url, "Capture", fields).location
    form = signed_in.get(budget_url + "/edit").forms["budget-form"]
    assert form["agencies.0.company"].value == f"KR Wavemaker #{media.id}"
    assert form.get("agencies.0.contact_ids", index=0).checked
    assert "agencies.1.company" in form.fields
    form["name"] = "Capture Totale"
    form.submit("save")
    budget = dbsession.scalar(select(Budget))
    dbsession.refresh(budget)
    assert budget.name == "Capture Totale"
    assert [c.contact_id for c in budget.contacts] == [planner.id]


def test_add_a_role_and_agency_contacts_fragments(signed_in, factories, dbsession):
    _advertiser, media, _web = setting(factories)
    factories.contact(media, last_name="Kchiche")
    row = signed_in.get("/budgets/agency-row", {"index": "3"}).html
    assert row.find(id="f-agencies.3.company") is not None
    assert row.find(attrs={"data-action": "add-role"})["hx-get"].endswith("index=4")
    params = {"index": "3", "agencies.3.company": f"KR Wavemaker #{media.id}"}
    contacts = signed_in.get("/budgets/agency-contacts", params).html
    assert "Kchiche" in contacts.text
    picked = signed_in.get("/budgets/company-picker", {"agencies.3.company": "wave"})
    assert f"KR Wavemaker #{media.id}" in picked.text


def test_deactivated_budgets_leave_the_sheets(signed_in, factories, dbsession):
    advertiser, media, _web = setting(factories)
    url = f"/budgets/new?company_id={advertiser.id}"
    fields = agency_fields(dbsession, 0, "agence_media", media)
    budget_url = post_budget(signed_in, url, "Sauvage", fields).location
    token = csrf_token(signed_in)

    def on_agency_tab():
        tab = signed_in.get(f"/companies/{media.id}").html
        return "Sauvage" in tab.find(attrs={"data-tab": "budgets"}).text

    signed_in.post(budget_url + "/deactivate", {"csrf_token": token})
    assert not on_agency_tab()
    assert signed_in.get(budget_url).html.find(attrs={"data-inactive": True})
    signed_in.post(budget_url + "/reactivate", {"csrf_token": token})
    assert on_agency_tab()
    # An advertiser deactivated takes its budgets off the agencies' sheets.
    signed_in.post(f"/companies/{advertiser.id}/deactivate", {"csrf_token": token})
    assert not on_agency_tab()
    signed_in.post(f"/companies/{advertiser.id}/reactivate", {"csrf_token": token})
    assert on_agency_tab()
    budget = dbsession.scalar(select(Budget))
    kinds = [e.kind for e in events_of(dbsession, "budget", budget.id)]
    assert kinds == ["reactivated", "deactivated", "created"]
