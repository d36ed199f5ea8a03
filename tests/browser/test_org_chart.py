"""The company's contacts as an org chart by function family, in a browser."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from core.db import run_in_transaction
from core.directory.models import Company, Contact
from tests.browser.steps import sign_in

pytestmark = pytest.mark.browser


def busiest_company(registry) -> tuple[int, int, str]:
    """The demo company with the most current contacts; one of them departs."""

    def work(session):
        ident = session.scalar(
            select(Contact.company_id)
            .where(Contact.company_id.is_not(None), Contact.departed_at.is_(None))
            .group_by(Contact.company_id)
            .order_by(func.count(Contact.id).desc(), Contact.company_id)
            .limit(1)
        )
        leaving = session.scalars(
            select(Contact).where(Contact.company_id == ident).order_by(Contact.id)
        ).first()
        leaving.departed_at = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)
        return ident, leaving.id, leaving.last_name

    return run_in_transaction(registry, work)


def test_org_chart_groups_by_family_and_departed_are_a_toggle(
    page, live_server, demo_password, screenshot
):
    company_id, leaving_id, departed = busiest_company(live_server.registry)
    try:
        check_chart(page, live_server, demo_password, screenshot, company_id, departed)
    finally:
        run_in_transaction(live_server.registry, lambda s: _back(s, leaving_id))


def _back(session, contact_id):
    session.get(Contact, contact_id).departed_at = None


def check_chart(page, live_server, demo_password, screenshot, company_id, departed):
    sign_in(page, live_server, "lea.dubois@relais.example", demo_password)
    page.wait_for_url(live_server.url + "/")
    page.goto(f"{live_server.url}/companies/{company_id}#tab-contacts")

    table = page.locator("table[data-contacts]")
    assert departed not in table.inner_text()
    page.click("[data-toggle=chart]")
    chart = page.locator("[data-org-chart]")
    chart.wait_for()
    families = chart.locator(".org-family h3").all_inner_texts()
    assert families and len(families) == len(set(families))
    labels = run_in_transaction(
        live_server.registry,
        lambda s: {
            c.function.family.label
            for c in s.scalars(
                select(Contact).where(
                    Contact.company_id == company_id, Contact.departed_at.is_(None)
                )
            )
            if c.function and c.function.family
        },
    )
    assert set(families) == labels
    assert departed not in chart.inner_text()
    screenshot(page, "org-chart")

    page.click("[data-toggle=departed]")
    page.locator("[data-org-chart]").wait_for()
    assert departed in page.locator("[data-org-chart]").inner_text()
    page.click("[data-toggle=chart]")
    assert departed in page.locator("table[data-contacts]").inner_text()
    assert run_in_transaction(
        live_server.registry,
        lambda s: s.get(Company, company_id).active,
    )
