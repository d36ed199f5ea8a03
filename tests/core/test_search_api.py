"""The advanced search and saved searches through the JSON API."""

from __future__ import annotations

from tests.core.test_api_support import assert_error

pytest_plugins = ["tests.core.test_api_support"]


def test_a_search_runs_from_the_same_criteria(api, factories):
    group = factories.company(name="Groupe Horizon")
    factories.company(name="Horizon Sud", group=group)
    factories.company(name="Horizon Nord", group=group)
    factories.company(name="Horizon Fermé", group=group, active=False)

    body = api.post(
        "/search/results",
        {"criteria": {"group_id": group.id}, "per_page": 1},
        status=200,
    ).json
    assert body["total"] == 2 and body["bounded"] is False
    assert [item["title"] for item in body["items"]] == ["Horizon Nord"]
    second = api.post(
        "/search/results",
        {"criteria": {"group_id": group.id}, "per_page": 1, "page": 2},
        status=200,
    ).json
    assert [item["title"] for item in second["items"]] == ["Horizon Sud"]
    assert second["items"][0]["url"].endswith(f"/companies/{group.id + 1}")


def test_contacts_of_these_companies(api, factories):
    company = factories.company(name="Horizon Sud")
    factories.contact(company, first_name="Nora", last_name="Vidal")
    factories.contact(factories.company(name="Ailleurs"), last_name="Autre")
    body = api.post(
        "/search/results",
        {"criteria": {"entity": "contact", "q": "horizon"}},
        status=200,
    ).json
    assert [(i["title"], i["detail"]) for i in body["items"]] == [
        ("Nora Vidal", "Horizon Sud")
    ]


def test_bad_criteria_name_their_field(api):
    error = assert_error(
        api.post(
            "/search/results",
            {"criteria": {"radius_km": -1, "near": "nowhere-at-all"}},
            status=422,
        ),
        422,
    )
    assert set(error["fields"]) == {"criteria.radius_km", "criteria.near"}


def test_saved_searches_are_mine(api, api_as):
    created = api.post(
        "/saved-searches", {"name": "Mes régies", "criteria": {"q": "régie*"}}
    ).json
    assert created["criteria"] == {"q": "régie*"}
    listed = api.get("/saved-searches").json["items"]
    assert [s["name"] for s in listed] == ["Mes régies"]
    assert api_as().get("/saved-searches").json["items"] == []
    error = assert_error(
        api.post("/saved-searches", {"name": "", "criteria": {}}, status=422), 422
    )
    assert list(error["fields"]) == ["name"]


def test_criteria_ignored_together_are_refused(api):
    for criteria, field in [
        ({"radius_km": 20}, "criteria.near"),
        (
            {"changed_from": "2026-03-10", "changed_to": "2026-03-01"},
            "criteria.changed_to",
        ),
        ({"portfolio": "users"}, "criteria.portfolio"),
    ]:
        for path in ("/search/results", "/saved-searches"):
            body = {"criteria": criteria, "name": "Refusée"}
            if path == "/search/results":
                body.pop("name")
            error = assert_error(api.post(path, body, status=422), 422)
            assert list(error["fields"]) == [field], (path, criteria)
    assert api.get("/saved-searches").json["items"] == []
