"""What a person does in the browser, shared by the browser tests."""

from __future__ import annotations

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}


def sign_in(page, live_server, email: str, password: str) -> None:
    """Fill in and send the sign-in form."""
    page.goto(f"{live_server.url}/login")
    page.fill("#f-email", email)
    page.fill("#f-password", password)
    page.click("form button[type=submit]")


def page_width(page) -> int:
    """How wide the page really is: more than the screen means sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth")


def open_signed_in(browser, server, email: str, **context_options):
    """A new browser context on ``server`` with ``email`` (a demo user) signed in.

    ``context_options`` go to the context, e.g. ``**PHONE`` for a phone screen.
    Returns ``(context, page)``; close the context when done.
    """
    context = browser.new_context(
        base_url=server.url, **{"locale": "en-GB", **context_options}
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto("/login")
    page.fill("#f-email", email)
    page.fill("#f-password", server.registry.relais_settings["relais.demo.password"])
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    return context, page


def run_queued(registry, task_name: str) -> int:
    """Play the worker: run the tasks named ``task_name`` waiting in the queue."""
    huey = registry.relais_huey
    ran = 0
    while (task := huey.dequeue()) is not None:
        if task.name == task_name:
            huey.execute(task)
            ran += 1
    return ran
