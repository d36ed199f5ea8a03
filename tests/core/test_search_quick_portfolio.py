""" "Portefeuille" in the box narrows every column, and the count link keeps it."""

from __future__ import annotations

import datetime as dt

from core.actions.services import create_action
from core.directory.models import CompanyPortfolio
from core.opportunities.testing import opportunity
from tests.core.test_search_quick import groups


def titles(app, text: str, source: str, **params) -> list[str]:
    return groups(app, text, **params).get(source, {}).get("titles", [])


def test_portfolio_narrows_opportunities_and_the_table_it_leads_to(
    signed_in, factories, dbsession
):
    me = signed_in.user
    mine = factories.company("Maison Orsay")
    other = factories.company("Maison Rivoli")
    dbsession.add(CompanyPortfolio(user_id=me.id, company_id=mine.id))
    for number in range(10):
        opportunity(dbsession, me, mine, title=f"Campagne Orsay {number}")
    opportunity(dbsession, me, other, title="Campagne Rivoli")
    # Proposed to an agency for a client of my portfolio: mine too.
    agency = factories.company("Agence Tierce")
    opportunity(dbsession, me, agency, client=mine, title="Campagne Tierce")
    dbsession.flush()
    everyone = groups(signed_in, "campagne")["opportunities"]
    assert everyone["count"] == "12"
    assert "portfolio" not in everyone["more"]
    table = signed_in.get(everyone["more"]).html
    assert len(table.select("[data-row]")) == 12
    found = groups(signed_in, "campagne", portfolio="1")["opportunities"]
    assert "Campagne Rivoli" not in found["titles"]
    assert found["count"] == "11"
    table = signed_in.get(found["more"]).html
    shown = {row.a.get_text(strip=True) for row in table.select("[data-row]")}
    assert len(shown) == 11
    assert "Campagne Tierce" in shown and "Campagne Rivoli" not in shown
    assert table.select_one("#f-portfolio").has_attr("checked")
    # The table's own filter, ticked by hand.
    ticked = signed_in.get(
        "/opportunities", {"filtered": "1", "closed": "all", "portfolio": "mine"}
    ).html
    assert len(ticked.select("[data-row]")) == 11


def test_portfolio_narrows_emails_to_my_contacts(
    signed_in, factories, dbsession, registry
):
    me = signed_in.user
    mine = factories.company("Maison Orsay")
    dbsession.add(CompanyPortfolio(user_id=me.id, company_id=mine.id))
    colette = factories.contact(company=mine, first_name="Colette", last_name="Roy")
    hugo = factories.contact(first_name="Hugo", last_name="Bernard")
    for contact, subject in ((colette, "Tarifs Orsay"), (hugo, "Tarifs Bernard")):
        create_action(
            dbsession,
            registry,
            author=me,
            type_code="email",
            subject=subject,
            start=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC),
            contacts=[contact],
            follow_up=None,
            report_html="<p>Nos tarifs</p>",
        )
    dbsession.flush()
    assert sorted(titles(signed_in, "tarifs", "emails")) == [
        "Tarifs Bernard",
        "Tarifs Orsay",
    ]
    assert titles(signed_in, "tarifs", "emails", portfolio="1") == ["Tarifs Orsay"]
