"""Ligatures are spelled out wherever text is matched, alike on both engines.

``Cœur`` is found by ``coeur`` and ``Æternam`` by ``aeternam``: the quick
search, the advanced criteria, a list's filter and the duplicate warning all
compare text folded by one rule, whether SQL or Python folds it.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from sqlalchemy import func, literal, select

from core.access import access_for
from core.directory.normalise import fold, name_key
from core.directory.testing import company_form
from core.search.criteria import Criteria
from core.search.services import result_page
from core.search.text import fold_text
from tests.core.test_api_lists import new_list, record_names
from tests.core.test_search_quick import companies, contacts

pytest_plugins = ["tests.core.test_api_support"]

SPELLINGS = [
    "Cœur de Lion",
    "ŒUVRE",
    "Æternam",
    "Søren Łukasz",
    "Þór Ðuro Đorđe",
    "L’Œil du Cœur — Saint-Gobain",
]


@pytest.mark.parametrize("text", SPELLINGS)
def test_the_sql_folding_is_the_python_folding(dbsession, text):
    folded = dbsession.scalar(select(func.relais_search_fold(literal(text))))
    assert folded == fold_text(text)
    letters = "".join(c for c in text if c.isalpha() or c == " ")
    assert dbsession.scalar(select(func.relais_fold(literal(letters)))) == fold(letters)


def test_ligatures_read_as_their_letters():
    assert fold("Cœur") == "coeur"
    assert fold("Æternam") == "aeternam"
    assert name_key("Cœur de Lion") == name_key("Coeur de Lion")


@pytest.fixture
def spelled(factories):
    made = {
        "coeur": factories.company(name="Cœur de Lion"),
        "oeuvre": factories.company(name="Œuvre Sociale"),
        "aeternam": factories.company(name="Æternam Films"),
    }
    factories.contact(
        company=made["oeuvre"],
        first_name="Hélène",
        last_name="Lœwy",
        title="Chargée de l’œuvre",
    )
    return made


@pytest.mark.parametrize(
    ("term", "name"),
    [
        ("coeur", "Cœur de Lion"),
        ("cœur", "Cœur de Lion"),
        ("COEUR DE", "Cœur de Lion"),
        ("oeuvre", "Œuvre Sociale"),
        ("ŒUVRE", "Œuvre Sociale"),
        ("aeternam", "Æternam Films"),
        ("æternam", "Æternam Films"),
    ],
)
def test_the_quick_search(signed_in, spelled, term, name):
    assert companies(signed_in, term) == [name]


def test_a_contact_name_with_a_ligature(signed_in, spelled):
    assert contacts(signed_in, "loewy") == ["Hélène Lœwy"]


def _names(dbsession, registry, user, **values) -> set[str]:
    criteria = Criteria.model_validate(values)
    page = result_page(dbsession, criteria, access_for(dbsession, registry, user))
    if criteria.entity == "company":
        return {c.name for c in page.records}
    return {c.last_name for c in page.records}


@pytest.mark.parametrize("term", ["coeur", "Cœur", "aeternam", "Æter"])
def test_the_advanced_search_text(dbsession, registry, factories, spelled, term):
    user = factories.user(profile="admin")
    found = _names(dbsession, registry, user, entity="company", q=term)
    assert found == {"Cœur de Lion"} or found == {"Æternam Films"}


@pytest.mark.parametrize("title", ["oeuvre", "l'œuvre", "L’ŒUVRE", "chargee de l"])
def test_the_advanced_search_contact_title(
    dbsession, registry, factories, spelled, title
):
    user = factories.user(profile="admin")
    found = _names(dbsession, registry, user, entity="contact", title=title)
    assert found == {"Lœwy"}


@pytest.mark.parametrize("term", ["coeur", "CŒUR", "cœur de"])
def test_a_lists_filter(api, factories, term):
    made = [factories.company(name=n) for n in ("Cœur de Lion", "Autre Régie")]
    record_list = new_list(api, ids=[c.id for c in made])
    assert record_names(api, record_list["id"], f"?q={quote(term)}") == ["Cœur de Lion"]


@pytest.mark.parametrize("spelling", ["Coeur de Lion", "CŒUR DE LION SAS"])
def test_the_duplicate_warning(signed_in, dbsession, spelled, spelling):
    page = company_form(signed_in, dbsession, name=spelling).submit("save")
    warning = page.html.find(attrs={"data-duplicates": ""})
    assert warning is not None and "Cœur de Lion" in warning.text
