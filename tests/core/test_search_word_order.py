"""Words typed in another order still find the name, on both engines."""

from __future__ import annotations

import pytest

from core.search.text import patterns
from tests.core.test_search_quick import companies, contacts, groups


@pytest.fixture
def people(factories):
    orsay = factories.company(name="Maison Orsay")
    factories.company(name="Orsay Conseil")
    factories.contact(company=orsay, first_name="Colette", last_name="Le Gall")
    factories.contact(first_name="Hugo", last_name="Bernard")
    factories.contact(first_name="Bernard", last_name="Hugonnet")
    return orsay


def test_surname_first_finds_the_contact(signed_in, people):
    assert contacts(signed_in, "LE GALL COLETTE") == ["Colette Le Gall"]
    assert contacts(signed_in, "colette le gall") == ["Colette Le Gall"]
    assert "Hugo Bernard" in contacts(signed_in, "bernard hugo")
    assert "Hugo Bernard" in contacts(signed_in, "hugo bernard")


def test_swapped_words_find_the_company(signed_in, people):
    assert companies(signed_in, "orsay maison") == ["Maison Orsay"]
    assert companies(signed_in, "maison orsay") == ["Maison Orsay"]
    # The advanced search and its count read the same patterns.
    page = signed_in.get("/search", {"q": "orsay maison"})
    assert "Maison Orsay" in page.text
    assert "Orsay Conseil" not in page.text


def test_one_word_and_starred_terms_keep_their_meaning(signed_in, people):
    assert [p.pieces for p in patterns("orsay")] == [("orsay",)]
    assert companies(signed_in, "orsay") == ["Maison Orsay", "Orsay Conseil"]
    # A star anchors where it was typed: no other order is tried.
    assert len(patterns("orsay* maison")) == 1
    assert companies(signed_in, "orsay mais*") == []
    assert companies(signed_in, "maison ors*") == ["Maison Orsay"]
    # Words that cross no name find nothing in any order.
    assert "companies" not in groups(signed_in, "conseil maison")


def test_rotations_stay_few():
    assert len(patterns("a1 b2 c3 d4")) == 4
    five = patterns("un deux trois quatre cinq")
    assert [p.pieces for p in five] == [("un deux trois quatre cinq",)]
    # A phone typed in groups is not turned around.
    assert all("68 01" not in p.pieces[0] for p in patterns("01 42 68"))
