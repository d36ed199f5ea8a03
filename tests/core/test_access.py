"""Portfolio rules: how far each profile sees and edits companies and contacts.

The same rule must hold on every path: the sheet, the edit form, pickers,
the quick search and the JSON API.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.access import access_for
from core.access.models import AccessScope
from core.access.services import set_reach
from core.directory.models import CompanyPortfolio
from core.testing import csrf_token, sign_in
from tests.core.test_api_support import bearer_client

pytest_plugins = ["tests.core.test_api_support"]


def as_user(make_app, user):
    app = make_app()
    sign_in(app, user.email)
    app.user = user
    return app


def own(dbsession, user, company):
    dbsession.add(CompanyPortfolio(user_id=user.id, company_id=company.id))
    dbsession.flush()


@pytest.fixture
def world(factories, dbsession):
    """Two teams; Léa and Hugo in one, Paul in the other, each with a company."""
    north, south = factories.team("Nord"), factories.team("Sud")
    lea = factories.user(team=north, first_name="Léa")
    hugo = factories.user(team=north, first_name="Hugo")
    paul = factories.user(team=south, first_name="Paul")
    companies = {}
    for user, name in (
        (lea, "Lumière Léa"),
        (hugo, "Horizon Hugo"),
        (paul, "Phare Paul"),
    ):
        companies[name] = factories.company(name)
        own(dbsession, user, companies[name])
    companies["Libre"] = factories.company("Libre Sans Portefeuille")
    return {"lea": lea, "hugo": hugo, "paul": paul, **companies}


def restrict(dbsession, user, kind, view, edit):
    set_reach(dbsession, user.profile, kind, view, edit)


def test_by_default_everyone_sees_and_edits_the_whole_directory(make_app, world):
    app = as_user(make_app, world["lea"])
    app.get(f"/companies/{world['Phare Paul'].id}")
    app.get(f"/companies/{world['Phare Paul'].id}/edit")


def test_own_reach_hides_other_portfolios_on_every_path(
    make_app, world, dbsession, factories
):
    restrict(dbsession, world["lea"], "company", "own", "own")
    restrict(dbsession, world["lea"], "contact", "own", "own")
    hidden = world["Phare Paul"]
    factories.contact(hidden, last_name="Cachée")
    factories.contact(world["Lumière Léa"], last_name="Visible")
    app = as_user(make_app, world["lea"])

    app.get(f"/companies/{world['Lumière Léa'].id}")
    app.get(f"/companies/{hidden.id}", status=404)
    app.get(f"/companies/{hidden.id}/print", status=404)
    app.get(f"/companies/{hidden.id}/edit", status=404)

    search = app.get("/search/quick", {"q": "Phare"})
    assert "Phare Paul" not in search.text
    assert "Lumière" in app.get("/search/quick", {"q": "Lumière"}).text
    assert "Cachée" not in app.get("/search/quick", {"q": "Cachée"}).text
    assert "Visible" in app.get("/search/quick", {"q": "Visible"}).text

    picker = app.get("/companies/picker", {"q": "a"})
    assert "Lumière Léa" in picker.text
    assert "Phare Paul" not in picker.text and "Libre" not in picker.text

    api = bearer_client(make_app(), dbsession, world["lea"])
    names = [c["name"] for c in api.get("/companies?per_page=100").json["items"]]
    assert names == ["Lumière Léa"]
    api.get(f"/companies/{hidden.id}", status=404)
    lastnames = [c["last_name"] for c in api.get("/contacts").json["items"]]
    assert lastnames == ["Visible"]


def test_a_hidden_company_cannot_be_named_in_a_form(
    make_app, world, dbsession, factories
):
    from core.directory.testing import contact_form

    restrict(dbsession, world["lea"], "company", "own", "own")
    app = as_user(make_app, world["lea"])
    hidden = world["Phare Paul"]
    form = contact_form(app, dbsession, company=f"{hidden.name} #{hidden.id}")
    page = form.submit(status=400)
    assert "Choose a company from the list." in page.html.find(id="e-company").text

    api = bearer_client(make_app(), dbsession, world["lea"])
    body = {"civility": "Mme", "last_name": "Durand", "company_id": hidden.id}
    response = api.post("/contacts", body, status=422)
    assert response.json["error"]["fields"] == {"company_id": "No such company."}


def test_team_reach_opens_the_teammates_portfolios(make_app, world, dbsession):
    restrict(dbsession, world["lea"], "company", "team", "own")
    app = as_user(make_app, world["lea"])
    app.get(f"/companies/{world['Horizon Hugo'].id}")
    app.get(f"/companies/{world['Phare Paul'].id}", status=404)
    # Seeing a teammate's company is not editing it.
    app.get(f"/companies/{world['Horizon Hugo'].id}/edit", status=403)
    app.get(f"/companies/{world['Lumière Léa'].id}/edit")


def test_edit_reach_is_enforced_in_views_and_api(make_app, world, dbsession):
    restrict(dbsession, world["lea"], "company", "all", "own")
    theirs = world["Phare Paul"]
    app = as_user(make_app, world["lea"])
    sheet = app.get(f"/companies/{theirs.id}")
    assert sheet.html.find(attrs={"data-action": "edit"}) is None
    app.post(
        f"/companies/{theirs.id}/deactivate",
        {"csrf_token": csrf_token(app)},
        status=403,
    )
    api = bearer_client(make_app(), dbsession, world["lea"])
    etag = api.etag(f"/companies/{theirs.id}")
    response = api.patch(f"/companies/{theirs.id}", {"name": "Volé"}, etag, status=403)
    assert response.json["error"]["code"] == "forbidden"
    dbsession.refresh(theirs)
    assert theirs.name == "Phare Paul" and theirs.active


def test_admins_reach_everything_whatever_is_stored(
    world, dbsession, registry, factories
):
    admin = factories.user(profile="admin")
    restrict(dbsession, admin, "company", "none", "none")
    access = access_for(dbsession, registry, admin)
    assert access.can_view(world["Lumière Léa"])
    assert access.can_edit(world["Lumière Léa"])


def test_none_reach_closes_a_kind(world, dbsession, registry):
    restrict(dbsession, world["paul"], "company", "none", "none")
    access = access_for(dbsession, registry, world["paul"])
    assert not access.can_view(world["Phare Paul"])


def test_the_admin_page_saves_reaches(admin_app, world, dbsession):
    page = admin_app.get("/admin/access")
    form = page.forms["access-form"]
    salesperson = world["lea"].profile
    form[f"company.{salesperson.id}.view"] = "team"
    form[f"company.{salesperson.id}.edit"] = "own"
    form.submit().follow()
    row = dbsession.scalar(
        select(AccessScope).where(
            AccessScope.kind == "company", AccessScope.profile_id == salesperson.id
        )
    )
    assert (row.view, row.edit) == ("team", "own")


def test_the_admin_page_refuses_editing_beyond_seeing(admin_app, world, dbsession):
    salesperson = world["lea"].profile
    form = admin_app.get("/admin/access").forms["access-form"]
    form[f"contact.{salesperson.id}.view"] = "own"
    form[f"contact.{salesperson.id}.edit"] = "all"
    page = form.submit(status=400)
    cell = page.html.find("tr", attrs={"data-kind": "contact"}).find(
        "td", attrs={"data-profile": "salesperson"}
    )
    assert "Editing cannot reach further than seeing." in cell.text
    assert dbsession.scalars(select(AccessScope)).all() == []


def test_salespeople_may_not_open_the_admin_page(make_app, world):
    as_user(make_app, world["lea"]).get("/admin/access", status=403)
