"""``/lists``: the lists of the list pages, through the JSON API.

Visibility and "allow modification" follow the pages' rules (three users in
two teams); rows never show records the caller may not see (S-02, S-03).
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from sqlalchemy import select

from core.access.services import set_reach
from core.directory.models import Company, CompanyPortfolio
from core.lists import services
from core.reference.models import CompanyType
from tests.core.test_api_support import assert_error, bearer_client

pytest_plugins = ["tests.core.test_api_support"]


@pytest.fixture
def people(factories):
    north, south = factories.team("Nord"), factories.team("Sud")
    return {
        "anne": factories.user(team=north),
        "bruno": factories.user(team=north),
        "chloe": factories.user(team=south),
    }


@pytest.fixture
def clients(make_app, dbsession, people):
    return {
        name: bearer_client(make_app(), dbsession, user)
        for name, user in people.items()
    }


def type_id(dbsession, code: str) -> int:
    return dbsession.scalar(select(CompanyType.id).where(CompanyType.code == code))


def company_id(dbsession, name: str) -> int:
    return dbsession.scalar(select(Company.id).where(Company.name == name))


def names(api, query: str = "") -> set[str]:
    return {item["name"] for item in api.get(f"/lists{query}").json["items"]}


def record_names(api, list_id: int, query: str = "") -> list[str]:
    items = api.get(f"/lists/{list_id}/rows{query}").json["items"]
    return [item["record"]["name"] for item in items]


def new_list(api, **fields) -> dict:
    body = {"name": "Prospects", "kind": "company", **fields}
    return api.post("/lists", body).json


def test_who_sees_which_list(clients):
    made = {
        visibility: new_list(
            clients["anne"], name=f"Liste {visibility}", visibility=visibility
        )
        for visibility in ("public", "private", "shared")
    }
    expected = {
        "anne": {"Liste public", "Liste private", "Liste shared"},
        "bruno": {"Liste public", "Liste shared"},
        "chloe": {"Liste public"},
    }
    for name, seen in expected.items():
        api = clients[name]
        assert names(api) == seen, name
        for visibility, record_list in made.items():
            status = 200 if f"Liste {visibility}" in seen else 404
            api.get(f"/lists/{record_list['id']}", status=status)
        hidden = made["private"]
        if name != "anne":
            response = api.send(
                "DELETE", f"/lists/{hidden['id']}", headers={"If-Match": "*"}
            )
            assert_error(response, 404, "not_found")


def test_only_the_owner_or_allow_modification_changes_a_list(
    clients, factories, admin_api
):
    anne, bruno = clients["anne"], clients["bruno"]
    company = factories.company("Hebdo Ouest")
    closed = new_list(anne, name="Fermée", visibility="public", ids=[company.id])
    opened = new_list(
        anne,
        name="Ouverte",
        visibility="public",
        allow_modification=True,
        ids=[company.id],
    )
    assert closed["editable"] and opened["editable"]
    assert bruno.get(f"/lists/{closed['id']}").json["editable"] is False
    assert bruno.get(f"/lists/{opened['id']}").json["editable"] is True

    closed_row = bruno.get(f"/lists/{closed['id']}/rows").json["items"][0]
    refused = [
        bruno.send(
            "PATCH",
            f"/lists/{closed['id']}",
            b'{"name": "Prise"}',
            headers={"If-Match": "*"},
        ),
        bruno.send("DELETE", f"/lists/{closed['id']}", headers={"If-Match": "*"}),
        bruno.send("POST", f"/lists/{closed['id']}/rows", b'{"ids": [1]}'),
        bruno.send(
            "DELETE",
            f"/lists/{closed['id']}/rows",
            f'{{"ids": [{company.id}]}}'.encode(),
            headers={"If-Match": "*"},
        ),
        bruno.send(
            "PATCH",
            f"/lists/{closed['id']}/rows/{closed_row['id']}",
            b'{"hidden": true}',
            headers={"If-Match": "*"},
        ),
        bruno.send("POST", f"/lists/{closed['id']}/regenerate", b""),
    ]
    for response in refused:
        assert_error(response, 403, "forbidden")
    assert anne.get(f"/lists/{closed['id']}/rows").json["items"][0]["hidden"] is False

    # Allowed to work the list, Bruno still does not decide who else may.
    path = f"/lists/{opened['id']}"
    row = bruno.get(f"{path}/rows").json["items"][0]
    bruno.patch(f"{path}/rows/{row['id']}", {"info": "OUI"}, "*")
    renamed = bruno.patch(path, {"name": "Ouverte à tous"}, bruno.etag(path)).json
    assert renamed["name"] == "Ouverte à tous"
    response = bruno.send(
        "PATCH",
        path,
        b'{"allow_modification": false}',
        headers={"If-Match": bruno.etag(path)},
    )
    assert_error(response, 403, "forbidden")
    assert anne.get(path).json["allow_modification"] is True

    # An administrator changes any list he sees.
    admin_api.patch(
        f"/lists/{closed['id']}",
        {"visibility": "shared"},
        admin_api.etag(f"/lists/{closed['id']}"),
    )
    assert "Fermée" in names(bruno)
    assert "Fermée" not in names(clients["chloe"])


def test_a_list_from_criteria_regenerates_keeping_marks(api, factories, dbsession):
    alpha = factories.company("Régie Alpha", type_code="regie")
    factories.company("Régie Beta", type_code="regie")
    factories.company("Annonceur Gamma")
    regie = type_id(dbsession, "regie")
    created = api.post(
        "/lists",
        {
            "name": "Les régies",
            "visibility": "public",
            "criteria": {"entity": "company", "type_ids": [regie]},
        },
    )
    record_list = created.json
    assert created.headers["Location"].endswith(f"/api/v1/lists/{record_list['id']}")
    assert record_list["kind"] == "company"
    assert record_list["criteria"] == {"type_ids": [regie]}
    assert record_list["counts"] == {
        "total": 2,
        "shown": 2,
        "hidden": 0,
        "selected": 0,
    }
    path = f"/lists/{record_list['id']}"
    assert record_names(api, record_list["id"]) == ["Régie Alpha", "Régie Beta"]

    # Beta goes by hand, Alpha gets an info; a new régie appears.
    api.send(
        "DELETE",
        f"{path}/rows",
        f'{{"ids": [{company_id(dbsession, "Régie Beta")}]}}'.encode(),
        headers={"If-Match": api.etag(path)},
        status=200,
    )
    row = api.get(f"{path}/rows").json["items"][0]
    assert row["record"]["id"] == alpha.id
    api.patch(f"{path}/rows/{row['id']}", {"info": "à rappeler"}, "*")
    factories.company("Régie Delta", type_code="regie")

    result = api.post(f"{path}/regenerate", {}, status=200).json
    assert result == {"added": 1, "dropped": 0}
    rows = api.get(f"{path}/rows").json["items"]
    assert [(r["record"]["name"], r["info"] and r["info"]["label"]) for r in rows] == [
        ("Régie Alpha", "à rappeler"),
        ("Régie Delta", None),
    ]
    assert api.get(path).json["regenerated_at"] is not None


def test_a_list_from_a_saved_search(api, api_as, factories):
    factories.contact(last_name="Lecomte", company=factories.company("Radio Nord"))
    factories.contact(last_name="Martin")
    saved = api.post(
        "/saved-searches",
        {
            "name": "Les Lecomte",
            "criteria": {"entity": "contact", "contact_q": "lecomte"},
        },
    ).json
    record_list = api.post(
        "/lists", {"name": "Appels", "saved_search_id": saved["id"]}
    ).json
    assert record_list["kind"] == "contact"
    rows = api.get(f"/lists/{record_list['id']}/rows").json["items"]
    assert [(r["kind"], r["record"]["company_name"]) for r in rows] == [
        ("contact", "Radio Nord")
    ]

    # Another user's saved search is nobody's business.
    other = api_as("salesperson")
    response = other.send(
        "POST",
        "/lists",
        f'{{"name": "Volée", "saved_search_id": {saved["id"]}}}'.encode(),
    )
    assert list(assert_error(response, 422, "invalid")["fields"]) == ["saved_search_id"]


def test_rows_are_tagged_hidden_selected_and_filtered(api, factories):
    companies = [factories.company(f"Titre {n}") for n in "ABCD"]
    record_list = new_list(api, ids=[c.id for c in companies])
    path = f"/lists/{record_list['id']}"
    rows = {r["record"]["name"]: r for r in api.get(f"{path}/rows").json["items"]}
    assert all(r["origin"] == "hand" and r["info"] is None for r in rows.values())

    def mark(name, **body):
        return api.patch(f"{path}/rows/{rows[name]['id']}", body, "*").json

    oui = mark("Titre A", info="OUI", selected=True)["info"]
    assert mark("Titre B", info="  oui ")["info"] == oui
    mark("Titre C", info="NON")
    assert mark("Titre C", info="")["info"] is None
    hidden = mark("Titre D", selected=True, hidden=True)
    assert (hidden["hidden"], hidden["selected"]) == (True, False)

    assert record_names(api, record_list["id"]) == ["Titre A", "Titre B", "Titre C"]
    assert record_names(api, record_list["id"], "?hidden=true") == ["Titre D"]
    assert record_names(api, record_list["id"], f"?info={oui['id']}") == [
        "Titre A",
        "Titre B",
    ]
    assert record_names(api, record_list["id"], "?info=empty") == ["Titre C"]
    assert record_names(api, record_list["id"], "?q=titre%20c") == ["Titre C"]
    assert record_names(api, record_list["id"], "?sort=info,-name") == [
        "Titre B",
        "Titre A",
        "Titre C",
    ]
    assert record_names(api, record_list["id"], "?sort=-name&per_page=2") == [
        "Titre C",
        "Titre B",
    ]
    body = api.get(path).json
    assert body["counts"] == {"total": 4, "shown": 3, "hidden": 1, "selected": 1}
    assert [info["label"] for info in body["infos"]] == ["NON", "OUI"]

    # Adding again is harmless; removing takes the row out.
    assert api.post(f"{path}/rows", {"ids": [companies[0].id]}, status=200).json == {
        "count": 0
    }
    removed = api.send(
        "DELETE",
        f"{path}/rows",
        f'{{"ids": [{companies[0].id}]}}'.encode(),
        headers={"If-Match": api.etag(path)},
        status=200,
    )
    assert removed.json == {"count": 1}
    assert record_names(api, record_list["id"]) == ["Titre B", "Titre C"]
    assert api.post(f"{path}/rows", {"ids": [companies[0].id]}, status=200).json == {
        "count": 1
    }


def test_lists_are_filtered_and_paged(clients, dbsession, people):
    anne, bruno = clients["anne"], clients["bruno"]
    new_list(anne, name="Sociétés d'Anne", visibility="public", type="prospection")
    new_list(anne, name="Contacts d'Anne", kind="contact", visibility="public")
    new_list(bruno, name="Sociétés de Bruno", visibility="shared")
    assert names(bruno, "?kind=contact") == {"Contacts d'Anne"}
    assert names(bruno, "?type=prospection") == {"Sociétés d'Anne"}
    assert names(bruno, f"?owner_id={people['anne'].id}") == {
        "Sociétés d'Anne",
        "Contacts d'Anne",
    }
    page = bruno.get("/lists?sort=name&per_page=2")
    assert [item["name"] for item in page.json["items"]] == [
        "Contacts d'Anne",
        "Sociétés d'Anne",
    ]
    assert page.json["total"] == 3
    assert 'rel="next"' in page.headers["Link"]
    item = page.json["items"][1]
    assert (item["type"], item["owner_id"]) == ("prospection", people["anne"].id)


def test_others_private_records_never_appear(make_app, factories, dbsession, people):
    """S-02/S-03: a list holding B's private company shows A nothing of it."""
    a, b = people["anne"], people["bruno"]
    set_reach(dbsession, a.profile, "company", "own", "own")
    own = factories.company("Compte d'Anne")
    secret = factories.company("Régie Secrète")
    dbsession.add_all(
        [
            CompanyPortfolio(user_id=a.id, company_id=own.id),
            CompanyPortfolio(user_id=b.id, company_id=secret.id),
        ]
    )
    dbsession.flush()
    record_list = services.create_list(
        dbsession,
        b,
        "Mélange",
        "company",
        visibility="public",
        allow_modification=True,
        criteria={"entity": "company", "q": "*"},
    )
    services.add_records(dbsession, record_list, [own.id, secret.id])
    api_a = bearer_client(make_app(), dbsession, a)
    path = f"/lists/{record_list.id}"

    assert record_names(api_a, record_list.id) == ["Compte d'Anne"]
    assert api_a.get(path).json["counts"]["total"] == 1
    assert api_a.get("/lists").json["items"][0]["counts"]["total"] == 1
    secret_row = services.existing_rows(dbsession, record_list)[secret.id]
    response = api_a.send(
        "PATCH",
        f"{path}/rows/{secret_row.id}",
        b'{"info": "x"}',
        headers={"If-Match": "*"},
    )
    assert_error(response, 404, "not_found")

    # Nor can A put it in a list, by id or through a search.
    mine = new_list(api_a, name="À moi")
    response = api_a.send(
        "POST", f"/lists/{mine['id']}/rows", f'{{"ids": [{secret.id}]}}'.encode()
    )
    assert "Régie Secrète" not in response.text
    assert list(assert_error(response, 422, "invalid")["fields"]) == ["ids"]
    found = api_a.post(
        "/lists", {"name": "Tout", "criteria": {"entity": "company", "q": "r*"}}
    ).json
    assert found["counts"]["total"] == 0
    everything = api_a.post(
        "/lists", {"name": "Tout", "criteria": {"entity": "company"}}
    ).json
    assert record_names(api_a, everything["id"]) == ["Compte d'Anne"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ["name"]),
        ({"name": "  ", "kind": "company"}, ["name"]),
        ({"name": "x" * 201, "kind": "company"}, ["name"]),
        ({"name": "L"}, ["kind"]),
        ({"name": "L", "kind": "person"}, ["kind"]),
        ({"name": "L", "kind": "company", "visibility": "team"}, ["visibility"]),
        ({"name": "L", "kind": "company", "type": "nope"}, ["type"]),
        ({"name": "L", "kind": "company", "ids": [0]}, ["ids.0"]),
        ({"name": "L", "kind": "company", "ids": [999999]}, ["ids"]),
        ({"name": "L", "kind": "company", "allow_modification": "maybe"}, None),
        ({"name": "L", "criteria": {"entity": "place"}}, None),
        ({"name": "L", "kind": "contact", "criteria": {}}, ["kind"]),
        ({"name": "L", "saved_search_id": 999999}, ["saved_search_id"]),
        ({"name": "L", "criteria": {}, "saved_search_id": 1}, ["saved_search_id"]),
        ({"name": "L", "kind": "company", "colour": "red"}, ["colour"]),
        ({"name": "L\x00", "kind": "company"}, ["name"]),
    ],
)
def test_bad_bodies_name_each_field(api, body, fields):
    response = api.send("POST", "/lists", json.dumps(body).encode())
    error = assert_error(response, 422, "invalid")
    if fields is not None:
        assert sorted(error["fields"]) == fields
    else:
        assert len(error["fields"]) == 1


def test_bad_row_changes_and_parameters_are_refused(api, factories):
    company = factories.company("Titre Z")
    record_list = new_list(api, ids=[company.id])
    path = f"/lists/{record_list['id']}"
    row = api.get(f"{path}/rows").json["items"][0]
    for body, field in [
        (b'{"info": "' + b"x" * 81 + b'"}', "info"),
        (b'{"hidden": "maybe"}', "hidden"),
        (b'{"selected": null}', "selected"),
        (b'{"removed": true}', "removed"),
    ]:
        response = api.send(
            "PATCH", f"{path}/rows/{row['id']}", body, headers={"If-Match": "*"}
        )
        assert list(assert_error(response, 422)["fields"]) == [field], body
    for body, field in [(b'{"ids": []}', "ids"), (b'{"ids": "1"}', "ids")]:
        response = api.send("POST", f"{path}/rows", body)
        assert list(assert_error(response, 422)["fields"]) == [field], body
    for query, field in [
        ("info=oui", "info"),
        ("hidden=perhaps", "hidden"),
        ("sort=colour", "sort"),
        ("owner=me", "owner"),
    ]:
        response = api.send("GET", f"{path}/rows?{query}")
        assert list(assert_error(response, 422)["fields"]) == [field], query
    response = api.send("GET", "/lists?kind=people")
    assert list(assert_error(response, 422)["fields"]) == ["kind"]
    response = api.send("POST", f"{path}/regenerate", b"")
    assert_error(response, 409, "conflict")
    response = api.send(
        "PATCH", f"{path}/rows/999999", b'{"hidden": true}', headers={"If-Match": "*"}
    )
    assert_error(response, 404, "not_found")


def test_changes_follow_the_etag_convention(api):
    record_list = new_list(api)
    path = f"/lists/{record_list['id']}"
    response = api.get(path)
    etag = response.headers["ETag"]
    assert etag == f'"{record_list["version"]}"'
    assert_error(api.send("PATCH", path, b'{"name": "B"}'), 428)
    changed = api.patch(path, {"name": "B", "type": "prospection"}, etag)
    assert changed.json["type"] == "prospection"
    assert changed.headers["ETag"] != etag
    stale = api.send("PATCH", path, b'{"name": "C"}', headers={"If-Match": etag})
    assert_error(stale, 412, "precondition_failed")
    assert_error(api.send("DELETE", path, headers={"If-Match": etag}), 412)
    api.send("DELETE", path, headers={"If-Match": changed.headers["ETag"]}, status=204)
    api.get(path, status=404)


def test_lists_are_documented_as_they_answer(app, api, factories):
    document = app.get("/api/v1/openapi.json").json
    contact = factories.contact(company=factories.company("Schéma SA"))
    record_list = new_list(api, kind="contact", ids=[contact.id])
    row = api.get(f"/lists/{record_list['id']}/rows").json["items"][0]
    api.patch(f"/lists/{record_list['id']}/rows/{row['id']}", {"info": "OUI"}, "*")
    answers = [
        ("ListOut", api.get(f"/lists/{record_list['id']}").json),
        ("RowOut", api.get(f"/lists/{record_list['id']}/rows").json["items"][0]),
    ]
    for name, answer in answers:
        root = {"$ref": f"#/components/schemas/{name}", **document}
        jsonschema.Draft202012Validator(root).validate(answer)
    paths = document["paths"]
    assert set(paths["/lists"]) == {"get", "post"}
    assert set(paths["/lists/{id}"]) == {"get", "patch", "delete"}
    assert set(paths["/lists/{id}/rows"]) == {"get", "post", "delete"}
    assert set(paths["/lists/{id}/rows/{row_id}"]) == {"patch"}
    assert set(paths["/lists/{id}/regenerate"]) == {"post"}
    filters = {p["name"] for p in paths["/lists/{id}/rows"]["get"]["parameters"]}
    assert filters >= {"info", "hidden", "q", "page", "per_page", "sort"}


def test_lists_are_not_for_strangers(app):
    assert_error(app.get("/api/v1/lists", status=401), 401)
