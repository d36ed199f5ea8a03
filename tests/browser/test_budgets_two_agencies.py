"""Creating a budget with two agencies in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import select

from core.budgets.models import Budget
from core.db import run_in_transaction
from core.directory.models import Company
from tests.browser.steps import open_signed_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(live_server_factory):
    return live_server_factory("sqlite")


@pytest.fixture
def page(browser, server):
    context, page = open_signed_in(browser, server, "sarah.laurent@relais.example")
    yield page
    context.close()


def company_id(server, name: str) -> int:
    return run_in_transaction(
        server.registry,
        lambda s: s.scalar(select(Company.id).where(Company.name == name)),
    )


def pick_agency(page, index: int, typed: str) -> None:
    field = page.locator(f"[name='agencies.{index}.company']")
    option = page.locator(f"#l-agencies-{index} option").first
    # A role block just added may take its picker a moment after it shows:
    # typing before that asks for nothing, so the text is typed again.
    for _attempt in range(3):
        field.fill("")
        field.fill(typed)
        try:
            option.wait_for(state="attached", timeout=5_000)
            break
        except PlaywrightTimeout:
            continue
    field.fill(option.get_attribute("value"))


def test_a_budget_with_two_agencies(page, server, screenshot):
    advertiser = company_id(server, "Valmont Parfums")
    page.goto(f"/companies/{advertiser}")
    page.click("[data-action=new-budget]")
    page.fill("#f-name", "Valmont Parfums – Noël")

    block = page.locator("[data-agency='0']")
    block.locator("select").select_option(label="Agence média")
    pick_agency(page, 0, "Horizon")
    block.locator("[data-action=agency-contacts]").click()
    first_contact = block.locator("input[name='agencies.0.contact_ids']").first
    first_contact.wait_for()
    first_contact.check()

    page.click("[data-action=add-role]")
    second = page.locator("[data-agency='1']")
    second.wait_for()
    second.locator("select").select_option(label="Agence web")
    pick_agency(page, 1, "Pixel")
    screenshot(page, "form")
    page.click("[data-action=save]")

    people = page.locator("[data-budget-people]")
    people.wait_for()
    assert "Horizon Média" in people.locator("[data-role=agence_media]").inner_text()
    assert "Pixel & Cie" in people.locator("[data-role=agence_web]").inner_text()
    screenshot(page, "sheet")

    def saved(session):
        budget = session.scalar(select(Budget).where(Budget.name.like("%Noël")))
        in_charge = [c for c in budget.contacts if c.agency_id is not None]
        return [a.company.name for a in budget.agencies], len(in_charge)

    assert run_in_transaction(server.registry, saved) == (
        ["Horizon Média", "Pixel & Cie"],
        1,
    )
    page.goto(f"/companies/{company_id(server, 'Pixel & Cie')}")
    assert "Valmont Parfums – Noël" in page.locator("[data-tab=budgets]").inner_text()
