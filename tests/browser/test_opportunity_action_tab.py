"""Proposing an opportunity in the action form's own tab, in a real browser."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.db import run_in_transaction
from core.opportunities.models import Opportunity
from tests.browser.steps import open_signed_in
from tests.browser.test_actions_browser import a_contact_of, next_weekday

pytestmark = pytest.mark.browser

MANAGER = "julien.moreau@relais.example"
TITLE = "Dispositif vidéo printemps"


@pytest.fixture
def page(browser, live_server):
    context, page = open_signed_in(browser, live_server, MANAGER)
    yield page
    context.close()


def test_an_opportunity_is_proposed_in_the_action_form(page, live_server, screenshot):
    contact_id = a_contact_of(live_server, MANAGER)
    page.goto(f"/actions/new?contact_id={contact_id}")
    page.fill("#f-subject", "Présentation de l'offre vidéo")
    page.fill("#f-start", next_weekday(11).strftime("%Y-%m-%dT%H:%M"))
    page.click('[data-step-link="opportunities"]')
    page.fill("#f-opportunity-title", TITLE)
    page.select_option("#f-opportunity-lines-0-product_id", index=1)
    page.fill("#f-opportunity-lines-0-amount", "-2500")
    page.click("#action-form button[name=save]")

    # Refused: the form comes back on the tab holding the error.
    error = page.locator("#e-opportunity-lines-0-amount")
    assert error.is_visible()
    assert error.inner_text() == "An amount cannot be negative."
    assert page.input_value("#f-opportunity-title") == TITLE
    screenshot(page, "refused")

    page.fill("#f-opportunity-lines-0-amount", "2 500,50")
    page.click("#action-form button[name=save]")
    page.wait_for_selector('[data-tab="opportunities"] .opportunity-summary')
    tab = page.locator('[data-tab="opportunities"]')
    assert TITLE in tab.inner_text()
    assert tab.locator('[data-field="total"]').inner_text() == "€2,500.50"

    def saved(session):
        record = session.scalar(select(Opportunity).where(Opportunity.title == TITLE))
        return record.contact_id, record.action_id is not None, len(record.lines)

    assert run_in_transaction(live_server.registry, saved) == (contact_id, True, 1)
