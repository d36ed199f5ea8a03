"""The rich-text editor of the action form shows its toolbar in French."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.auth.models import User
from tests.browser.test_actions_browser import a_contact_of, open_as, run

pytestmark = pytest.mark.browser

USER = "lea.dubois@relais.example"


@pytest.fixture(scope="module")
def server(live_server_factory):
    return live_server_factory("sqlite")


def speaking(server, locale: str) -> str:
    """Give the user ``locale``; return the one they had."""

    def change(session):
        user = session.scalar(select(User).where(User.email == USER))
        before, user.locale = user.locale, locale
        return before

    return run(server, change)


@pytest.fixture
def french_user(server):
    before = speaking(server, "fr")
    yield USER
    speaking(server, before)


def test_the_report_editor_toolbar_is_in_french(
    browser, server, french_user, screenshot
):
    context, page = open_as(browser, server, USER)
    page.goto(f"/contacts/{a_contact_of(server, USER)}")
    page.click("[data-panel=actions] [data-action=new-action]")
    page.wait_for_selector("trix-toolbar [data-trix-attribute=bold]")

    toolbar = page.locator("trix-toolbar")
    titles = {
        name: toolbar.locator(f"[data-trix-attribute={name}]").first.get_attribute(
            "title"
        )
        for name in ("bold", "italic", "strike", "href")
    }
    assert titles == {
        "bold": "Gras",
        "italic": "Italique",
        "strike": "Barré",
        "href": "Lien",
    }
    unlink = toolbar.locator("[data-trix-method=removeAttribute]")
    assert unlink.get_attribute("value") == "Supprimer le lien"
    screenshot(page, "editor-toolbar")
    context.close()
