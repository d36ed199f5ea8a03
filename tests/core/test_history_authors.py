"""The history names who made each change, not who made the one before."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.budgets.models import Budget
from core.directory.testing import company_form, contact_form, ids
from core.history import services
from core.reference.models import Sector
from core.testing import sign_in
from tests.core.budget_support import post_budget


@pytest.fixture
def second(make_app, factories):
    """Another salesperson, signed in on their own browser."""
    app = make_app()
    user = factories.user(profile="salesperson", first_name="Claire")
    sign_in(app, user.email)
    app.user = user
    return app


def latest_actor(dbsession, entity, entity_id):
    return services.events_of(dbsession, entity, entity_id)[0].actor_id


def created_id(response) -> int:
    return int(response.follow().request.path.rsplit("/", 1)[1])


def edit_company(app, company_id, **values):
    form = app.get(f"/companies/{company_id}/edit").forms["company-form"]
    for name, value in values.items():
        form[name] = value
    return form.submit("save", status=303)


def test_a_company_edit_is_credited_to_its_author(signed_in, second, dbsession):
    company_id = created_id(company_form(signed_in, dbsession).submit("save"))
    edit_company(second, company_id, brief="Note de Claire", fax="01 45 00 00 00")
    assert latest_actor(dbsession, "company", company_id) == second.user.id
    edit_company(signed_in, company_id, brief="Note de Hugo")
    assert latest_actor(dbsession, "company", company_id) == signed_in.user.id


def test_an_edit_of_a_seeded_company_names_its_author(second, dbsession, factories):
    company = factories.company("Démo Presse")
    assert company.updated_by_id is None
    luxe = ids(dbsession, Sector, "luxe.1")["luxe.1"]
    edit_company(second, company.id, brief="Relancée", sector_ids=[str(luxe)])
    assert latest_actor(dbsession, "company", company.id) == second.user.id


def test_a_contact_edit_is_credited_to_its_author(
    signed_in, second, dbsession, factories
):
    company = factories.company("Maison Contact")
    form = contact_form(signed_in, dbsession, company=f"{company.name} #{company.id}")
    contact_id = created_id(form.submit("save"))
    form = second.get(f"/contacts/{contact_id}/edit").forms["contact-form"]
    form["email"] = "claire@example.org"
    form["first_name"] = "Jeanne"
    form.submit("save", status=303)
    assert latest_actor(dbsession, "contact", contact_id) == second.user.id


def test_an_edit_of_a_seeded_contact_names_its_author(second, dbsession, factories):
    contact = factories.contact(factories.company("Démo Contact"))
    form = second.get(f"/contacts/{contact.id}/edit").forms["contact-form"]
    form["first_name"] = "Jeanne"
    form.submit("save", status=303)
    assert latest_actor(dbsession, "contact", contact.id) == second.user.id


def test_a_budget_edit_is_credited_to_its_author(
    signed_in, second, dbsession, factories
):
    advertiser = factories.company("Parfums Annonceur")
    url = f"/budgets/new?company_id={advertiser.id}"
    budget_url = post_budget(signed_in, url, "Parfums").location
    budget = dbsession.scalar(select(Budget).where(Budget.name == "Parfums"))
    form = second.get(budget_url + "/edit").forms["budget-form"]
    form["name"] = "Parfums d'hiver"
    form["brief"] = "Repris par Claire"
    form.submit("save", status=303)
    assert latest_actor(dbsession, "budget", budget.id) == second.user.id
