"""S-02: private stays private in every search path.

Salesperson B keeps "Régie Secrète" private; A looks for it in the quick
search, a picker and the API, and A's counts do not move when B adds it.
Opportunities and lists add their own paths with the same access functions.
"""

from __future__ import annotations

import base64

import pytest

from core.access.services import set_reach
from core.directory.models import CompanyPortfolio
from core.testing import sign_in
from tests.core.test_api_support import bearer_client
from tests.core.test_documents import PDF

pytest_plugins = ["tests.core.test_api_support"]


@pytest.fixture
def people(factories):
    team = factories.team("Nord")
    return factories.user(team=team), factories.user(team=team)


def totals(api) -> tuple[int, int, int]:
    return (
        api.get("/documents").json["total"],
        api.get("/comments").json["total"],
        api.get("/companies").json["total"],
    )


def test_b_private_items_never_reach_a(make_app, factories, dbsession, people):
    a, b = people
    shared = factories.company("Annonceur Commun")
    api_a = bearer_client(make_app(), dbsession, a)
    api_b = bearer_client(make_app(), dbsession, b)

    # B's private records: a comment and a document on a company both hold,
    # and a company of B's own portfolio while salespeople reach their own.
    set_reach(dbsession, a.profile, "company", "own", "own")
    own_a = factories.company("Compte de A")
    secret = factories.company("Régie Secrète")
    dbsession.add_all(
        [
            CompanyPortfolio(user_id=b.id, company_id=secret.id),
            CompanyPortfolio(user_id=a.id, company_id=own_a.id),
            CompanyPortfolio(user_id=a.id, company_id=shared.id),
            CompanyPortfolio(user_id=b.id, company_id=shared.id),
        ]
    )
    dbsession.flush()
    before = totals(api_a)
    api_b.post(
        "/comments",
        {
            "target_kind": "company",
            "target_id": shared.id,
            "body": "Régie Secrète : remise de 30 %",
            "visibility": "private",
        },
    )
    api_b.post(
        "/documents",
        {
            "target_kind": "company",
            "target_id": shared.id,
            "name": "Régie Secrète.pdf",
            "visibility": "private",
            "content_base64": base64.b64encode(PDF).decode(),
        },
    )
    assert totals(api_a) == before

    browser = make_app()
    sign_in(browser, a.email)
    assert "Secrète" not in browser.get("/search/quick", {"q": "Secrète"}).text
    assert "Secrète" not in browser.get("/companies/picker", {"q": "Secr"}).text
    sheet = browser.get(f"/companies/{shared.id}")
    assert "Secrète" not in sheet.text
    browser.get(f"/companies/{secret.id}", status=404)

    found = api_a.get("/search?q=Secr%C3%A8te").json["groups"]
    assert all(group["total"] == 0 for group in found)
    assert api_a.get("/comments?target_kind=company").json["items"] == []
    api_a.get(f"/companies/{secret.id}", status=404)

    # B still reads both.
    assert api_b.get("/documents").json["total"] == 1
    assert api_b.get("/comments").json["total"] == 1
