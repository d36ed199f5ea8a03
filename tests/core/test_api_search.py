"""``/search?q=``: the quick search's sources through the API."""

from __future__ import annotations

from tests.core.test_api_support import assert_error

pytest_plugins = ["tests.core.test_api_support"]


def test_search_returns_one_group_per_source(api, factories):
    company = factories.company(name="Recherche Média")
    factories.company(name="Recherche Presse")
    factories.contact(company=company, last_name="Recherchiste")

    body = api.get("/search?q=recherch&limit=1").json
    assert body["q"] == "recherch"
    groups = {group["source"]: group for group in body["groups"]}
    assert groups["companies"]["total"] == 2
    assert len(groups["companies"]["items"]) == 1
    assert groups["companies"]["items"][0]["title"] == "Recherche Média"
    assert groups["companies"]["items"][0]["url"].endswith(f"/companies/{company.id}")
    assert groups["contacts"]["items"][0]["detail"] == "Recherche Média"


def test_search_wildcards_and_nothing_found(api, factories):
    factories.company(name="Étoile Régie")
    body = api.get("/search?q=*gie").json
    assert [g["total"] for g in body["groups"] if g["source"] == "companies"] == [1]
    empty = api.get("/search?q=zzzzzz").json
    assert all(group["items"] == [] for group in empty["groups"])


def test_search_parameters_are_checked(api):
    for query, field in [
        ("", "q"),
        ("q=a", "q"),
        ("q=ab&limit=51", "limit"),
        ("q=ab&limit=-1", "limit"),
        ("q=ab&page=2", "page"),
        ("q=%00%00", "q"),
    ]:
        error = assert_error(api.get(f"/search?{query}", status=422), 422)
        assert list(error["fields"]) == [field], query


def test_search_is_not_for_strangers(app):
    assert_error(app.get("/api/v1/search?q=ab", status=401), 401)
