"""The quick-search box and the menus driven from the keyboard in chromium."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect, sync_playwright

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(live_server_factory):
    return live_server_factory("sqlite")


@pytest.fixture
def page(server):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
        )
        context = browser.new_context(
            viewport={"width": 1280, "height": 800}, locale="fr-FR"
        )
        page = context.new_page()
        page.goto(server.url + "/login")
        page.fill("#f-email", "lea.dubois@relais.example")
        page.fill("#f-password", "relais-demo")
        page.click("button[type=submit]")
        page.wait_for_url(server.url + "/")
        yield page
        browser.close()


def test_arrow_keys_move_through_hits_and_escape_closes(page):
    box = page.locator("#qs")
    box.fill("lumi")
    hits = page.locator("#qs-results a.qs-hit")
    expect(hits.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#qs-status")).to_contain_text("résultat")

    page.keyboard.press("ArrowDown")
    expect(hits.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(hits.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()

    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(box).to_be_focused()
    expect(hits).to_have_count(0)
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("lumi")


def test_enter_stays_on_the_page_and_opens_the_first_hit(page, server):
    box = page.locator("#qs")
    box.fill("lumi")
    first = page.locator("#qs-results a.qs-hit").first
    expect(first).to_be_visible()

    box.press("Enter")
    expect(page).to_have_url(server.url + "/")
    expect(first).to_be_focused()
    path = urlsplit(first.get_attribute("href")).path
    page.keyboard.press("Enter")
    page.wait_for_url("**" + path)


def test_escape_closes_an_open_menu(page):
    summary = page.locator('details[data-menu="user"] summary')
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator('details[data-menu="user"]')).to_have_attribute("open", "")
    page.keyboard.press("Escape")
    expect(page.locator('details[data-menu="user"][open]')).to_have_count(0)
    expect(summary).to_be_focused()
