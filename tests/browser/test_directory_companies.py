"""Creating a company in a real browser, through the duplicate warning."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.db import run_in_transaction
from core.directory.models import Company

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(live_server_factory):
    return live_server_factory("sqlite")


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/login")
    page.fill("#f-email", "hugo.bernard@relais.example")
    page.fill("#f-password", server.registry.relais_settings["relais.demo.password"])
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    yield page
    context.close()


def count(server, name: str) -> int:
    return run_in_transaction(
        server.registry,
        lambda s: s.scalar(select(func.count(Company.id)).where(Company.name == name)),
    )


def fill_company(page, name: str, group: str | None = None) -> None:
    page.click("[data-menu=creation] summary")
    page.click("[data-entry=company_new]")
    page.fill("#f-name", name)
    page.select_option("#f-type_id", label="Annonceur")
    page.locator(".sectors details summary").first.click()
    page.locator("input[name=sector_ids]").first.check()
    if group:
        page.fill("#f-group", group[:4])
        page.wait_for_selector(f"#l-group option[value^='{group}']", state="attached")
        option = page.locator("#l-group option").first.get_attribute("value")
        page.fill("#f-group", option)


def test_duplicate_warning_then_create_anyway(page, server):
    fill_company(page, "Horizon Média SAS", group="Groupe Valmont")
    page.click("[data-action=save]")

    warning = page.locator("[data-duplicates]")
    warning.wait_for()
    assert "Horizon Média" in warning.inner_text()
    page.click("[data-action=not-duplicate]")

    page.wait_for_selector("[data-section=groups]")
    assert page.locator("h1").inner_text().startswith("Horizon Média SAS")
    assert "Groupe Valmont" in page.locator("[data-section=groups]").inner_text()
    assert count(server, "Horizon Média SAS") == 1


def test_duplicate_warning_leads_to_the_existing_company(page, server):
    fill_company(page, "HORIZON MEDIA")
    page.click("[data-action=save]")
    page.locator("[data-duplicates]").wait_for()
    page.locator("[data-action=open-duplicate]").first.click()
    page.wait_for_selector("[data-section=details]")
    assert page.locator("h1").inner_text().startswith("Horizon Média")
    assert count(server, "HORIZON MEDIA") == 0
