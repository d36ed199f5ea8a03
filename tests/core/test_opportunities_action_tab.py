"""An opportunity proposed during an action, and its summary on the action."""

from __future__ import annotations

from sqlalchemy import select

from core.opportunities.models import Opportunity
from core.opportunities.testing import opportunity, status


def test_create_from_an_action_and_see_the_summary_there(
    signed_in, factories, dbsession
):
    company = factories.company("Azur Hôtels")
    contact = factories.contact(company)
    action = factories.action(
        author=signed_in.user, contacts=[contact], subject="Rendez-vous été"
    )
    sheet = signed_in.get(f"/actions/{action.id}")
    tab = sheet.html.select_one('[data-tab="opportunities"]')
    assert "No opportunity was proposed" in tab.text
    link = tab.select_one('a[data-action="new-opportunity"]')["href"]

    form = signed_in.get(link).forms["opportunity-form"]
    assert form["title"].value == "Rendez-vous été"
    assert form["company"].value == f"Azur Hôtels #{company.id}"
    assert form["contact_id"].value == str(contact.id)
    form["amount"] = "12 000"
    form["status_id"] = str(status(dbsession, "chaude").id)
    form.submit("save").follow()
    record = dbsession.scalar(
        select(Opportunity).where(Opportunity.action_id == action.id)
    )
    assert record.contact_id == contact.id

    tab = signed_in.get(f"/actions/{action.id}").html.select_one(
        '[data-tab="opportunities"]'
    )
    summary = tab.select_one(f'[data-opportunity="{record.id}"]')
    assert summary.select_one('[data-field="status"]').text.startswith("Chaude")
    assert summary.select_one('[data-field="total"]').text == "€12,000.00"
    assert summary.select_one('[data-field="weighted"]').text == "€9,000.00"


def test_the_tab_stamps_won_and_lost_lines(signed_in, factories, dbsession):
    action = factories.action(author=signed_in.user)
    record = opportunity(
        dbsession,
        signed_in.user,
        factories.company(),
        action_id=action.id,
        lines=[("print", "100", None), ("web", "50", None), ("event", "10", None)],
    )
    record.lines[0].archived = "won"
    record.lines[1].archived = "lost"
    dbsession.flush()
    tab = signed_in.get(f"/actions/{action.id}").html.select_one(
        '[data-tab="opportunities"]'
    )
    stamps = [s.text for s in tab.select("[data-stamp]")]
    assert stamps == ["WON", "LOST"]
    assert tab.select_one('[data-field="total"]').text == "€10.00"


def test_a_private_opportunity_stays_off_a_colleagues_action_tab(
    make_app, factories, dbsession
):
    from core.testing import sign_in

    owner, colleague = factories.user(), factories.user()
    action = factories.action(author=owner)
    opportunity(
        dbsession,
        owner,
        factories.company(),
        action_id=action.id,
        title="Régie Secrète",
        private=True,
    )
    app = make_app()
    sign_in(app, colleague.email)
    page = app.get(f"/actions/{action.id}", status="*")
    assert "Régie Secrète" not in page.text


def test_the_new_action_form_asks_to_save_first(signed_in):
    page = signed_in.get("/actions/new")
    tab = page.html.select_one('[data-step="opportunities"]')
    assert "Save the action first" in tab.text
    assert tab.select_one('a[data-action="new-opportunity"]') is None
