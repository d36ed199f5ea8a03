"""The quick-search box: what a term finds, on both engines."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.directory.models import CompanyPortfolio, Contact, ContactPortfolio


def groups(app, text: str, **params) -> dict[str, dict]:
    """The box's answer: per source, the titles shown and the count."""
    page = app.get("/search/quick", params={"q": text, **params})
    found = {}
    for section in page.html.select("section.qs-group"):
        count = section.select_one(".count")
        found[section["data-source"]] = {
            "titles": [a.contents[0].strip() for a in section.select("a.qs-hit")],
            "count": count.get_text(strip=True),
            "more": count.get("href"),
        }
    return found


def companies(app, text: str, **params) -> list[str]:
    return groups(app, text, **params).get("companies", {}).get("titles", [])


def contacts(app, text: str, **params) -> list[str]:
    return groups(app, text, **params).get("contacts", {}).get("titles", [])


@pytest.fixture
def directory(factories):
    made = {
        "lumiere": factories.company(
            name="Lumière Éditions", trade_name="Lumi Presse", phone="+33142685300"
        ),
        "regie": factories.company(name="Régie Ouest", siret="73282932000074"),
        "renard": factories.company(name="Renard & Fils"),
    }
    factories.contact(
        company=made["lumiere"],
        first_name="Élodie",
        last_name="Lefèvre",
        email="elodie.lefevre@lumiere.example",
        mobile="+33612345678",
    )
    return made


def test_contains_is_the_default_and_ignores_case_and_accents(signed_in, directory):
    assert companies(signed_in, "LUMIERE") == ["Lumière Éditions"]
    assert companies(signed_in, "éditions") == ["Lumière Éditions"]
    assert companies(signed_in, "presse") == ["Lumière Éditions"]
    assert companies(signed_in, "gie oue") == ["Régie Ouest"]
    assert contacts(signed_in, "elodie lef") == ["Élodie Lefèvre"]
    assert contacts(signed_in, "LEFEVRE") == ["Élodie Lefèvre"]


def test_stars_anchor_the_start_or_the_end(signed_in, directory):
    assert companies(signed_in, "re*") == ["Régie Ouest", "Renard & Fils"]
    assert companies(signed_in, "*ouest") == ["Régie Ouest"]
    assert companies(signed_in, "*ouest*") == ["Régie Ouest"]
    assert companies(signed_in, "ouest*") == []
    assert companies(signed_in, "*gie") == []
    # An inner star stays inside one name.
    assert companies(signed_in, "lum*tions") == ["Lumière Éditions"]
    assert companies(signed_in, "editions*presse") == []
    assert contacts(signed_in, "*fevre") == ["Élodie Lefèvre"]
    assert contacts(signed_in, "lef*") == ["Élodie Lefèvre"]


def test_two_characters_are_enough(signed_in, directory):
    assert companies(signed_in, "RE*") == ["Régie Ouest", "Renard & Fils"]
    assert companies(signed_in, "*ls") == ["Renard & Fils"]
    assert "Renard & Fils" in companies(signed_in, "na")
    assert groups(signed_in, "r") == {}


def test_phones_match_whatever_the_spacing(signed_in, directory):
    for typed in ("01 42 68 53 00", "0142685300", "+33 1 42 68", "01.42.68", "4268"):
        assert companies(signed_in, typed) == ["Lumière Éditions"], typed
    assert contacts(signed_in, "06 12 34") == ["Élodie Lefèvre"]
    assert contacts(signed_in, "+33612345678") == ["Élodie Lefèvre"]


def test_siret_trade_name_and_email_are_searched(signed_in, directory):
    assert companies(signed_in, "732 829 320 00074") == ["Régie Ouest"]
    assert companies(signed_in, "73282932000074") == ["Régie Ouest"]
    assert companies(signed_in, "lumi presse") == ["Lumière Éditions"]
    assert contacts(signed_in, "@lumiere.example") == ["Élodie Lefèvre"]


def test_departed_and_inactive_are_left_out_unless_asked(
    signed_in, factories, directory
):
    closed = factories.company(name="Renard Fermé", active=False)
    factories.contact(company=closed, first_name="Paul", last_name="Renardeau")
    factories.contact(
        company=directory["renard"],
        first_name="Luc",
        last_name="Renardin",
        departed_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
    )
    factories.contact(
        company=directory["renard"], first_name="Anne", last_name="Renardière"
    )
    assert companies(signed_in, "renard") == ["Renard & Fils"]
    assert contacts(signed_in, "renard") == ["Anne Renardière"]
    assert companies(signed_in, "renard", all="1") == ["Renard & Fils", "Renard Fermé"]
    assert contacts(signed_in, "renard", all="1") == [
        "Paul Renardeau",
        "Anne Renardière",
        "Luc Renardin",
    ]


def test_portfolio_keeps_my_companies_and_their_contacts(
    signed_in, factories, dbsession, directory
):
    dbsession.add(
        CompanyPortfolio(user_id=signed_in.user.id, company_id=directory["regie"].id)
    )
    factories.contact(company=directory["regie"], first_name="Zoé", last_name="Ré")
    dbsession.flush()
    assert companies(signed_in, "re*") == ["Régie Ouest", "Renard & Fils"]
    assert companies(signed_in, "re*", portfolio="1") == ["Régie Ouest"]
    assert contacts(signed_in, "zoe", portfolio="1") == ["Zoé Ré"]
    assert contacts(signed_in, "elodie", portfolio="1") == []


def test_portfolio_keeps_the_contacts_assigned_to_me(
    signed_in, factories, dbsession, directory
):
    elodie = dbsession.scalar(select(Contact).where(Contact.first_name == "Élodie"))
    assert contacts(signed_in, "elodie", portfolio="1") == []
    dbsession.add(ContactPortfolio(user_id=signed_in.user.id, contact_id=elodie.id))
    dbsession.flush()
    assert contacts(signed_in, "elodie", portfolio="1") == ["Élodie Lefèvre"]
    # Her company stays out of my portfolio: the contact alone is mine.
    assert companies(signed_in, "lumi", portfolio="1") == []


def test_ten_per_group_then_a_count_that_opens_everything(signed_in, factories):
    for number in range(12):
        factories.company(name=f"Média Nord {number:02d}")
    found = groups(signed_in, "media nord")["companies"]
    assert found["titles"] == [f"Média Nord {n:02d}" for n in range(10)]
    assert found["count"] == "12"
    page = signed_in.get(found["more"])
    rows = page.html.select("[data-result]")
    assert len(rows) == 12


def test_renamed_and_deleted_records_follow_in_the_index(
    signed_in, factories, dbsession, directory
):
    company = directory["renard"]
    company.name = "Goupil Associés"
    dbsession.flush()
    assert companies(signed_in, "goupil") == ["Goupil Associés"]
    assert companies(signed_in, "renard") == []
    dbsession.delete(company)
    dbsession.flush()
    assert companies(signed_in, "goupil") == []
