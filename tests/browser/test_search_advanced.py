"""Searching in chromium: the box as one types, then the advanced search."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.steps import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def hugo(live_server, demo_password, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, "hugo.bernard@relais.example", demo_password)
    page.wait_for_url(live_server.url + "/")
    yield page
    context.close()


def test_typing_narrows_and_the_keyboard_opens_a_contact(hugo, screenshot):
    box = hugo.locator("#qs")
    box.fill("valmont")
    companies = hugo.locator('#qs-results [data-source="companies"] a.qs-hit')
    expect(companies.first).to_be_visible()
    expect(companies).to_have_count(2)

    box.fill("*MONT PARFUMS")
    expect(companies).to_have_count(1)
    expect(companies.first).to_contain_text("Valmont Parfums")

    # A contact's email domain, typed without its accents.
    box.fill("@valmontparfums.example")
    contacts = hugo.locator('#qs-results [data-source="contacts"] a.qs-hit')
    expect(contacts.first).to_be_visible()
    screenshot(hugo, "quick-search")
    box.press("ArrowDown")
    focused = hugo.locator("#qs-results a.qs-hit:focus")
    path = urlsplit(focused.get_attribute("href")).path
    hugo.keyboard.press("Enter")
    hugo.wait_for_url("**" + path)
    assert re.search(r"/(companies|contacts)/\d+$", path)


def test_portfolio_box_keeps_my_companies(hugo):
    box = hugo.locator("#qs")
    box.fill("on")
    hits = hugo.locator('#qs-results [data-source="companies"] a.qs-hit')
    expect(hits.first).to_be_visible()
    everyone = hits.count()
    hugo.locator("#qs-portfolio").check()
    expect(hits).not_to_have_count(everyone)


def test_criteria_chips_toggle_and_a_saved_search(hugo, live_server, screenshot):
    hugo.goto(live_server.url + "/search")
    hugo.get_by_label("Agence média").check()
    hugo.locator('button[data-action="search"]').click()
    rows = hugo.locator("tr[data-result]")
    expect(rows.first).to_be_visible()
    expect(rows).to_have_count(6)
    expect(hugo.locator('[data-chip="type_ids"]')).to_contain_text("Agence média")

    # The same criteria, as the contacts of these companies.
    hugo.locator('a[data-entity="contact"]').click()
    expect(hugo.locator('[data-chip="type_ids"]')).to_be_visible()
    expect(rows.first).to_be_visible()
    assert rows.count() > 6
    screenshot(hugo, "contacts-of-agencies")

    hugo.fill("#f-name", "Contacts des agences média")
    hugo.locator('button[data-action="save-search"]').click()
    expect(hugo.locator(".flash")).to_contain_text("saved")

    hugo.locator('[data-remove="type_ids"]').click()
    expect(hugo.locator('[data-chip="type_ids"]')).to_have_count(0)

    hugo.goto(live_server.url + "/search/saved")
    hugo.get_by_role("link", name="Contacts des agences média").click()
    expect(hugo.locator('[data-chip="type_ids"]')).to_be_visible()
    expect(hugo.locator('a[data-entity="contact"]')).to_have_attribute(
        "aria-current", "page"
    )

    # A row opens its record in a new window.
    with hugo.context.expect_page() as opened:
        rows.first.locator("a").first.click()
    expect(opened.value).to_have_url(re.compile(r"/contacts/\d+$"))


def test_the_rows_come_first_and_the_count_right_after(hugo, live_server):
    hugo.goto(live_server.url + "/search?entity=contact&in_position=all&active=all")
    expect(hugo.locator("tr[data-result]")).to_have_count(50)
    # The criteria are folded: the first rows show without scrolling.
    first = hugo.locator("tr[data-result]").first.bounding_box()
    assert first["y"] + first["height"] <= 900
    count = hugo.locator(".result-count [data-total]")
    expect(count).to_be_visible()
    expect(count).to_contain_text(re.compile(r"\d+ results"))
    assert int(count.get_attribute("data-total")) > 50
    expect(hugo.locator('.pager a[rel="next"]')).to_be_visible()


def test_around_me_takes_the_browsers_position(live_server, demo_password, browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        geolocation={"latitude": 45.76, "longitude": 4.835},
        permissions=["geolocation"],
    )
    page = context.new_page()
    sign_in(page, live_server, "hugo.bernard@relais.example", demo_password)
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/search")
    page.locator('button[data-action="around-me"]').click()
    expect(page.locator("[data-around-me-status]")).to_have_text("Around me")
    expect(page.locator("#f-radius_km")).to_have_value("10")
    page.locator('button[data-action="search"]').click()
    page.wait_for_url(re.compile(r"near_lat=45\.76"))
    assert "near_lon=4.835" in page.url
    expect(page.locator('[data-chip="near_lat"]')).to_be_visible()
    expect(page.locator('[data-chip="radius_km"]')).to_contain_text("10")
    context.close()


def test_around_me_refused_says_so_beside_the_field(
    live_server, demo_password, browser
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, "hugo.bernard@relais.example", demo_password)
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/search")
    page.evaluate(
        """() => {
        navigator.geolocation.getCurrentPosition = (ok, fail) =>
          fail({code: 1, message: "denied"});
    }"""
    )
    page.locator('button[data-action="around-me"]').click()
    status = page.locator("[data-around-me-status]")
    expect(status).to_have_class(re.compile("field-error"))
    expect(status).to_contain_text("not shared")
    assert page.locator("#f-near_lat").input_value() == ""
    context.close()


def test_on_a_phone_the_results_come_first_and_fit(
    live_server, demo_password, browser, screenshot
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    sign_in(page, live_server, "hugo.bernard@relais.example", demo_password)
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/search?entity=contact")
    # A first visit without criteria shows them; a search folds them away.
    criteria = page.locator("[data-search-criteria]")
    expect(criteria).to_have_js_property("open", True)
    page.get_by_label("Agence média").check()
    page.locator('button[data-action="search"]').click()
    page.wait_for_url(re.compile(r"type_ids="))
    expect(criteria).to_have_js_property("open", False)
    first = page.locator("tr[data-result]").first
    expect(first).to_be_visible()
    box = first.bounding_box()
    assert box["y"] + box["height"] <= 844
    screenshot(page, "phone-results")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    table = page.locator("table.results").bounding_box()
    assert table["x"] + table["width"] <= 390
    # The criteria open again in one click.
    criteria.locator("> summary").click()
    expect(page.get_by_label("Agence média")).to_be_checked()
    context.close()


def test_a_company_criterion_is_picked_by_its_name(hugo, live_server):
    hugo.goto(live_server.url + "/search")
    hugo.locator("details.more-criteria > summary").click()
    pick = hugo.locator("#f-group_id-pick")
    pick.fill("Valmont")
    option = hugo.locator("#l-group_id option").first
    expect(option).to_have_attribute("value", re.compile(r"Valmont.* #\d+$"))
    label = option.get_attribute("value")
    pick.fill(label)
    ident = label.rsplit("#", 1)[1]
    expect(hugo.locator("#f-group_id")).to_have_value(ident)
    hugo.locator('button[data-action="search"]').click()
    hugo.wait_for_url(re.compile(rf"group_id={ident}\b"))
    chip = hugo.locator('[data-chip="group_id"]')
    expect(chip).to_contain_text(label.rsplit(" #", 1)[0])
    expect(chip).not_to_contain_text(ident)

    # A name not taken from the list is refused beside the field.
    hugo.locator("details.search-criteria > summary").click()
    hugo.locator("details.more-criteria").evaluate("d => d.open = true")
    pick.fill("Nothing of that name")
    hugo.locator('button[data-action="search"]').click()
    expect(hugo.locator("#e-group_id")).to_be_visible()
    expect(hugo.locator("#e-group_id")).to_contain_text("Choose a company")
    assert f"group_id={ident}" in hugo.url
