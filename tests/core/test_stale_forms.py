"""A form saved over a record someone changed since it was opened is refused.

Each edit form carries the record's version: a stale one brings the form
back with the typed values, the saved ones and who saved them, and changes
nothing; the form it brings back (or a fresh one) then saves.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from core.budgets.models import Budget
from core.comments import services as comments
from core.directory.models import Company, Contact
from core.directory.testing import company_form, contact_form
from core.lists import services as lists
from core.opportunities.testing import opportunity
from tests.core.budget_support import post_budget

MESSAGE = "Someone changed this record since you opened it"


@pytest.fixture
def hugo(factories):
    return factories.user(first_name="Hugo", last_name="Bernard")


def change_behind(dbsession, record, editor, **values):
    """``editor`` saves the record while the form is open elsewhere."""
    dbsession.refresh(record)
    for name, value in values.items():
        setattr(record, name, value)
    if hasattr(record, "updated_by_id"):
        record.updated_by_id = editor.id
    dbsession.flush()


def refused(form, form_id, field, typed, saved, author=None):
    """Submit the stale form: refused, typed value kept, saved one listed."""
    page = form.submit("save", status=409)
    alert = page.html.select_one(".form-error").text
    assert MESSAGE in alert
    assert saved in page.html.select_one(".saved-values").text
    if author is not None:
        assert author in alert
    again = page.forms[form_id]
    assert again[field].value == typed
    return again


def test_company_form(signed_in, dbsession, hugo):
    company_id = int(
        company_form(signed_in, dbsession, name="Maison 43")
        .submit("save")
        .follow()
        .request.path.rsplit("/", 1)[1]
    )
    company = dbsession.get(Company, company_id)
    form = signed_in.get(f"/companies/{company_id}/edit").forms["company-form"]
    change_behind(dbsession, company, hugo, brief="Note de Hugo 2")
    form["fax"] = "01 45 00 00 00"
    again = refused(
        form, "company-form", "fax", "01 45 00 00 00", "Note de Hugo 2", "Hugo Bernard"
    )
    dbsession.refresh(company)
    assert (company.brief, company.fax) == ("Note de Hugo 2", None)

    again["brief"] = "Note de Hugo 2"
    again.submit("save", status=303)
    dbsession.refresh(company)
    assert (company.brief, company.fax) == ("Note de Hugo 2", "+33145000000")


def test_contact_form(signed_in, dbsession, factories, hugo):
    company = factories.company("Maison Contact")
    created = contact_form(
        signed_in, dbsession, company=f"{company.name} #{company.id}"
    ).submit("save")
    contact_id = int(created.follow().request.path.rsplit("/", 1)[1])
    contact = dbsession.get(Contact, contact_id)
    form = signed_in.get(f"/contacts/{contact_id}/edit").forms["contact-form"]
    change_behind(dbsession, contact, hugo, title="Directrice")
    form["first_name"] = "Jeanne"
    again = refused(form, "contact-form", "first_name", "Jeanne", "Directrice")
    dbsession.refresh(contact)
    assert (contact.first_name, contact.title) == ("", "Directrice")

    again.submit("save", status=303)
    dbsession.refresh(contact)
    assert contact.first_name == "Jeanne"


def test_budget_form(signed_in, dbsession, factories, hugo):
    advertiser = factories.company("Parfums Annonceur")
    url = f"/budgets/new?company_id={advertiser.id}"
    budget_url = post_budget(signed_in, url, "Parfums").location
    budget = dbsession.scalar(select(Budget).where(Budget.name == "Parfums"))
    form = signed_in.get(budget_url + "/edit").forms["budget-form"]
    change_behind(dbsession, budget, hugo, brief="Revu par Hugo")
    form["name"] = "Parfums d'hiver"
    again = refused(
        form, "budget-form", "name", "Parfums d'hiver", "Revu par Hugo", "Hugo"
    )
    dbsession.refresh(budget)
    assert (budget.name, budget.brief) == ("Parfums", "Revu par Hugo")

    again.submit("save", status=303)
    dbsession.refresh(budget)
    assert budget.name == "Parfums d'hiver"


def test_action_form(signed_in, dbsession, factories, hugo):
    action = factories.action(author=signed_in.user, subject="Déjeuner")
    form = signed_in.get(f"/actions/{action.id}/edit").forms["action-form"]
    change_behind(dbsession, action, hugo, subject="Déjeuner avancé")
    form["report_html"] = "<p>Vu le directeur</p>"
    page = form.submit("save", status=409)
    assert MESSAGE in page.html.select_one(".form-error").text
    assert "Déjeuner avancé" in page.html.select_one(".saved-values").text
    again = page.forms["action-form"]
    assert "Vu le directeur" in again["report_html"].value
    dbsession.refresh(action)
    assert "directeur" not in (action.report_html or "")

    again.submit("save", status=303)
    dbsession.refresh(action)
    assert "Vu le directeur" in action.report_html


def test_opportunity_form_and_its_lines(signed_in, dbsession, factories, hugo):
    record = opportunity(
        dbsession, signed_in.user, factories.company(), lines=[("web", "10", None)]
    )
    form = signed_in.get(f"/opportunities/{record.id}/edit").forms["opportunity-form"]
    line_url = f"/opportunities/{record.id}/lines/{record.lines[0].id}/edit"
    line_form = signed_in.get(line_url).forms["line-form"]
    change_behind(dbsession, record, hugo, title="Campagne d'été")
    form["title"] = "Campagne d'automne"
    again = refused(
        form, "opportunity-form", "title", "Campagne d'automne", "Campagne d'été"
    )
    line_form["comment"] = "Double page"
    refused(line_form, "line-form", "comment", "Double page", "—")
    dbsession.refresh(record)
    assert record.title == "Campagne d'été"
    assert record.lines[0].comment is None

    again.submit("save", status=303)
    line_form = signed_in.get(line_url).forms["line-form"]
    line_form["comment"] = "Double page"
    line_form.submit("save", status=303)
    dbsession.refresh(record)
    dbsession.refresh(record.lines[0])
    assert record.title == "Campagne d'automne"
    assert record.lines[0].comment == "Double page"
    assert record.lines[0].amount == Decimal("10")


def test_list_settings_form(signed_in, dbsession, hugo):
    record_list = lists.create_list(dbsession, signed_in.user, "Prospects", "company")
    form = signed_in.get(f"/lists/{record_list.id}/edit").forms["list-form"]
    change_behind(dbsession, record_list, hugo, name="Prospects de Hugo")
    form["name"] = "Prospects 2027"
    again = refused(form, "list-form", "name", "Prospects 2027", "Prospects de Hugo")
    dbsession.refresh(record_list)
    assert record_list.name == "Prospects de Hugo"

    again.submit("save", status=303)
    dbsession.refresh(record_list)
    assert record_list.name == "Prospects 2027"


def test_comment_form(signed_in, dbsession, factories, registry):
    company = factories.company("Maison Commentée")
    comment = comments.add_comment(
        dbsession, registry, signed_in.user, company, "Rendez-vous en mars"
    )
    form = signed_in.get(f"/comments/{comment.id}/edit").forms["comment-form"]
    change_behind(dbsession, comment, None, body="Rendez-vous en mai")
    form["body"] = "Rendez-vous en avril"
    again = refused(form, "comment-form", "body", "Rendez-vous en avril", "en mai")
    dbsession.refresh(comment)
    assert comment.body == "Rendez-vous en mai"

    again.submit(status=303)
    dbsession.refresh(comment)
    assert comment.body == "Rendez-vous en avril"
