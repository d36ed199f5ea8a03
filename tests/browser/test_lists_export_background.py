"""A large Excel export: the list page says it is being prepared, then offers it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from core.db import run_in_transaction
from core.lists import exports
from core.lists.models import RecordList
from tests.browser.steps import open_signed_in, run_queued

pytestmark = pytest.mark.browser

LIST_NAME = "Directeurs marketing"


@pytest.fixture(scope="module")
def server(live_server_factory, tmp_path_factory):
    """A site whose tasks wait in a real queue, and whose threshold is low."""
    folder = tmp_path_factory.mktemp("export-queue")
    return live_server_factory(
        "sqlite",
        **{
            exports.INLINE_ROWS: "2",
            "relais.huey.immediate": "false",
            "relais.huey.url": f"sqlite:///{folder}/huey.sqlite",
        },
    )


@pytest.fixture
def page(browser, server):
    context, page = open_signed_in(
        browser, server, "lea.dubois@relais.example", accept_downloads=True
    )
    context.set_default_timeout(10_000)
    yield page
    context.close()


def list_id(registry) -> int:
    query = select(RecordList.id).where(RecordList.name == LIST_NAME)
    return run_in_transaction(registry, lambda s: s.scalar(query))


def test_a_large_export_is_prepared_then_downloaded(page, server, screenshot):
    page.goto(f"/lists/{list_id(server.registry)}")
    count = int(page.locator("[data-counter=shown]").inner_text())
    assert count > 2
    page.check("#list-export input[name=format][value=xlsx]")
    page.click("[data-action=export]")

    page.wait_for_selector(".flash")
    assert "being prepared" in page.locator(".flash").inner_text()
    job = page.locator("[data-export-job]").first
    assert job.get_attribute("data-status") == "pending"
    assert "Being prepared" in job.inner_text()
    job.scroll_into_view_if_needed()
    screenshot(page, "prepared")

    assert run_queued(server.registry, exports.TASK) == 1
    # The page asks every two seconds, and shows the link once it is ready.
    page.wait_for_selector("[data-export-job][data-status=done]")
    screenshot(page, "ready")
    with page.expect_download() as download:
        page.click("[data-action=download-export]")
    body = Path(download.value.path()).read_bytes()
    sheet = load_workbook(io.BytesIO(body)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("Civility", "First name", "Last name")
    assert len(values) == count + 1

    page.goto("/notifications")
    notification = page.locator("[data-event=export_ready]").first
    assert "Your export is ready" in notification.inner_text()
    assert LIST_NAME in notification.inner_text()
    screenshot(page, "notified")
