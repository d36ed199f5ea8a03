"""Merging a company into another in a real browser, then undoing it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.db import run_in_transaction
from core.directory.models import Company, Contact
from tests.browser.steps import open_signed_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(live_server_factory):
    return live_server_factory("sqlite")


@pytest.fixture
def page(browser, server):
    context, page = open_signed_in(browser, server, "lea.dubois@relais.example")
    yield page
    context.close()


def company(server, name: str) -> tuple[int, int, bool]:
    """The company's id, how many contacts it has, and whether it is active."""

    def read(session):
        record = session.scalar(select(Company).where(Company.name == name))
        contacts = session.scalar(
            select(func.count(Contact.id)).where(Contact.company_id == record.id)
        )
        return record.id, contacts, record.active

    return run_in_transaction(server.registry, read)


def test_merge_then_undo(page, server, screenshot):
    source_id, source_contacts, _active = company(server, "Ravel Occasions")
    target_id, target_contacts, _active = company(server, "Ravel Mobilité")

    page.goto(f"/companies/{source_id}")
    page.click("[data-action=merge]")
    page.fill("#f-target", "Ravel Mob")
    page.wait_for_selector(
        "#l-target option[value^='Ravel Mobilité']", state="attached"
    )
    page.fill(
        "#f-target", page.locator("#l-target option").first.get_attribute("value")
    )
    page.click("[data-action=preview]")
    preview = page.locator("[data-merge-preview]")
    preview.wait_for()
    assert str(source_contacts) in preview.locator("[data-step=Contacts]").inner_text()
    screenshot(page, "preview")
    page.click("[data-action=confirm-merge]")

    page.wait_for_url(f"**/companies/{target_id}")
    assert page.locator("h1").inner_text().startswith("Ravel Mobilité")
    assert company(server, "Ravel Mobilité")[1] == target_contacts + source_contacts
    assert company(server, "Ravel Occasions")[2] is False
    # The merged company's address leads to the one kept.
    page.goto(f"/companies/{source_id}")
    page.wait_for_url(f"**/companies/{target_id}")

    history = page.locator("[data-tab=history]")
    assert "Ravel Occasions" in history.locator("[data-event=merged]").inner_text()
    screenshot(page, "merged")
    page.click("[data-action=undo-merge]")
    page.wait_for_url(f"**/companies/{source_id}")
    assert page.locator("h1").inner_text().startswith("Ravel Occasions")
    assert company(server, "Ravel Occasions")[1:] == (source_contacts, True)
    assert company(server, "Ravel Mobilité")[1] == target_contacts
    screenshot(page, "undone")
