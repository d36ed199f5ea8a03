"""The reporting pages in a real browser: filters, exports, saved filters, mail."""

from __future__ import annotations

import datetime as dt
import io
import re
import zoneinfo
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.steps import open_signed_in

pytestmark = pytest.mark.browser

MANAGER = "claire.martin@relais.example"
TITLE = "Weekly action tracking"


@pytest.fixture(scope="module")
def server(live_server_factory):
    return live_server_factory("sqlite", plugins="reporting")


@pytest.fixture
def page(browser, server):
    context, page = open_signed_in(browser, server, MANAGER)
    context.set_default_timeout(30_000)
    yield page
    context.close()


def open_weekly_report(page) -> None:
    """From the home page, through the Reporting menu, to the weekly report."""
    page.locator("details[data-menu='reporting'] > summary").click()
    page.locator("details[data-menu='reporting'] a[data-entry='reports']").click()
    page.locator("li[data-report='reporting.weekly_actions'] a").click()
    expect(page.locator("h1")).to_have_text(TITLE)


def show_last_two_weeks(page) -> None:
    page.fill("#f-start", "today-2w")
    page.fill("#f-end", "today")
    page.locator("#report-form button[type=submit]").click()
    expect(page.locator("table.report-table")).to_be_visible()


def download(page, selector: str) -> tuple[str, io.BytesIO]:
    """Click a download link; return the file's name and its bytes."""
    with page.expect_download() as info:
        page.locator(selector).click()
    done = info.value
    return done.suggested_filename, io.BytesIO(Path(done.path()).read_bytes())


def test_a_report_with_relative_dates_shows_and_downloads(page, screenshot):
    open_weekly_report(page)
    show_last_two_weeks(page)

    assert re.search(r"start=today-2w", page.url)
    # The filters are resolved in the demo users' time zone.
    today = dt.datetime.now(zoneinfo.ZoneInfo("Europe/Paris")).date()
    two_weeks = today - dt.timedelta(weeks=2)
    filters = page.locator("ul.report-filters-text").inner_text()
    assert two_weeks.strftime("%d/%m/%Y") in filters
    assert page.locator("table.report-table tbody tr.row").count() > 0
    expect(page.locator("tr.grand-total")).to_be_visible()
    screenshot(page, "table")

    name, workbook = download(page, "[data-export='xlsx']")
    assert name.endswith(".xlsx")
    sheet = openpyxl.load_workbook(workbook).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == TITLE
    assert any(row[0] == "Grand total" for row in rows)

    name, pdf = download(page, "[data-export='pdf-a4-landscape']")
    assert name.endswith(".pdf")
    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    assert TITLE in reader.pages[0].extract_text()


def test_saved_filters_come_back_under_their_name(page):
    open_weekly_report(page)
    show_last_two_weeks(page)

    page.fill("#f-filter_name", "Deux dernières semaines")
    page.locator("#save-filter button[type=submit]").click()
    page.locator("[data-saved-filter='Deux dernières semaines']").click()

    expect(page.locator("#f-start")).to_have_value("today-2w")
    expect(page.locator("#f-end")).to_have_value("today")
    expect(page.locator("table.report-table")).to_be_visible()


def test_a_subscription_is_tested_then_saved(page, outbox):
    open_weekly_report(page)
    show_last_two_weeks(page)
    page.locator("[data-action='subscribe']").click()

    page.fill("#f-name", "Suivi hebdomadaire de l'équipe")
    page.select_option("#f-output", "xlsx")
    page.locator("[data-action='test-rendering']").click()
    expect(page.locator("body")).to_contain_text("test rendering")

    message = outbox.wait_for_recipient(MANAGER)
    attachment = next(message.iter_attachments())
    assert attachment.get_filename().endswith(".xlsx")
    page.locator("[data-action='save']").click()
    expect(page.locator("body")).to_contain_text("Suivi hebdomadaire de l'équipe")
