"""The company sheet: portfolio, follow, groups, contacts, print, deactivation."""

import datetime as dt

from sqlalchemy import select

from core.directory.models import CompanyFollow, CompanyPortfolio
from core.reference.models import Function
from core.testing import csrf_token


def post(app, url, **data):
    return app.post(url, {"csrf_token": csrf_token(app), **data})


def test_header_shows_id_and_who_created_it(signed_in, factories):
    author = factories.user(first_name="Hugo", last_name="Bernard")
    company = factories.company("Dior", created_by_id=author.id)
    sheet = signed_in.get(f"/companies/{company.id}")
    assert f"#{company.id}" in sheet.html.find("h1").text
    assert "Hugo Bernard" in sheet.html.find(class_="record-info").text


def test_star_adds_to_my_portfolio_and_takes_out(signed_in, dbsession, factories):
    company = factories.company("Dior")
    sheet = post(signed_in, f"/companies/{company.id}/portfolio").follow()
    assert sheet.html.find(attrs={"data-action": "portfolio"})["aria-pressed"] == "true"
    assert signed_in.user.display_name in sheet.html.find(class_="owners").text
    post(signed_in, f"/companies/{company.id}/portfolio")
    rows = dbsession.scalars(select(CompanyPortfolio)).all()
    assert rows == []


def test_portfolio_is_assigned_to_other_salespeople(signed_in, dbsession, factories):
    company = factories.company("Dior")
    lea = factories.user(first_name="Léa", last_name="Dubois")
    hugo = factories.user(first_name="Hugo", last_name="Bernard")
    post(signed_in, f"/companies/{company.id}/owners", owner_ids=[lea.id, hugo.id])
    sheet = post(signed_in, f"/companies/{company.id}/owners", owner_ids=[lea.id])
    owners = sheet.follow().html.find(class_="owners").text
    assert "Léa Dubois" in owners
    assert "Hugo Bernard" not in owners


def test_assistants_may_not_assign_portfolios(app, factories):
    from core.testing import sign_in

    company = factories.company("Dior")
    assistant = factories.user(profile="assistant")
    sign_in(app, assistant.email)
    token = csrf_token(app)
    app.post(
        f"/companies/{company.id}/owners",
        {"csrf_token": token, "owner_ids": assistant.id},
        status=403,
    )


def test_follow_and_unfollow(signed_in, dbsession, factories):
    company = factories.company("Dior")
    sheet = post(signed_in, f"/companies/{company.id}/follow").follow()
    assert sheet.html.find(attrs={"data-action": "follow"}).text == "Unfollow"
    assert dbsession.scalar(select(CompanyFollow.user_id)) == signed_in.user.id
    sheet = post(signed_in, f"/companies/{company.id}/follow").follow()
    assert sheet.html.find(attrs={"data-action": "follow"}).text == "Follow"


def test_contacts_tab_hides_departed_ones_behind_a_toggle(signed_in, factories):
    company = factories.company("Dior")
    factories.contact(company, last_name="Présente")
    factories.contact(
        company, last_name="Partie", departed_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    )
    sheet = signed_in.get(f"/companies/{company.id}")
    listed = sheet.html.find(attrs={"data-contacts": ""}).text
    assert "Présente" in listed and "Partie" not in listed
    departed = sheet.click(href="departed=1")
    listed = departed.html.find(attrs={"data-contacts": ""}).text
    assert "Partie" in listed and "Présente" not in listed
    assert "05/01/2026" in listed


def test_org_chart_groups_contacts_by_function_family(signed_in, dbsession, factories):
    company = factories.company("Dior")
    media = dbsession.scalar(select(Function).where(Function.code == "dir_media"))
    factories.contact(company, last_name="Patronne")
    factories.contact(company, last_name="Planneur", function=media)
    chart = signed_in.get(f"/companies/{company.id}", {"chart": "1"})
    families = {
        section["data-family"]: section.text
        for section in chart.html.find_all(attrs={"data-family": True})
    }
    assert "Patronne" in families["Direction générale"]
    assert "Planneur" in families["Média"]


def test_print_view(signed_in, factories):
    company = factories.company("Dior", brief="Annonceur historique.")
    page = signed_in.get(f"/companies/{company.id}/print")
    assert "Annonceur historique." in page.html.find(attrs={"data-print": ""}).text


def test_unknown_company_is_not_found(signed_in):
    signed_in.get("/companies/999999", status=404)


def test_D04_deactivated_company_leaves_search_and_pickers(signed_in, factories):
    company = factories.company("Maison Disparue")
    contact = factories.contact(company, last_name="Employée")
    sheet = post(signed_in, f"/companies/{company.id}/deactivate").follow()
    assert sheet.html.find(attrs={"data-inactive": ""})

    assert "Maison Disparue" not in signed_in.get("/search/quick", {"q": "Disparue"})
    assert "Employée" not in signed_in.get("/search/quick", {"q": "Employée"})
    assert "Maison" not in signed_in.get("/companies/picker", {"q": "maison"})
    assert signed_in.get(f"/contacts/{contact.id}").status_int == 200

    sheet.forms["reactivate-form"].submit().follow()
    assert "Maison Disparue" in signed_in.get("/search/quick", {"q": "Disparue"})
    assert "Maison Disparue" in signed_in.get("/companies/picker", {"q": "disparue"})
