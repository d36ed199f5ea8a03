"""From the e-mail inbox to a new contact, in a real browser."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.db import run_in_transaction
from core.mail.filing import Origin, file_message
from core.mail.models import CapturedMail
from core.testing.imap import compose

pytestmark = pytest.mark.browser

SELLER = "lea.dubois@relais.example"


@pytest.fixture(scope="module")
def server(live_server_factory):
    return live_server_factory("sqlite")


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/login")
    page.fill("#f-email", SELLER)
    page.fill("#f-password", server.registry.relais_settings["relais.demo.password"])
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    yield page
    context.close()


def captured(server, address: str) -> int:
    raw = compose(
        f"Léa Dubois <{SELLER}>",
        f"Nina Lefort <{address}>",
        subject="Brief de la campagne de printemps",
        body="Bonjour Nina,\n\nVoici le brief de la campagne.",
    )

    def work(session):
        file_message(session, server.registry.relais_settings, raw, Origin("b", 1, 1))
        return session.scalar(select(CapturedMail.id).order_by(CapturedMail.id.desc()))

    return run_in_transaction(server.registry, work)


def status(server, mail_id: int) -> str:
    return run_in_transaction(
        server.registry, lambda s: s.get(CapturedMail, mail_id).status
    )


def test_associate_an_inbox_mail_to_a_new_contact(page, server, screenshot):
    mail_id = captured(server, "nina.lefort@nouvelle-marque.example")

    page.goto("/")
    page.locator(f"[data-panel=mail_inbox] [data-mail='{mail_id}'] a").click()
    page.wait_for_url(f"**/mail/{mail_id}")
    screenshot(page, "mail")

    page.click("[data-action=create-contact]")
    assert page.input_value("#f-email") == "nina.lefort@nouvelle-marque.example"
    page.select_option("#f-civility", label="Mme")
    page.fill("#f-first_name", "Nina")
    page.fill("#f-last_name", "Lefort")
    page.select_option("#f-function_id", index=1)
    page.click("[data-action=save]")
    page.wait_for_url("**/contacts/*")

    page.goto(f"/mail/{mail_id}")
    page.click("[data-action=associate]")
    page.wait_for_selector(".flash")
    assert "filed on 1 contact" in page.inner_text(".flash")
    screenshot(page, "associated")
    assert status(server, mail_id) == "filed"

    page.click("[data-section=people] [data-contact] a")
    panel = page.locator("[data-panel=mail]")
    assert "Brief de la campagne de printemps" in panel.inner_text()
