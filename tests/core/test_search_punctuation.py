"""Apostrophes, dots, dashes and "&" never tell two spellings apart.

Duplicate detection already takes ``L’Oréal`` and ``LOREAL`` for one company;
the quick search folds what it indexes and what is typed the same way, on
both engines.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import update

import core.migrations.versions as versions
from core.budgets.models import Budget
from core.search.models import SearchCompany
from tests.core.test_search_quick import companies, contacts, groups


@pytest.fixture
def spelled(factories):
    made = {
        "loreal": factories.company(name="L'Oréal"),
        "armor": factories.company(name="Fromagerie d'Armor"),
        "gobain": factories.company(name="Saint-Gobain"),
        "pg": factories.company(name="Procter & Gamble"),
        "sncf": factories.company(name="S.N.C.F. Réseau"),
    }
    factories.contact(company=made["armor"], first_name="Sean", last_name="O’Brien")
    return made


@pytest.mark.parametrize(
    "term",
    ["loreal", "l'oreal", "L’Oréal", "L’ORÉAL", "l oreal", "L'ORÉAL", "lor*", "*al"],
)
def test_every_spelling_of_an_apostrophe_finds_the_company(signed_in, spelled, term):
    assert companies(signed_in, term) == ["L'Oréal"]


@pytest.mark.parametrize("term", ["d’Armor", "d'armor", "darmor", "d armor"])
def test_an_elision_inside_a_name(signed_in, spelled, term):
    assert companies(signed_in, term) == ["Fromagerie d'Armor"]


@pytest.mark.parametrize("term", ["saint-gobain", "saint gobain", "SAINT–GOBAIN"])
def test_dashes_read_as_spaces(signed_in, spelled, term):
    assert companies(signed_in, term) == ["Saint-Gobain"]


@pytest.mark.parametrize("term", ["procter & gamble", "procter et gamble"])
def test_ampersand_reads_as_et(signed_in, spelled, term):
    assert companies(signed_in, term) == ["Procter & Gamble"]


def test_dots_of_an_acronym_do_not_matter(signed_in, spelled):
    assert companies(signed_in, "sncf") == ["S.N.C.F. Réseau"]
    assert companies(signed_in, "s.n.c.f") == ["S.N.C.F. Réseau"]


@pytest.mark.parametrize("term", ["O'Brien", "O’Brien", "obrien", "o brien", "*brien"])
def test_a_contact_name_with_an_apostrophe(signed_in, spelled, term):
    assert contacts(signed_in, term) == ["Sean O’Brien"]


def test_two_characters_still_work_and_a_lone_letter_is_too_short(signed_in, spelled):
    assert companies(signed_in, "l'o") == ["L'Oréal"]
    assert contacts(signed_in, "ob") == ["Sean O’Brien"]
    assert contacts(signed_in, "o'b") == ["Sean O’Brien"]
    assert companies(signed_in, "l'") == []


def test_renaming_keeps_the_folded_index_in_step(signed_in, dbsession, spelled):
    spelled["gobain"].name = "Saint–Gobain Habitat"
    dbsession.flush()
    assert companies(signed_in, "saint gobain hab") == ["Saint–Gobain Habitat"]


@pytest.mark.parametrize("term", ["l'oreal", "L’ORÉAL", "loreal", "beaute-l oreal"])
def test_budget_names_are_folded_alike(signed_in, dbsession, spelled, term):
    """Budget names are folded in SQL, not indexed: the same rule applies."""
    budget = Budget(name="Beauté L’Oréal Été", company=spelled["loreal"])
    dbsession.add(budget)
    dbsession.flush()
    found = groups(signed_in, term).get("budgets", {}).get("titles", [])
    assert found == ["Beauté L’Oréal Été"]


def test_ligatures_are_spelled_out(signed_in, dbsession, factories):
    factories.company(name="Œuvres Sociales")
    assert companies(signed_in, "oeuvres") == ["Œuvres Sociales"]
    assert companies(signed_in, "œuvres") == ["Œuvres Sociales"]


def test_the_migration_refolds_an_existing_index(signed_in, dbsession, factories):
    """A base indexed before this folding finds ``L’Oréal`` once migrated."""
    company = factories.company(name="L’Oréal Luxe")
    dbsession.execute(
        update(SearchCompany)
        .where(SearchCompany.company_id == company.id)
        .values(text="\x02l’oreal luxe\x03")
    )
    dbsession.flush()
    assert companies(signed_in, "loreal") == []

    path = Path(versions.__path__[0]) / "core_0020_fold.py"
    spec = importlib.util.spec_from_file_location("core_0020_fold", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with Operations.context(MigrationContext.configure(dbsession.connection())):
        migration.upgrade()
    dbsession.flush()
    assert companies(signed_in, "loreal") == ["L’Oréal Luxe"]


@pytest.fixture
def run_together(factories):
    made = {
        "figaro": factories.company(name="Le Figaro"),
        "m6": factories.company(name="M6 Publicité", trade_name="M6 Régie Pub"),
        "gobain": factories.company(name="Saint-Gobain"),
        "ouest": factories.company(name="Ouest-France"),
    }
    factories.contact(
        company=made["figaro"], first_name="Jean-Marc", last_name="De La Tour"
    )
    return made


@pytest.mark.parametrize(
    ("term", "name"),
    [
        ("saintgobain", "Saint-Gobain"),
        ("SAINTGOBAIN", "Saint-Gobain"),
        ("lefigaro", "Le Figaro"),
        ("m6publicite", "M6 Publicité"),
        ("m6regie", "M6 Publicité"),
        ("ouestfrance", "Ouest-France"),
        ("saintgob*", "Saint-Gobain"),
        ("*tgobain", "Saint-Gobain"),
    ],
)
def test_a_name_typed_without_separators(signed_in, run_together, term, name):
    assert companies(signed_in, term) == [name]


@pytest.mark.parametrize("term", ["delatour", "jeanmarc", "DeLaTour", "jeanm*"])
def test_a_contact_typed_without_separators(signed_in, run_together, term):
    assert contacts(signed_in, term) == ["Jean-Marc De La Tour"]


def test_a_first_name_and_a_last_name_are_not_run_together(
    signed_in, run_together, factories
):
    """``leroy`` finds Leroy, not Gabrielle Roy (``gabrielleroy``)."""
    factories.contact(first_name="Gabrielle", last_name="Roy")
    factories.contact(first_name="Paul", last_name="Leroy")
    assert contacts(signed_in, "leroy") == ["Paul Leroy"]
    assert contacts(signed_in, "marcdelatour") == []


def test_the_words_run_together_stay_inside_one_name(signed_in, run_together):
    """Two names of one company are never joined into one run."""
    assert companies(signed_in, "publicitem6") == []
    assert companies(signed_in, "figaroouest") == []


def test_a_budget_name_typed_without_separators(signed_in, dbsession, run_together):
    dbsession.add(Budget(name="Le Figaro Été 2027", company=run_together["figaro"]))
    dbsession.flush()
    found = groups(signed_in, "figaroete").get("budgets", {}).get("titles", [])
    assert found == ["Le Figaro Été 2027"]


def test_the_migration_indexes_names_run_together(signed_in, dbsession, factories):
    company = factories.company(name="Le Monde Publicité")
    dbsession.execute(
        update(SearchCompany)
        .where(SearchCompany.company_id == company.id)
        .values(text="\x02le monde publicite\x03")
    )
    dbsession.flush()
    assert companies(signed_in, "lemonde") == []

    path = Path(versions.__path__[0]) / "core_0024_search_text.py"
    spec = importlib.util.spec_from_file_location("core_0024_search_text", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with Operations.context(MigrationContext.configure(dbsession.connection())):
        migration.upgrade()
    dbsession.flush()
    assert companies(signed_in, "lemonde") == ["Le Monde Publicité"]
