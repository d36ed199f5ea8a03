"""A salesperson works a prospection list row by row without leaving it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from core.actions.models import Action
from core.auth.models import User
from core.db import run_in_transaction
from core.lists import services
from core.opportunities.models import Opportunity
from core.testing.factories import Factories
from tests.browser.conftest import ARTIFACTS
from tests.browser.steps import open_signed_in

pytestmark = pytest.mark.browser

EMAIL = "thomas.petit@relais.example"


@pytest.fixture(scope="module")
def server(live_server_factory):
    return live_server_factory("sqlite")


def prospection_list(registry) -> int:
    def work(session):
        factories = Factories(session, registry)
        owner = session.scalar(select(User).where(User.email == EMAIL))
        company = factories.company("Ondes Fictives FM")
        factories.contact(company, first_name="Nora", last_name="Vasseur")
        factories.contact(company, first_name="Yann", last_name="Quéré")
        record_list = services.create_list(session, owner, "Radios 2027", "company")
        services.add_records(session, record_list, [company.id])
        return record_list.id

    return run_in_transaction(registry, work)


@pytest.fixture
def page(browser, server):
    context, page = open_signed_in(browser, server, EMAIL)
    yield page
    context.close()


def test_record_a_call_and_an_opportunity_from_the_row(page, server):
    list_id = prospection_list(server.registry)
    page.goto(f"/lists/{list_id}")
    row = page.locator("tr[data-row]", has_text="Ondes Fictives FM")
    row.locator("[data-action=record-action]").click()
    form = page.locator("tr[data-work]")
    form.wait_for()

    # Saving without a contact says so beside the field; nothing is lost.
    form.locator("[name=subject]").fill("Offre rentrée radio")
    form.locator("trix-editor").type("Intéressée par un spot en septembre")
    form.locator("[data-action=save-work]").click()
    page.locator("tr[data-work] .field-error").first.wait_for()
    form = page.locator("tr[data-work]")
    assert form.locator("[name=subject]").input_value() == "Offre rentrée radio"

    form.locator("label", has_text="Yann Quéré").locator("input").check()
    form.locator("summary").click()
    form.locator("[name=opp_title]").fill("Spots septembre")
    form.locator("[name=opp_amount]").fill("8 400,00")
    form.locator("[name=opp_decision_on]").fill("2027-03-01")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "lists_work_row.png"), full_page=True)
    form.locator("[data-action=save-work]").click()

    done = page.locator("tr[data-work-done]")
    done.wait_for()
    assert "Spots septembre" in done.inner_text()
    assert row.locator("[data-worked]").count() == 1
    # Still on the list: the salesperson goes on with the next row.
    assert page.url.endswith(f"/lists/{list_id}")

    def saved(session):
        action = session.scalar(
            select(Action).where(Action.subject == "Offre rentrée radio")
        )
        opportunity = session.scalar(
            select(Opportunity).where(Opportunity.action_id == action.id)
        )
        return (
            [c.last_name for c in action.contacts],
            action.origin,
            action.follow_up_at is not None,
            "spot en septembre" in (action.report_html or ""),
            opportunity.title,
            opportunity.amount,
        )

    assert run_in_transaction(server.registry, saved) == (
        ["Quéré"],
        "list",
        True,
        True,
        "Spots septembre",
        Decimal("8400.00"),
    )
    page.reload()
    assert row.locator("[data-worked]").count() == 1
