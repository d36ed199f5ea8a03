"""A large import: its page follows the worker, then shows the result."""

from __future__ import annotations

import pytest

from core.transfer import background

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
    context = browser.new_context(base_url=server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/login")
    page.fill("#f-email", "lea.dubois@relais.example")
    page.fill("#f-password", server.registry.relais_settings["relais.demo.password"])
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    yield page
    context.close()


def run_queued_imports(registry) -> int:
    """Play the worker: run the imports waiting in the queue."""
    huey = registry.relais_huey
    ran = 0
    while (task := huey.dequeue()) is not None:
        if task.name == background.TASK:
            huey.execute(task)
            ran += 1
    return ran


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

    assert run_queued_imports(server.registry) == 1
    # The page asks every two seconds and loads itself again once it is over.
    page.wait_for_selector("[data-import-result=done]")
    assert page.locator("[data-count=create]").inner_text() == str(ROWS)
    screenshot(page, "done")

    page.goto("/notifications")
    notification = page.locator("[data-event=import_done]").first
    assert "Your import is done" in notification.inner_text()
    assert "fondant.csv" in notification.inner_text()
