"""The icons of the action lists on contact and company sheets."""

from __future__ import annotations

import datetime as dt

from core.opportunities.testing import opportunity
from core.testing import sign_in


def row(page, action):
    return page.html.find(attrs={"data-action-row": str(action.id)})


def test_an_action_with_an_opportunity_shows_the_icon(make_app, factories, dbsession):
    owner, colleague = factories.user(), factories.user()
    company = factories.company("Azur Hôtels")
    contact = factories.contact(company)
    start = dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC)
    proposed = factories.action(author=owner, contacts=[contact], start=start)
    secret = factories.action(author=owner, contacts=[contact], start=start)
    plain = factories.action(author=owner, contacts=[contact], start=start)
    opportunity(dbsession, owner, company, action_id=proposed.id)
    opportunity(dbsession, owner, company, action_id=secret.id, private=True)

    app = make_app()
    sign_in(app, owner.email)
    for url in (f"/contacts/{contact.id}", f"/companies/{company.id}"):
        page = app.get(url)
        assert row(page, proposed).select_one("[data-opportunities]").text == "€ 1"
        assert row(page, secret).select_one("[data-opportunities]") is not None
        assert row(page, plain).select_one("[data-opportunities]") is None

    # A private opportunity is no one else's business, not even its icon.
    app = make_app()
    sign_in(app, colleague.email)
    page = app.get(f"/contacts/{contact.id}")
    assert row(page, proposed).select_one("[data-opportunities]") is not None
    assert row(page, secret).select_one("[data-opportunities]") is None
