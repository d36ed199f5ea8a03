"""Dragging an opportunity to another status column, in a real browser."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from core.auth.models import User
from core.db import run_in_transaction
from core.opportunities import amounts
from core.opportunities.models import Opportunity
from core.reference.models import OpportunityStatus

pytestmark = pytest.mark.browser

SELLER = "sarah.laurent@relais.example"


@pytest.fixture
def page(browser, live_server, demo_password):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto("/login")
    page.fill("#f-email", SELLER)
    page.fill("#f-password", demo_password)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    yield page
    context.close()


def pick_card(registry):
    """One of the seller's open opportunities, and a status it is not in."""

    def read(session):
        seller = session.scalar(select(User).where(User.email == SELLER))
        target = session.scalar(
            select(OpportunityStatus).where(OpportunityStatus.code == "confirmee")
        )
        record = session.scalar(
            select(Opportunity)
            .where(
                Opportunity.owner_id == seller.id,
                Opportunity.outcome.is_(None),
                Opportunity.status_id != target.id,
            )
            .order_by(Opportunity.id)
        )
        return record.id, target.id, amounts.total_of(record)

    return run_in_transaction(registry, read)


def status_of(registry, ident: int) -> int:
    return run_in_transaction(registry, lambda s: s.get(Opportunity, ident).status_id)


def cents(text: str) -> Decimal:
    """Read an amount as shown, whatever the language: always two decimals."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return Decimal(digits) / 100


def test_drag_a_card_to_confirmed(page, live_server, screenshot):
    ident, target, total = pick_card(live_server.registry)
    page.goto("/opportunities/statuses")
    column = page.locator(f'.board-column[data-status="{target}"]')
    before = int(column.locator('[data-total="count"]').inner_text())
    weighted_before = cents(column.locator('[data-total="weighted"]').inner_text())

    card = page.locator(f'[data-card="{ident}"]')
    card.scroll_into_view_if_needed()
    # Dropped on the column's first card, the card lands just above it.
    others = column.locator(".pipe-card")
    drop = others.first if others.count() else column.locator(".cards")
    with page.expect_response(lambda r: r.url.endswith(f"/{ident}/status")) as done:
        card.drag_to(drop)
    assert done.value.ok

    page.wait_for_function(
        "([el, n]) => el.textContent.trim() === String(n)",
        arg=[column.locator('[data-total="count"]').element_handle(), before + 1],
    )
    assert status_of(live_server.registry, ident) == target
    moved = column.locator(f'[data-card="{ident}"]')
    assert moved.get_attribute("data-weighted") == str(total)
    weighted_after = cents(column.locator('[data-total="weighted"]').inner_text())
    assert weighted_after == weighted_before + total
    screenshot(page, "dropped")

    page.reload()
    column = page.locator(f'.board-column[data-status="{target}"]')
    assert column.locator(f'[data-card="{ident}"]').count() == 1
    assert int(column.locator('[data-total="count"]').inner_text()) == before + 1
