"""The main pages on a phone: nothing scrolls sideways, nothing hides or overlaps."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.db import run_in_transaction
from core.directory.models import Company
from core.lists.models import RecordList
from core.opportunities.models import Opportunity, OpportunityLine
from core.testing.factories import Factories
from tests.browser.steps import PHONE, open_signed_in

pytestmark = pytest.mark.browser

# Users of their own, in French: its labels are the longer ones, and the pages
# must fit with them.
EMAIL = "tel.commercial@relais.example"
ADMIN = "tel.admin@relais.example"
PAGES = [
    "/",
    "/companies/{company}",
    "/companies/{company}/edit",
    "/companies/new",
    "/contacts/new",
    "/actions/new",
    "/todo",
    "/agenda",
    "/opportunities",
    "/opportunities/months",
    "/opportunities/statuses",
    "/opportunities/{opportunity}",
    "/lists",
    "/lists/{contacts_list}",
    "/search",
    "/notifications",
]
ADMIN_PAGES = ["/admin", "/admin/users", "/admin/plugins", "/admin/reference"]


@pytest.fixture(scope="module")
def server(live_server_factory):
    return live_server_factory("sqlite")


@pytest.fixture(scope="module")
def ids(server):
    password = server.registry.relais_settings["relais.demo.password"]

    def work(session):
        factories = Factories(session, server.registry)
        seller = factories.user(
            EMAIL, password=password, locale="fr", last_name="Mobile"
        )
        factories.user(ADMIN, "admin", password=password, locale="fr")
        company = session.scalar(
            select(Company).where(Company.name == "Groupe Valmont")
        )
        contacts_list = session.scalar(
            select(RecordList).where(RecordList.name == "Directeurs marketing")
        )
        # An open opportunity of the user's own, with lines: each line shows
        # its buttons, the widest a row of the table gets.
        opportunity = session.scalar(
            select(Opportunity)
            .where(Opportunity.private.is_(False), Opportunity.outcome.is_(None))
            .where(Opportunity.lines.any(OpportunityLine.archived.is_(None)))
            .order_by(Opportunity.id)
        )
        opportunity.owner = seller
        return {
            "company": company.id,
            "contacts_list": contacts_list.id,
            "opportunity": opportunity.id,
        }

    return run_in_transaction(server.registry, work)


def phone_page(browser, server, email):
    return open_signed_in(browser, server, email, **PHONE)


@pytest.fixture
def phone(browser, server, ids):
    context, page = phone_page(browser, server, EMAIL)
    yield page
    context.close()


def overflow(page) -> int:
    """How many pixels the page is wider than the screen.

    Measured against the screen, not ``innerWidth``: a phone widens its layout
    viewport to a page too wide and zooms out, hiding the overflow.
    """
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, window.innerWidth)"
        " - screen.width"
    )


@pytest.mark.parametrize("path", PAGES)
def test_the_page_does_not_scroll_sideways_on_a_phone(
    phone, server, ids, path, screenshot
):
    phone.goto(path.format(**ids))
    phone.wait_for_load_state("networkidle")
    screenshot(phone, "page")
    assert overflow(phone) <= 0


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_the_admin_pages_do_not_scroll_sideways_on_a_phone(
    browser, server, ids, path, screenshot
):
    context, page = phone_page(browser, server, ADMIN)
    try:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        screenshot(page, "page")
        assert overflow(page) <= 0
    finally:
        context.close()


def boxes_overlap(first, second) -> bool:
    return not (
        first["x"] + first["width"] <= second["x"]
        or second["x"] + second["width"] <= first["x"]
        or first["y"] + first["height"] <= second["y"]
        or second["y"] + second["height"] <= first["y"]
    )


def test_the_action_form_save_button_is_on_the_screen(phone, screenshot):
    phone.goto("/actions/new")
    # On the second step all four buttons show: previous, next, cancel, save.
    phone.locator("[data-wizard=next]").click()
    save = phone.locator("#action-form button[name=save]")
    save.scroll_into_view_if_needed()
    screenshot(phone, "bottom")
    for button in phone.locator(".wizard-buttons > :visible").all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert overflow(phone) <= 0


def test_a_list_shows_every_column_within_a_phone_screen(phone, ids, screenshot):
    phone.goto(f"/lists/{ids['contacts_list']}")
    row = phone.locator("tr[data-row]").first
    for cell in ("td.name", "td.email", "td.info", "td.row-actions"):
        box = row.locator(cell).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, cell
    screenshot(phone, "rows")
    assert overflow(phone) <= 0


@pytest.mark.parametrize(
    "path, table",
    [("/lists", "table.lists"), ("/opportunities/{opportunity}", "table.lines")],
)
def test_a_table_shows_every_column_within_a_phone_screen(
    phone, ids, path, table, screenshot
):
    phone.goto(path.format(**ids))
    cells = phone.locator(f"{table} tbody tr").first.locator("td")
    assert cells.count() >= 5
    for cell in cells.all():
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, cell.inner_text()
    screenshot(phone, "rows")
    assert overflow(phone) <= 0


def test_the_agenda_toolbar_fits_a_phone(phone, screenshot):
    phone.goto("/agenda")
    title = phone.locator(".fc-toolbar-title")
    title.wait_for()
    line = phone.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.fc-toolbar-title'))"
        ".lineHeight)"
    )
    assert title.bounding_box()["height"] <= 2.5 * line
    for view in ("dayGridMonth", "timeGridWeek", "timeGridDay"):
        box = phone.locator(f".fc-{view}-button").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, view
    screenshot(phone, "agenda")
    assert overflow(phone) <= 0


def test_the_company_name_stays_clear_of_the_logo_zone(phone, ids, screenshot):
    phone.goto(f"/companies/{ids['company']}")
    title = phone.locator(".sheet-title h1").bounding_box()
    zone = phone.locator(".record-image").bounding_box()
    screenshot(phone, "header")
    assert not boxes_overlap(title, zone)


def test_a_checkbox_sits_beside_its_label(phone, ids, screenshot):
    phone.goto(f"/actions/new?company_id={ids['company']}")
    label = phone.locator("#chosen-contacts label").first
    box = label.locator("input").bounding_box()
    text = label.bounding_box()
    assert box["width"] < 40
    assert box["x"] - text["x"] < 10
    phone.goto(f"/companies/{ids['company']}/edit")
    sector = phone.locator(".sectors label.inline").first
    sector.locator("xpath=ancestor::details").evaluate("d => d.open = true")
    screenshot(phone, "sectors")
    assert sector.locator("input").bounding_box()["width"] < 40


def test_a_failed_save_keeps_one_blank_address(phone, screenshot):
    phone.goto("/companies/new")
    assert phone.locator(".address-block").count() == 1
    for _attempt in range(2):
        phone.locator("button[data-action=save]").click()
        phone.wait_for_load_state()
        assert phone.locator(".field-error, .form-error").count() > 0
        assert phone.locator(".address-block").count() == 1
    screenshot(phone, "redisplayed")


def test_an_empty_list_name_gets_the_server_message(phone, screenshot):
    phone.goto("/lists/new")
    phone.locator("#list-form button[type=submit]").click()
    error = phone.locator("#list-form .field-error")
    error.wait_for()
    screenshot(phone, "error")
    assert error.is_visible()


def test_an_empty_comment_gets_the_server_message(phone, ids, screenshot):
    phone.goto(f"/companies/{ids['company']}#tab-comments")
    form = phone.locator("form[data-add-comment]")
    form.locator("button[type=submit]").click()
    error = phone.locator("#comment-form .field-error")
    error.wait_for()
    screenshot(phone, "error")
    assert error.is_visible()
