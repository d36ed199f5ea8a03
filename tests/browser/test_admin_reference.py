"""What an administrator does with the mouse: drag rows, click rights."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.auth import services
from core.db import run_in_transaction
from core.reference.models import Product

from .conftest import ARTIFACTS

PASSWORD = "correct horse battery"


@pytest.fixture
def admin_server(backend, live_server_factory):
    server = live_server_factory(backend, demo=False)

    def add_admin(session):
        services.create_user(
            session,
            server.registry,
            "admin@relais.example",
            last_name="Admin",
            profile_code="admin",
            password=PASSWORD,
        )

    run_in_transaction(server.registry, add_admin)
    return server


@pytest.fixture
def page(admin_server, page):
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(admin_server.url + "/login")
    page.fill("#f-email", "admin@relais.example")
    page.fill("#f-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(admin_server.url + "/")
    return page


def product_ids(registry) -> dict[str, int]:
    def read(session):
        return {p.code: p.id for p in session.scalars(select(Product))}

    return run_in_transaction(registry, read)


def shown_labels(page) -> list[str]:
    return page.locator("ol.top > li .ref-label a").all_inner_texts()


def test_drag_a_row_to_reorder_the_list(page, admin_server, backend):
    ids = product_ids(admin_server.registry)
    page.goto(admin_server.url + "/admin/reference/product")
    assert shown_labels(page) == ["PRINT", "WEB", "DIGITAL", "EVENT", "FDV"]

    page.locator(f"#r{ids['fdv']} .drag-top").drag_to(
        page.locator(f"#r{ids['print']} .drag-top")
    )
    page.wait_for_selector("ol.top[data-saved=yes]")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"admin-reference-drag-{backend}.png"))

    page.reload()
    assert shown_labels(page)[0] == "FDV"
    assert sorted(shown_labels(page)) == sorted(
        ["PRINT", "WEB", "DIGITAL", "EVENT", "FDV"]
    )


def test_click_a_right_in_the_matrix(page, admin_server, backend):
    page.goto(admin_server.url + "/admin/profiles")
    cell = 'td.grant[data-profile="salesperson"][data-permission="admin.plugins"]'
    assert "held" not in (page.get_attribute(cell, "class") or "")
    page.click(f"{cell} button")
    page.wait_for_selector(f"{cell}.held")
    page.screenshot(path=str(ARTIFACTS / f"admin-rights-{backend}.png"), full_page=True)

    page.reload()
    assert "held" in page.get_attribute(cell, "class")
