"""The quick-search box and the menus driven from the keyboard in chromium."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(live_server_factory):
    return live_server_factory("sqlite", **{"relais.default_locale": "fr"})


@pytest.fixture
def shell(server, browser):
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
    context.close()


def test_arrow_keys_move_through_hits_and_escape_closes(shell):
    box = shell.locator("#qs")
    box.focus()
    shell.wait_for_load_state("networkidle")
    expect(shell.locator("#qs-results")).to_be_hidden()

    box.fill("lumi")
    hits = shell.locator("#qs-results a.qs-hit")
    expect(hits.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(shell.locator("#qs-status")).to_contain_text("résultat")

    shell.keyboard.press("ArrowDown")
    expect(hits.nth(0)).to_be_focused()
    shell.keyboard.press("ArrowDown")
    expect(hits.nth(1)).to_be_focused()
    shell.keyboard.press("ArrowUp")
    shell.keyboard.press("ArrowUp")
    expect(box).to_be_focused()

    shell.keyboard.press("ArrowDown")
    shell.keyboard.press("Escape")
    expect(box).to_be_focused()
    expect(hits).to_have_count(0)
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("lumi")


def test_enter_stays_on_the_page_and_opens_the_first_hit(shell, server):
    box = shell.locator("#qs")
    box.fill("lumi")
    first = shell.locator("#qs-results a.qs-hit").first
    expect(first).to_be_visible()

    box.press("Enter")
    expect(shell).to_have_url(server.url + "/")
    expect(first).to_be_focused()
    path = urlsplit(first.get_attribute("href")).path
    shell.keyboard.press("Enter")
    shell.wait_for_url("**" + path)


def test_a_click_elsewhere_closes_the_results(shell):
    shell.locator("#qs").fill("lumi")
    expect(shell.locator("#qs-results a.qs-hit").first).to_be_visible()
    shell.locator("main h1").click()
    expect(shell.locator("#qs-results")).to_be_hidden()


def test_escape_closes_an_open_menu(shell):
    summary = shell.locator('details[data-menu="user"] summary')
    summary.focus()
    shell.keyboard.press("Enter")
    expect(shell.locator('details[data-menu="user"]')).to_have_attribute("open", "")
    shell.keyboard.press("Escape")
    expect(shell.locator('details[data-menu="user"][open]')).to_have_count(0)
    expect(summary).to_be_focused()


def test_an_empty_box_shows_the_recent_records_on_every_focus(shell, server):
    box = shell.locator("#qs")
    box.fill("lumi")
    first = shell.locator("#qs-results a.qs-hit").first
    expect(first).to_be_visible()
    name = first.inner_text().splitlines()[0].strip()
    shell.goto(server.url + urlsplit(first.get_attribute("href")).path)
    shell.goto(server.url + "/")
    recent = shell.locator("#qs-results .qs-recent")
    results = shell.locator("#qs-results")

    for _ in range(2):
        box.focus()
        expect(recent).to_be_visible()
        expect(results).to_contain_text(name)
        shell.locator("main h1").click()
        expect(results).to_be_hidden()

    box.fill("zzzzqq")
    expect(results).to_contain_text("Aucun résultat")
    box.fill("")
    expect(recent).to_be_visible()
    expect(results).to_contain_text(name)
