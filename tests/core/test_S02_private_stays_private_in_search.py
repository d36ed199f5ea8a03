"""S-02: what a user may not see stays out of every search path.

Léa sees her own portfolio only; Paul's company and its contact must not
appear in the quick search, the advanced search (companies, contacts, the
toggle between them, the counts), a saved search or the API.
"""

from __future__ import annotations

import pytest

from core.access.services import set_reach
from core.directory.models import CompanyPortfolio
from core.testing import csrf_token, sign_in
from tests.core.test_api_support import bearer_client

pytest_plugins = ["tests.core.test_api_support"]


@pytest.fixture
def lea(make_app, factories, dbsession):
    lea = factories.user(first_name="Léa")
    paul = factories.user(first_name="Paul")
    mine = factories.company("Régie Ouverte")
    secret = factories.company("Régie Secrète")
    for user, company in ((lea, mine), (paul, secret)):
        dbsession.add(CompanyPortfolio(user_id=user.id, company_id=company.id))
    factories.contact(mine, first_name="Anne", last_name="Secrétan")
    factories.contact(secret, first_name="Bruno", last_name="Secrétaire")
    set_reach(dbsession, lea.profile, "company", "own", "own")
    set_reach(dbsession, lea.profile, "contact", "own", "own")
    dbsession.flush()
    app = make_app()
    sign_in(app, lea.email)
    app.user = lea
    return app


def result_names(page) -> list[str]:
    return [
        row.select_one("a").get_text(strip=True) for row in page.select("[data-result]")
    ]


def test_quick_search_hides_what_is_not_mine(lea):
    page = lea.get("/search/quick", {"q": "secrète"})
    assert "Régie Secrète" not in page.text
    page = lea.get("/search/quick", {"q": "secret"})
    assert "Anne Secrétan" in page.text
    assert "Bruno" not in page.text
    assert "Régie Secrète" not in page.text


def test_advanced_search_and_its_counts_hide_it(lea):
    companies = lea.get("/search", {"q": "régie"}).html
    assert result_names(companies) == ["Régie Ouverte"]
    assert companies.select_one("[data-total]")["data-total"] == "1"
    count = lea.get("/search/count", {"q": "régie"}).html
    assert count.select_one("[data-total]")["data-total"] == "1"
    contacts = lea.get("/search", {"entity": "contact", "contact_q": "secr"}).html
    assert result_names(contacts) == ["Anne Secrétan"]
    # Companies having such a contact: Paul's contact does not reveal his company.
    toggled = lea.get("/search", {"contact_q": "secrétaire"}).html
    assert result_names(toggled) == []


def test_a_saved_search_shows_only_what_is_visible(lea):
    page = lea.get("/search", {"q": "régie"})
    form = next(f for f in page.forms.values() if f.action.endswith("/search/saved"))
    form["name"] = "Régies"
    opened = form.submit().follow()
    assert result_names(opened.html) == ["Régie Ouverte"]
    saved = lea.get("/search/saved")
    assert "Régies" in saved.text
    again = saved.click("Régies")
    assert result_names(again.html) == ["Régie Ouverte"]


def test_the_api_hides_it(make_app, lea, dbsession):
    api = bearer_client(make_app(), dbsession, lea.user)
    body = api.get("/search?q=secr").json
    titles = [item["title"] for group in body["groups"] for item in group["items"]]
    assert titles == ["Anne Secrétan"]


def test_saved_searches_are_their_owners_own(lea, make_app, factories, dbsession):
    from core.search.models import SavedSearch

    page = lea.get("/search", {"q": "régie"})
    form = next(f for f in page.forms.values() if f.action.endswith("/search/saved"))
    form["name"] = "Mes régies"
    form.submit()
    saved = dbsession.query(SavedSearch).filter_by(user_id=lea.user.id).one()

    other = make_app()
    sign_in(other, factories.user().email)
    assert "Mes régies" not in other.get("/search/saved").text
    token = csrf_token(other)
    other.post(f"/search/saved/{saved.id}/delete", {"csrf_token": token}, status=404)
    assert dbsession.get(SavedSearch, saved.id) is not None
