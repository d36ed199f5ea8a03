"""Signing in and the wrong-password message, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import sign_in

pytestmark = pytest.mark.browser


def test_a_demo_user_signs_in(page, live_server, demo_password, screenshot):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login?next=%2F")
    screenshot(page, "sign-in-page")

    sign_in(page, live_server, "hugo.bernard@relais.example", demo_password)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("details.user-menu summary")).to_contain_text("Hugo Bernard")
    screenshot(page, "home")


def test_a_wrong_password_is_explained(page, live_server, screenshot):
    sign_in(page, live_server, "lea.dubois@relais.example", "not the password")
    error = page.locator(".form-error[role=alert]")
    expect(error).to_have_text("Wrong e-mail address or password.")
    expect(page.locator("#f-email")).to_have_value("lea.dubois@relais.example")
    expect(page.locator("#f-password")).to_have_value("")
    expect(page.locator("header.topbar")).to_have_count(0)
    screenshot(page, "wrong-password")
