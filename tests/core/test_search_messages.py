"""Too short a term, or an unknown value, says what to do, in the box and the API."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.core.test_api_support import assert_error

pytest_plugins = ["tests.core.test_api_support"]


def box_message(app, text: str) -> str:
    page = app.get("/search/quick", {"q": text}).html
    return " ".join(p.get_text(strip=True) for p in page.select("p.muted"))


@pytest.mark.parametrize("typed", ["a", "*a*", "e*", "**", "*", "l'", " b "])
def test_fewer_than_two_characters_ask_for_more(signed_in, factories, typed):
    factories.company(name="Agence Étoile")
    assert box_message(signed_in, typed) == "Type at least two characters."
    page = signed_in.get("/search/quick", {"q": typed}).html
    assert page.select("section.qs-group") == []
    summary = page.select_one("[data-summary]")["data-summary"]
    assert summary == "Type at least two characters."


def test_two_characters_search_and_say_when_nothing_is_found(signed_in, factories):
    factories.company(name="Agence Étoile")
    assert box_message(signed_in, "zq") == "Nothing found."
    assert box_message(signed_in, "*zq*") == "Nothing found."
    page = signed_in.get("/search/quick", {"q": "ag*"}).html
    assert page.select("section.qs-group")


@pytest.mark.parametrize("typed", ["a", "*a*", "e*", "**"])
def test_the_api_says_two_characters(api, typed):
    query = urlencode({"q": typed})
    error = assert_error(api.get(f"/search?{query}", status=422), 422)
    assert error["fields"] == {"q": "Type at least two characters."}


def test_the_api_still_asks_for_a_term(api):
    error = assert_error(api.get("/search", status=422), 422)
    assert error["fields"] == {"q": "This field is required."}


def test_an_unknown_kind_of_result_names_the_field_not_its_key(signed_in):
    page = signed_in.get("/search", {"entity": "foo"}, status=400).html
    summary = page.select_one("[data-search-errors]")
    item = summary.select_one("li[data-criterion=entity]")
    assert item.text == "Results: Choose one of the proposed values."
    assert "entity" not in summary.get_text()
