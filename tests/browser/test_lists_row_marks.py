"""A row's info is kept however the salesperson leaves the field."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.auth.models import User
from core.db import run_in_transaction
from core.lists import services
from core.lists.models import ListRow, RecordList
from core.testing.factories import Factories
from tests.browser.steps import PHONE, open_signed_in

pytestmark = pytest.mark.browser

EMAIL = "thomas.petit@relais.example"


@pytest.fixture(scope="module")
def server(live_server_factory):
    return live_server_factory("sqlite")


def company_list(registry, names, owner=EMAIL) -> int:
    def work(session):
        factories = Factories(session, registry)
        owner_user = session.scalar(select(User).where(User.email == owner))
        companies = [factories.company(name) for name in names]
        record_list = services.create_list(session, owner_user, "Relances", "company")
        services.add_records(session, record_list, [c.id for c in companies])
        return record_list.id

    return run_in_transaction(registry, work)


def saved_infos(registry, list_id) -> dict:
    def work(session):
        rows = session.scalars(select(ListRow).where(ListRow.list_id == list_id))
        return {row.company.name: row.info.label if row.info else None for row in rows}

    return run_in_transaction(registry, work)


@pytest.fixture
def page(browser, server):
    context, page = open_signed_in(browser, server, EMAIL)
    yield page
    context.close()


def test_info_is_kept_on_leaving_the_field_and_saved_once(page, server):
    list_id = company_list(server.registry, ["Onde Claire", "Onde Sombre"])
    posts = []
    page.on(
        "request",
        lambda request: (
            posts.append(request.url)
            if request.method == "POST" and request.url.endswith("/info")
            else None
        ),
    )
    page.goto(f"/lists/{list_id}")
    first = page.locator("tr[data-row]", has_text="Onde Claire")
    second = page.locator("tr[data-row]", has_text="Onde Sombre")

    # Typed, then a click elsewhere: no Enter, the value is still kept.
    first.locator("[data-action=info]").fill("A rappeler")
    page.locator("h1").click()
    first.locator("[data-saved]").wait_for()
    assert len(posts) == 1

    # Enter, then a click elsewhere: one save, not two.
    second.locator("[data-action=info]").fill("OUI")
    second.locator("[data-action=info]").press("Enter")
    second.locator("[data-saved]").wait_for()
    page.locator("h1").click()
    page.wait_for_selector("[data-info-count=OUI]")
    assert len(posts) == 2

    page.reload()
    assert saved_infos(server.registry, list_id) == {
        "Onde Claire": "A rappeler",
        "Onde Sombre": "OUI",
    }
    assert first.locator("[data-action=info]").input_value() == "A rappeler"


def test_remove_from_a_list_waits_for_an_existing_list(page, server):
    list_id = company_list(server.registry, ["Onde Lointaine"])
    page.goto("/search?entity=company&q=Onde+Lointaine")
    choice = page.locator("#f-list_id")
    choice.locator(f"option[value='{list_id}']").wait_for(state="attached")
    remove = page.locator("[data-action=remove-from-list]")
    assert remove.is_disabled()
    choice.select_option(str(list_id))
    assert remove.is_enabled()
    choice.select_option("")
    assert remove.is_disabled()


def test_back_then_save_again_opens_the_list_already_made(page, server):
    page.goto("/lists/new")
    page.fill("#f-name", "Salon du retour")
    page.click("[data-action=save]")
    page.wait_for_selector("[data-list-rows]")
    made = page.url
    page.go_back()
    page.wait_for_selector("#list-form")
    page.fill("#f-name", "Salon du retour")
    page.click("[data-action=save]")
    page.wait_for_selector("[data-list-rows]")
    assert page.url == made

    def count(session):
        query = select(RecordList).where(RecordList.name == "Salon du retour")
        return len(session.scalars(query).all())

    assert run_in_transaction(server.registry, count) == 1


def test_the_row_checkbox_is_big_enough_for_a_finger(browser, server):
    list_id = company_list(server.registry, ["Onde Tactile"])
    context, phone = open_signed_in(browser, server, EMAIL, **PHONE)
    try:
        phone.goto(f"/lists/{list_id}")
        box = phone.locator("tr[data-row] [data-action=select]").bounding_box()
        assert box["width"] >= 30 and box["height"] >= 30
        assert box["x"] + box["width"] <= 390
    finally:
        context.close()

    context, desk = open_signed_in(browser, server, EMAIL)
    try:
        desk.goto(f"/lists/{list_id}")
        box = desk.locator("tr[data-row] [data-action=select]").bounding_box()
        # With a mouse the checkbox keeps its usual size.
        assert box["width"] < 30
    finally:
        context.close()


FRENCH = "ligne.francaise@relais.example"


def french_user(registry) -> None:
    password = registry.relais_settings["relais.demo.password"]

    def work(session):
        Factories(session, registry).user(FRENCH, password=password, locale="fr")

    run_in_transaction(registry, work)


def test_a_french_row_stays_french_and_a_new_contact_returns(browser, server):
    french_user(server.registry)
    list_id = company_list(server.registry, ["Onde Française"], owner=FRENCH)
    context, page = open_signed_in(browser, server, FRENCH)
    try:
        page.goto(f"/lists/{list_id}?size=25")
        row = page.locator("tr[data-row]", has_text="Onde Française")
        row.locator("[data-action=info]").fill("OUI")
        row.locator("[data-action=info]").press("Enter")
        row.locator("[data-saved]").wait_for()
        assert "Affichés" in page.locator("[data-counters]").inner_text()
        assert row.locator("[data-action=hide]").inner_text().strip() == "Masquer"

        # "+ contact" from the row, saved: back on the same page of the list.
        row.locator("[data-action=add-contact]").click()
        page.wait_for_selector("#contact-form")
        page.select_option("[name=civility]", index=1)
        page.fill("[name=last_name]", "Vasseur")
        page.select_option("[name=function_id]", index=1)
        page.click("#contact-form [data-action=save]")
        page.wait_for_url(f"**/lists/{list_id}?size=25")
        assert page.locator("tr[data-row] [data-contacts]").inner_text() == "1"
    finally:
        context.close()
