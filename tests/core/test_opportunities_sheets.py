"""The opportunities tab of company and contact sheets."""

from __future__ import annotations

import datetime as dt

from core.opportunities.testing import opportunity, status
from tests.core.test_comments import as_user


def tab_of(app, url) -> dict[str, dict]:
    tab = app.get(url).html.find(attrs={"data-tab": "opportunities"})
    found = {}
    for row in tab.select("tr[data-row]"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        found[row.select_one('[data-field="title"]').text] = {
            "state": row["data-state"],
            "cells": cells,
        }
    return found


def test_a_company_lists_its_opportunities_and_its_contacts_ones(
    make_app, factories, dbsession
):
    lea, hugo = factories.user(first_name="Léa"), factories.user(first_name="Hugo")
    dior, agency = factories.company("Dior"), factories.company("Havas")
    buyer = factories.contact(dior, last_name="Martin")
    opportunity(
        dbsession,
        lea,
        dior,
        title="Printemps",
        amount="10000",
        status=status(dbsession, "tiede"),
        decision_on=dt.date(2026, 5, 4),
    )
    # Proposed to Dior's contact but booked on the agency, for the advertiser.
    opportunity(dbsession, hugo, agency, contact=buyer, client=dior, title="Via Havas")
    won = opportunity(dbsession, lea, dior, title="Signée", amount="500")
    won.outcome, won.closed_at = "won", dt.datetime.now(dt.UTC)
    opportunity(dbsession, lea, agency, title="Autre client")
    dbsession.commit()
    app = as_user(make_app, lea)

    rows = tab_of(app, f"/companies/{dior.id}")
    assert set(rows) == {"Printemps", "Via Havas", "Signée"}
    assert rows["Signée"]["state"] == "won"
    assert rows["Printemps"]["state"] == "open"
    title, client, state, decision, total, weighted, owner = rows["Printemps"]["cells"]
    assert (decision, owner) == ("04/05/2026", lea.display_name)
    assert (total, weighted) == ("€10,000.00", "€5,000.00")
    assert rows["Via Havas"]["cells"][1] == "Dior"
    # The closed one is listed but its 500 € is out of the tab's pipe total.
    tab = app.get(f"/companies/{dior.id}").html.find(
        attrs={"data-tab": "opportunities"}
    )
    assert tab.select_one('[data-total="total"]').text == "€10,000.00"

    mine = tab_of(app, f"/companies/{dior.id}?opportunities_mine=1")
    assert set(mine) == {"Printemps", "Signée"}
    assert set(tab_of(app, f"/contacts/{buyer.id}")) == {"Via Havas"}


def test_a_private_opportunity_of_someone_else_never_shows(
    make_app, factories, dbsession
):
    team = factories.team()
    lea, hugo = factories.user(team=team), factories.user(team=team)
    dior = factories.company("Dior")
    buyer = factories.contact(dior)
    opportunity(dbsession, lea, dior, contact=buyer, title="Secret", private=True)
    opportunity(dbsession, lea, dior, contact=buyer, title="Ouverte")
    dbsession.commit()

    assert set(tab_of(as_user(make_app, lea), f"/companies/{dior.id}")) == {
        "Secret",
        "Ouverte",
    }
    other = as_user(make_app, hugo)
    assert set(tab_of(other, f"/companies/{dior.id}")) == {"Ouverte"}
    assert set(tab_of(other, f"/contacts/{buyer.id}")) == {"Ouverte"}
