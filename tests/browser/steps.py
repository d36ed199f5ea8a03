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
