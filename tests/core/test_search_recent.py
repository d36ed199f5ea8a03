"""The empty box's "recently opened" leaves out what the box would not find."""

from __future__ import annotations

import datetime as dt


def recent(app) -> dict[str, list[str]]:
    page = app.get("/search/quick", {"q": ""})
    return {
        section["data-source"]: [
            a.contents[0].strip() for a in section.select("a.qs-hit")
        ]
        for section in page.html.select("section.qs-group")
    }


def test_departed_contacts_and_those_of_inactive_companies_are_left_out(
    signed_in, factories, dbsession
):
    open_company = factories.company(name="Maison Ouverte")
    closed = factories.company(name="Maison Fermée")
    here = factories.contact(open_company, first_name="Anne", last_name="Présente")
    alone = factories.contact(None, first_name="Jean", last_name="Seul")
    gone = factories.contact(
        open_company,
        first_name="Paul",
        last_name="Parti",
        departed_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
    )
    inside = factories.contact(closed, first_name="Lise", last_name="Dedans")
    for record in (here, alone, gone, inside):
        signed_in.get(f"/contacts/{record.id}")
    signed_in.get(f"/companies/{closed.id}")
    assert recent(signed_in) == {
        "companies": ["Maison Fermée"],
        "contacts": ["Lise Dedans", "Jean Seul", "Anne Présente"],
    }
    closed.active = False
    dbsession.flush()
    assert recent(signed_in) == {"contacts": ["Jean Seul", "Anne Présente"]}
