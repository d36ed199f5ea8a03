"""What every API resource does the same way: pages, filters, sorting, errors,
concurrency, and never a 500 on bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.core.test_api_support import PREFIX, assert_error

pytest_plugins = ["tests.core.test_api_support"]


@pytest.fixture
def seven(factories):
    names = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"]
    return [factories.company(name=f"Pagé {name}") for name in names]


def names(response) -> list[str]:
    return [item["name"] for item in response.json["items"]]


def links(response) -> dict[str, str]:
    found = {}
    for part in response.headers["Link"].split(", "):
        target, rel = part.split("; ")
        found[rel.removeprefix('rel="').rstrip('"')] = target.strip("<>")
    return found


def test_lists_are_paged_with_totals_and_links(api, seven):
    response = api.get("/companies?q=pag%C3%A9&per_page=3&page=2")
    body = response.json
    assert (body["page"], body["per_page"], body["total"]) == (2, 3, 7)
    assert names(response) == ["Pagé Delta", "Pagé Echo", "Pagé Foxtrot"]

    rels = links(response)
    assert set(rels) == {"first", "prev", "next", "last"}
    assert "page=3" in rels["next"] and "q=pag" in rels["next"]
    last = api.app.get(rels["last"], headers=api.headers)
    assert names(last) == ["Pagé Golf"]
    assert "next" not in links(last)

    beyond = api.get("/companies?q=pag&page=9").json
    assert beyond["items"] == [] and beyond["total"] == 7


@pytest.mark.parametrize(
    "query, field",
    [
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("page=two", "page"),
        ("page=99999999999999999999999", "page"),
        ("sort=colour", "sort"),
        ("active=maybe", "active"),
        ("group_id=-4", "group_id"),
        ("group_id=1e3", "group_id"),
        ("group_id=99999999999999999999999", "group_id"),
        ("q=", "q"),
        ("q=%00", "q"),
    ],
)
def test_bad_list_parameters_answer_422_naming_them(api, query, field):
    error = assert_error(api.get(f"/companies?{query}", status=422), 422, "invalid")
    assert list(error["fields"]) == [field]


def test_unknown_and_repeated_parameters_are_refused(api):
    error = assert_error(api.get("/companies?colour=red&size=2", status=422), 422)
    assert set(error["fields"]) == {"colour", "size"}
    assert error["fields"]["colour"] == "Unknown parameter."

    error = assert_error(api.get("/companies?active=1&active=0", status=422), 422)
    assert set(error["fields"]) == {"active"}

    error = assert_error(api.get("/users/me?fields=all", status=422), 422)
    assert set(error["fields"]) == {"fields"}


def test_sorting_by_declared_fields(api, seven):
    descending = names(api.get("/companies?q=pag&sort=-name&per_page=3"))
    assert descending == ["Pagé Golf", "Pagé Foxtrot", "Pagé Echo"]
    both = names(api.get("/companies?q=pag&sort=name,-created_at&per_page=2"))
    assert both == ["Pagé Alpha", "Pagé Bravo"]
    error = assert_error(api.get("/companies?sort=name,-secret", status=422), 422)
    assert "name, created_at, updated_at" in error["fields"]["sort"]


def test_filters_declared_by_the_resource(api, factories, seven):
    factories.company(name="Pagé Agence", type_code="agence")
    seven[0].active = False
    factories.dbsession.flush()

    assert names(api.get("/companies?q=pag&type=agence")) == ["Pagé Agence"]
    assert names(api.get("/companies?q=pag&active=false")) == ["Pagé Alpha"]
    assert api.get("/companies?q=pag&active=true").json["total"] == 7


def test_unknown_paths_and_methods(api):
    assert_error(api.get("/nothing", status=404), 404, "not_found")
    assert_error(api.get("/companies/abc", status=404), 404)
    assert_error(api.get("/companies/99999999999999999999", status=404), 404)
    assert_error(api.get("/companies/0", status=404), 404)

    bad_path = api.app.get(PREFIX + "/companies/%ff", headers=api.headers, status=400)
    assert_error(bad_path, 400, "malformed_path")

    response = api.send("DELETE", "/companies/1")
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["Allow"] == "GET, HEAD, PATCH"
    response = api.send("PUT", "/companies", b"{}")
    assert response.headers["Allow"] == "GET, HEAD, POST"
    assert api.send("OPTIONS", "/companies").status_int == 405


def test_head_answers_like_get_without_a_body(api, factories):
    company = factories.company()
    response = api.app.head(f"{PREFIX}/companies/{company.id}", headers=api.headers)
    assert response.headers["ETag"] == f'"{company.version}"'
    assert response.body == b""


def test_long_or_odd_tokens_answer_401(app):
    for token in ("x" * 100_000, "é" * 10, "rls_\u0000"):
        headers = {"Authorization": f"Bearer {token}"}
        response = app.get(PREFIX + "/companies", headers=headers, status=401)
        assert_error(response, 401)


def test_changes_need_the_current_etag(api, factories):
    company = factories.company(name="Concurrente")
    path = f"/companies/{company.id}"
    first = api.get(path)
    assert first.headers["ETag"] == f'"{company.version}"'

    missing = api.patch(path, {"name": "Sans version"}, etag=None, status=428)
    assert_error(missing, 428, "precondition_required")

    changed = api.patch(path, {"name": "Première"}, etag=first.headers["ETag"])
    assert changed.json["name"] == "Première"
    assert changed.headers["ETag"] != first.headers["ETag"]

    # A second writer who read before the first change is stopped.
    stale = api.patch(path, {"name": "Seconde"}, etag=first.headers["ETag"], status=412)
    assert_error(stale, 412, "precondition_failed")
    assert stale.headers["ETag"] == changed.headers["ETag"]
    assert api.get(path).json["name"] == "Première"

    # If-Match compares strongly: a weak validator never matches.
    weak = "W/" + changed.headers["ETag"]
    api.patch(path, {"name": "Faible"}, etag=weak, status=412)
    several = api.patch(path, {"name": "Liste"}, etag=f'"0", {changed.headers["ETag"]}')
    assert several.json["name"] == "Liste"
    anything = api.patch(path, {"brief": "Tout"}, etag="*")
    assert anything.json["brief"] == "Tout"


def test_a_refused_change_leaves_nothing_behind(api, factories):
    company = factories.company(name="Intacte")
    path = f"/companies/{company.id}"
    etag = api.etag(path)
    api.patch(path, {"name": "Changée", "type": "nope"}, etag=etag, status=422)
    assert api.get(path).json["name"] == "Intacte"


def test_instants_carry_an_offset(api, factories):
    company = factories.company()
    body = api.get(f"/companies/{company.id}").json
    for name in ("created_at", "updated_at"):
        value = body[name]
        assert value.endswith("+00:00")
        assert dt.datetime.fromisoformat(value).utcoffset() == dt.timedelta(0)


def test_money_is_written_as_a_string():
    from decimal import Decimal

    from core.api.schemas import Resource
    from core.api.types import Money

    class Line(Resource):
        amount: Money

    assert Line(amount=Decimal("1234.5")).model_dump(mode="json") == {
        "amount": "1234.50"
    }


DEEP = b"[" * 100_000 + b"]" * 100_000
HUGE = b'{"name": "x", "type": "agence", "group_id": ' + b"9" * 5000 + b"}"


@pytest.mark.parametrize(
    "body, content_type, status, code",
    [
        (b'{"name": "Acme", "type": "agence"', "application/json", 400, None),
        (b"", "application/json", 400, "malformed_json"),
        (b'{"name": NaN, "type": "agence"}', "application/json", 400, None),
        (b'{"name": "\xff\xfe", "type": "agence"}', "application/json", 400, None),
        (DEEP, "application/json", 400, "malformed_json"),
        (HUGE, "application/json", 400, "malformed_json"),
        (b"name=Acme&type=agence", "application/x-www-form-urlencoded", 415, None),
        (b'{"name": "Acme", "type": "agence"}', "text/plain", 415, None),
        (b'["name", "type"]', "application/json", 422, "invalid"),
        (b'"Acme"', "application/json", 422, "invalid"),
        (b"null", "application/json", 422, "invalid"),
        (b"12", "application/json", 422, "invalid"),
    ],
)
def test_unusable_bodies_get_a_precise_error(api, body, content_type, status, code):
    response = api.send("POST", "/companies", body, content_type)
    error = assert_error(response, status, code or None)
    if status == 422:
        assert error["fields"] == {"__all__": "Send a JSON object."}


@pytest.mark.parametrize(
    "body, fields",
    [
        ({}, {"name", "type"}),
        ({"name": None, "type": None}, {"name", "type"}),
        ({"name": 12, "type": "agence"}, {"name"}),
        ({"name": ["Acme"], "type": "agence"}, {"name"}),
        ({"name": {"fr": "Acme"}, "type": "agence"}, {"name"}),
        ({"name": "Acme", "type": "inconnu"}, {"type"}),
        ({"name": "Acme", "type": "agence", "group_id": 2**31}, {"group_id"}),
        ({"name": "Acme", "type": "agence", "group_id": 10**40}, {"group_id"}),
        ({"name": "Acme", "type": "agence", "group_id": "x"}, {"group_id"}),
        ({"name": "Acme", "type": "agence", "group_id": 1.5}, {"group_id"}),
        ({"name": "Acme", "type": "agence", "active": "maybe"}, {"active"}),
        ({"name": "Acme\x00", "type": "agence"}, {"name"}),
        ({"name": "Acme", "type": "agence", "colour": "red"}, {"colour"}),
        ({"name": "A" * 201, "type": "agence"}, {"name"}),
        ({"name": "   ", "type": "agence"}, {"name"}),
    ],
)
def test_invalid_values_answer_422_one_message_per_field(api, body, fields):
    error = assert_error(api.post("/companies", body, status=422), 422, "invalid")
    assert set(error["fields"]) == fields
    assert all(
        isinstance(message, str) and message for message in error["fields"].values()
    )


def test_lone_surrogates_are_refused_not_stored(api):
    body = b'{"name": "Acme \\ud800", "type": "agence"}'
    error = assert_error(api.send("POST", "/companies", body), 422)
    assert set(error["fields"]) == {"name"}


def test_unicode_travels_intact(api):
    name = "Société Générale — 東京 🚀 Ǆ"
    created = api.post("/companies", {"name": name, "type": "agence"})
    assert created.json["name"] == name
    assert api.app.get(created.location, headers=api.headers).json["name"] == name


def test_undecodable_query_strings_answer_400(api):
    response = api.app.get(PREFIX + "/companies?q=%ff", headers=api.headers, status="*")
    assert_error(response, 400, "malformed_query")


def test_a_patch_sends_only_what_changes(api, factories):
    company = factories.company(name="Partielle", phone="0102030405")
    path = f"/companies/{company.id}"
    response = api.patch(path, {"brief": "Note"}, etag=api.etag(path))
    assert response.json["phone"] == "0102030405"
    assert response.json["name"] == "Partielle"

    error = assert_error(
        api.patch(path, {"name": None}, etag=response.headers["ETag"], status=422),
        422,
    )
    assert error["fields"] == {"name": "This field cannot be null."}
    cleared = api.patch(path, {"phone": None}, etag=response.headers["ETag"])
    assert cleared.json["phone"] is None
