"""An opportunity proposed during an action, and its summary on the action."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from core.opportunities.models import Opportunity
from core.opportunities.testing import opportunity, product, status


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


def new_action_form(app, contact):
    form = app.get(f"/actions/new?contact_id={contact.id}").forms["action-form"]
    form["subject"] = "Rendez-vous annonceur"
    form["start"] = "2026-03-25T09:00"
    return form


def action_count(dbsession) -> int:
    from sqlalchemy import func

    from core.actions.models import Action

    dbsession.expire_all()
    return dbsession.scalar(select(func.count(Action.id)))


def test_the_opportunity_tab_creates_the_opportunity_with_the_action(
    signed_in, factories, dbsession
):
    company = factories.company("Azur Hôtels")
    contact = factories.contact(company)
    form = new_action_form(signed_in, contact)
    form["opportunity-title"] = "Campagne été"
    form["opportunity-status_id"] = str(status(dbsession, "chaude").id)
    form["opportunity-decision_on"] = "2026-05-15"
    form["opportunity-campaign_on"] = "2026-07-01"
    form["opportunity-lines-0-product_id"] = str(product(dbsession, "print").id)
    form["opportunity-lines-0-amount"] = "1 000,10"
    form["opportunity-lines-0-published_on"] = "2026-07-01"
    form["opportunity-lines-1-product_id"] = str(product(dbsession, "web").id)
    form["opportunity-lines-1-amount"] = "500"
    sheet = form.submit("save").follow()

    record = dbsession.scalar(
        select(Opportunity).where(Opportunity.title == "Campagne été")
    )
    assert sheet.request.path == f"/actions/{record.action_id}"
    assert (record.company_id, record.contact_id) == (company.id, contact.id)
    assert record.owner_id == signed_in.user.id
    assert [(line.product.code, line.amount) for line in record.lines] == [
        ("print", Decimal("1000.10")),
        ("web", Decimal("500.00")),
    ]
    tab = sheet.html.select_one('[data-tab="opportunities"]')
    summary = tab.select_one(f'[data-opportunity="{record.id}"]')
    assert summary.select_one('[data-field="total"]').text == "€1,500.10"
    assert summary.select_one('[data-field="weighted"]').text == "€1,125.08"


def test_an_empty_tab_records_no_opportunity(signed_in, factories, dbsession):
    form = new_action_form(signed_in, factories.contact(factories.company()))
    form.submit("save").follow()
    assert dbsession.scalar(select(Opportunity.id)) is None


def test_editing_the_action_changes_its_opportunity_and_lines(
    signed_in, factories, dbsession
):
    company = factories.company("Azur Hôtels")
    action = factories.action(author=signed_in.user, contacts=[factories.contact()])
    record = opportunity(
        dbsession,
        signed_in.user,
        company,
        action_id=action.id,
        title="Campagne été",
        lines=[("print", "100", None)],
    )
    form = signed_in.get(f"/actions/{action.id}/edit").forms["action-form"]
    assert form["opportunity-title"].value == "Campagne été"
    assert form["opportunity-company"].value == f"Azur Hôtels #{company.id}"
    assert form["opportunity-lines-0-amount"].value == "100,00"
    form["opportunity-title"] = "Campagne été 2027"
    form["opportunity-lines-0-amount"] = "150"
    form["opportunity-lines-1-product_id"] = str(product(dbsession, "event").id)
    form["opportunity-lines-1-amount"] = "50"
    form.submit("save").follow()

    dbsession.expire_all()
    assert record.title == "Campagne été 2027"
    assert [(line.product.code, line.amount) for line in record.lines] == [
        ("print", Decimal("150.00")),
        ("event", Decimal("50.00")),
    ]
    assert (
        dbsession.scalar(
            select(func.count(Opportunity.id)).where(Opportunity.action_id == action.id)
        )
        == 1
    )


def test_tab_errors_show_beside_the_fields_and_nothing_is_saved(
    signed_in, factories, dbsession
):
    before = action_count(dbsession)
    form = new_action_form(signed_in, factories.contact(factories.company()))
    form["opportunity-amount"] = "-5"
    form["opportunity-lines-1-amount"] = "-10"
    page = form.submit("save", status=400).html
    assert page.find(id="e-opportunity-title").text == "Give the opportunity a title."
    assert page.find(id="e-opportunity-amount").text == (
        "An amount cannot be negative."
    )
    assert page.find(id="e-opportunity-lines-1-amount").text == (
        "An amount cannot be negative."
    )
    assert page.find(id="e-opportunity-lines-1-product_id").text == (
        "Choose a product."
    )
    assert page.find(id="f-opportunity-lines-1-amount")["value"] == "-10"
    assert action_count(dbsession) == before


def test_a_company_refused_on_saving_undoes_the_action(signed_in, factories, dbsession):
    before = action_count(dbsession)
    form = new_action_form(signed_in, factories.contact(factories.company()))
    form["opportunity-title"] = "Campagne"
    form["opportunity-company"] = "Société inconnue"
    page = form.submit("save", status=400).html
    assert page.find(id="e-opportunity-company").text == (
        "Choose a company from the list."
    )
    assert page.find(id="f-opportunity-title")["value"] == "Campagne"
    assert action_count(dbsession) == before
    assert dbsession.scalar(select(Opportunity.id)) is None


def closed_on_action(signed_in, factories, dbsession, outcome="won"):
    import datetime as dt

    action = factories.action(author=signed_in.user, contacts=[factories.contact()])
    record = opportunity(
        dbsession,
        signed_in.user,
        factories.company("Azur Hôtels"),
        action_id=action.id,
        title="Campagne été",
        lines=[("print", "100", None)],
        outcome=outcome,
        closed_at=dt.datetime.now(dt.UTC),
    )
    return action, record


def opportunities_of(dbsession, action) -> list[tuple[str, str | None]]:
    dbsession.expire_all()
    query = select(Opportunity).where(Opportunity.action_id == action.id)
    return [(r.title, r.outcome) for r in dbsession.scalars(query.order_by("id"))]


def test_a_closed_opportunity_shows_read_only_and_is_not_doubled(
    signed_in, factories, dbsession
):
    action, record = closed_on_action(signed_in, factories, dbsession)
    page = signed_in.get(f"/actions/{action.id}/edit")
    tab = page.html.select_one('[data-step="opportunities"]')
    summary = tab.select_one(f'[data-opportunity="{record.id}"]')
    assert summary.select_one('[data-field="outcome"]').text == "Won"
    notice = tab.select_one(f'[data-opportunity-closed="{record.id}"]')
    assert "closed (won)" in " ".join(notice.text.split())
    reopen = notice.select_one('a[data-action="reopen-opportunity"]')
    assert reopen["href"].endswith(f"/opportunities/{record.id}")
    form = page.forms["action-form"]
    assert "opportunity-id" not in form.fields
    assert form["opportunity-title"].value == ""

    form["subject"] = "Bilan de campagne"
    form["opportunity-title"] = "Campagne hiver"
    form["opportunity-amount"] = "500"
    refused = form.submit("save", status=400)
    error = refused.html.find(id="e-opportunity-new").text
    assert "closed" in error and "New opportunity" in error
    # Nothing is lost: the fields come back as typed.
    assert refused.html.find(id="f-opportunity-title")["value"] == "Campagne hiver"
    assert opportunities_of(dbsession, action) == [("Campagne été", "won")]
    assert action.subject != "Bilan de campagne"

    # An untouched tab saves the action alone, as before.
    form = signed_in.get(f"/actions/{action.id}/edit").forms["action-form"]
    form["subject"] = "Bilan de campagne"
    form.submit("save").follow()
    assert opportunities_of(dbsession, action) == [("Campagne été", "won")]
    assert action.subject == "Bilan de campagne"


def test_a_new_opportunity_beside_a_closed_one_when_asked(
    signed_in, factories, dbsession
):
    action, record = closed_on_action(signed_in, factories, dbsession, "lost")
    form = signed_in.get(f"/actions/{action.id}/edit").forms["action-form"]
    form["opportunity-new"] = True
    form["opportunity-title"] = "Campagne hiver"
    form["opportunity-company"] = f"Azur Hôtels #{record.company_id}"
    form["opportunity-amount"] = "500"
    sheet = form.submit("save").follow()
    assert opportunities_of(dbsession, action) == [
        ("Campagne été", "lost"),
        ("Campagne hiver", None),
    ]
    assert record.lines[0].amount == Decimal("100.00")
    # The new one is open: the tab now changes it.
    form = signed_in.get(sheet.request.path + "/edit").forms["action-form"]
    assert form["opportunity-title"].value == "Campagne hiver"
