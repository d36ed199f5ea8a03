"""The forgotten-password path end to end: form, real SMTP, link, new password."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import sign_in

pytestmark = pytest.mark.browser

EMAIL = "ines.roux@relais.example"
NEW_PASSWORD = "un nouveau secret"


def test_a_forgotten_password_is_replaced_through_the_mailed_link(
    page, live_server, mail_sink, demo_password, screenshot
):
    page.goto(f"{live_server.url}/login")
    page.click("a[href$='/password/forgot']")
    page.fill("#f-email", EMAIL)
    page.click("form button[type=submit]")
    expect(page.locator(".notice[role=status]")).to_contain_text(
        "a message with a link to choose a new password is on its way"
    )
    screenshot(page, "link-sent")

    message = mail_sink.wait_for_recipient(EMAIL)
    body = message.get_body(("plain",)).get_content()
    link = re.search(re.escape(live_server.url) + r"/password/reset/[\w-]+", body)
    assert link, "the message holds a link to this server"

    page.goto(link.group(0))
    page.fill("#f-password", NEW_PASSWORD)
    page.fill("#f-confirm", "something else")
    page.click("form button[type=submit]")
    expect(page.locator("#e-confirm")).to_have_text("The two passwords differ.")
    screenshot(page, "passwords-differ")

    page.fill("#f-password", NEW_PASSWORD)
    page.fill("#f-confirm", NEW_PASSWORD)
    page.click("form button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/login")
    expect(page.locator(".flash")).to_contain_text("Your password is changed.")
    screenshot(page, "password-changed")

    sign_in(page, live_server, EMAIL, demo_password)
    expect(page.locator(".form-error[role=alert]")).to_be_visible()

    sign_in(page, live_server, EMAIL, NEW_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("details.user-menu summary")).to_contain_text("Inès Roux")

    page.goto(link.group(0))
    expect(page.locator(".form-error[role=alert]")).to_contain_text(
        "This link has expired or has already been used."
    )
