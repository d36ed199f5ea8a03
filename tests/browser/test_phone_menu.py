"""The shell on a phone-sized screen: the menu folds behind a button."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import PHONE, page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.browser_context_args(**PHONE)]


def test_the_sign_in_page_fits_a_phone(page, live_server, screenshot):
    page.goto(f"{live_server.url}/login")
    expect(page.locator("#f-email")).to_be_visible()
    assert page_width(page) <= 390
    screenshot(page, "sign-in")


def test_the_menu_opens_from_the_button_and_signs_out(
    page, live_server, demo_password, screenshot
):
    sign_in(page, live_server, "sarah.laurent@relais.example", demo_password)
    expect(page).to_have_url(f"{live_server.url}/")
    assert page_width(page) <= 390

    toggle = page.locator(".menu-toggle")
    menu = page.locator("#main-menu")
    expect(toggle).to_be_visible()
    expect(menu).to_be_hidden()
    screenshot(page, "closed")

    toggle.click()
    expect(menu).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert page_width(page) <= 390

    user_menu = page.locator("details.user-menu")
    user_menu.locator("summary").click()
    expect(user_menu).to_have_attribute("open", "")
    sign_out = user_menu.locator("form[action$='/logout'] button")
    expect(sign_out).to_be_visible()
    expect(user_menu.locator("a[href$='/account']")).to_be_visible()
    screenshot(page, "user-menu")

    sign_out.click()
    expect(page).to_have_url(f"{live_server.url}/login")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login?next=%2F")
