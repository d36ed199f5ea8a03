"""The site's icon: at the address browsers ask for, and named by every page."""

import struct


def icon_sizes(data: bytes) -> set[tuple[int, int]]:
    """The images an ICO file holds, read from its directory (0 means 256)."""
    _reserved, kind, count = struct.unpack_from("<HHH", data)
    assert kind == 1
    entries = (struct.unpack_from("<BB", data, 6 + 16 * n) for n in range(count))
    return {(w or 256, h or 256) for w, h in entries}


def test_favicon_answers_without_signing_in(app):
    response = app.get("/favicon.ico")
    assert response.status_int == 200
    assert response.content_type == "image/x-icon"
    assert response.cache_control.max_age > 0
    assert {(16, 16), (32, 32)} <= icon_sizes(response.body)
    # The same icon as the one the pages name among the static files.
    assert app.get("/static/favicon.ico").body == response.body


def test_pages_name_their_icons(make_app, signed_in):
    for page in (make_app().get("/login"), signed_in.get("/")):
        icons = page.html.find_all("link", rel="icon")
        hrefs = [link["href"] for link in icons]
        assert any(href.endswith("/static/favicon.ico") for href in hrefs)
        svg = next(link for link in icons if link.get("type") == "image/svg+xml")
        assert signed_in.get(svg["href"]).content_type == "image/svg+xml"
