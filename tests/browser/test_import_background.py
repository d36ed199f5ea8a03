"""A large import: its page follows the worker, then shows the result."""

from __future__ import annotations

import pytest

from core.transfer import background
from tests.browser.steps import open_signed_in, run_queued

pytestmark = pytest.mark.browser

ROWS = 6


@pytest.fixture(scope="module")
def server(live_server_factory, tmp_path_factory):
    """A site whose tasks wait in a real queue, and whose threshold is low."""
    folder = tmp_path_factory.mktemp("import-queue")
    return live_server_factory(
        "sqlite",
        **{
            background.INLINE_ROWS: "3",
            "relais.huey.immediate": "false",
            "relais.huey.url": f"sqlite:///{folder}/huey.sqlite",
        },
    )


@pytest.fixture
def page(browser, server):
    context, page = open_signed_in(browser, server, "lea.dubois@relais.example")
    context.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_large_import_is_followed_then_shown(page, server, tmp_path, screenshot):
    lines = ["Société;Prénom;Nom"]
    lines += [f"Régie Fondant {n};Inès;Fondant{n}" for n in range(ROWS)]
    path = tmp_path / "fondant.csv"
    path.write_text("\n".join(lines), encoding="utf-8")

    page.goto("/import")
    page.set_input_files("#import-upload input[type=file]", str(path))
    page.click("[data-action=upload]")
    page.click("[data-action=dry-run]")
    page.click("[data-action=import]")

    progress = page.locator("[data-import-job]")
    assert progress.get_attribute("data-import-result") == "queued"
    assert "has started" in page.locator(".flash").inner_text()
    screenshot(page, "queued")

    assert run_queued(server.registry, background.TASK) == 1
    # The page asks every two seconds and loads itself again once it is over.
    page.wait_for_selector("[data-import-result=done]")
    assert page.locator("[data-count=create]").inner_text() == str(ROWS)
    screenshot(page, "done")

    page.goto("/notifications")
    notification = page.locator("[data-event=import_done]").first
    assert "Your import is done" in notification.inner_text()
    assert "fondant.csv" in notification.inner_text()
