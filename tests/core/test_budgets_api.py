"""``/budgets``, ``/merges`` and ``/history`` through the JSON API."""

from __future__ import annotations

from sqlalchemy import func, select

from core.budgets.models import Budget
from core.directory.models import Contact
from tests.core.test_api_support import assert_error

pytest_plugins = ["tests.core.test_api_support"]


def market(factories):
    advertiser = factories.company("Parfums Christian Dior")
    media = factories.company("KR Wavemaker", type_code="agence_media")
    marketer = factories.contact(advertiser, last_name="Ménager")
    planner = factories.contact(media, last_name="Chevillard")
    return advertiser, media, marketer, planner


def test_a_budget_is_created_read_and_listed(api, factories, dbsession):
    advertiser, media, marketer, planner = market(factories)
    created = api.post(
        "/budgets",
        {
            "name": "Dior Parfums",
            "company_id": advertiser.id,
            "sectors": ["beaute.1"],
            "advertiser_contact_ids": [marketer.id],
            "agencies": [
                {
                    "role": "agence_media",
                    "company_id": media.id,
                    "contact_ids": [planner.id],
                }
            ],
        },
    )
    body = created.json
    assert body["sectors"] == ["beaute.1"]
    assert body["advertiser_contact_ids"] == [marketer.id]
    assert body["agencies"] == [
        {"role": "agence_media", "company_id": media.id, "contact_ids": [planner.id]}
    ]
    assert created.location.endswith(f"/api/v1/budgets/{body['id']}")
    assert api.get(f"/budgets/{body['id']}").json == body
    listed = api.get(f"/budgets?company_id={media.id}").json
    assert [b["id"] for b in listed["items"]] == [body["id"]]


def test_a_budget_on_an_agency_is_refused(api, factories, dbsession):
    _advertiser, media, _marketer, planner = market(factories)
    response = api.post(
        "/budgets",
        {
            "name": "Interdit",
            "company_id": media.id,
            "agencies": [{"role": "agence_media", "company_id": media.id}],
        },
        status=422,
    )
    fields = assert_error(response, 422, "invalid")["fields"]
    assert "not one" in fields["company_id"]
    assert dbsession.scalar(select(func.count(Budget.id))) == 0


def test_wrong_roles_agencies_and_contacts_name_their_field(api, factories):
    advertiser, media, _marketer, planner = market(factories)
    response = api.post(
        "/budgets",
        {
            "name": "Refusé",
            "company_id": advertiser.id,
            "sectors": ["inconnu"],
            "agencies": [
                {"role": "inconnu", "company_id": media.id},
            ],
        },
        status=422,
    )
    fields = assert_error(response, 422)["fields"]
    assert set(fields) == {"sectors", "agencies.0.role"}
    response = api.post(
        "/budgets",
        {
            "name": "Refusé",
            "company_id": advertiser.id,
            "advertiser_contact_ids": [planner.id],
            "agencies": [
                {"role": "agence_media", "company_id": 999999},
            ],
        },
        status=422,
    )
    fields = assert_error(response, 422)["fields"]
    assert set(fields) == {"advertiser_contact_ids", "agencies.0.company_id"}


def test_patch_changes_and_deactivates(api, factories, dbsession):
    advertiser, media, marketer, _planner = market(factories)
    body = api.post("/budgets", {"name": "Sauvage", "company_id": advertiser.id}).json
    path = f"/budgets/{body['id']}"
    changed = api.patch(
        path,
        {"agencies": [{"role": "agence_media", "company_id": media.id}]},
        etag=api.etag(path),
    ).json
    assert changed["name"] == "Sauvage"
    assert changed["agencies"][0]["company_id"] == media.id
    gone = api.patch(path, {"active": False}, etag=api.etag(path)).json
    assert gone["active"] is False
    history = api.get(f"/history?entity=budget&entity_id={body['id']}").json
    kinds = [item["kind"] for item in history["items"]]
    assert kinds == ["deactivated", "updated", "created"]
    assert history["items"][1]["changes"] == [
        {"field": "agencies", "old": None, "new": "Agence média: KR Wavemaker"}
    ]


def test_merge_and_undo_through_the_api(api, factories, dbsession):
    source = factories.company("Doublon")
    target = factories.company("Original")
    contact = factories.contact(source)
    merged = api.post(
        "/merges",
        {"entity": "company", "source_id": source.id, "target_id": target.id},
    ).json
    assert (merged["source_id"], merged["target_id"]) == (source.id, target.id)
    assert merged["actor_id"] == api.user.id and merged["undone_at"] is None
    dbsession.expire_all()
    assert dbsession.get(Contact, contact.id).company_id == target.id
    undone = api.post(f"/merges/{merged['id']}/undo", {}, status=200).json
    assert undone["undone_by_id"] == api.user.id
    dbsession.expire_all()
    assert dbsession.get(Contact, contact.id).company_id == source.id
    again = api.post(f"/merges/{merged['id']}/undo", {}, status=409)
    assert_error(again, 409)


def test_a_refused_merge_names_its_field(api, factories):
    company = factories.company("Seule")
    response = api.post(
        "/merges",
        {"entity": "company", "source_id": company.id, "target_id": company.id},
        status=422,
    )
    assert "another record" in assert_error(response, 422)["fields"]["target_id"]
    response = api.post(
        "/merges",
        {"entity": "budget", "source_id": company.id, "target_id": company.id},
        status=422,
    )
    assert set(assert_error(response, 422)["fields"]) == {"entity"}


def test_budgets_are_listed_by_name_whatever_the_accents(api, factories, dbsession):
    advertiser = factories.company("Maison Lumen")
    dbsession.add_all(
        [
            Budget(name="Éclat Été", company=advertiser),
            Budget(name="Autre", company=advertiser),
        ]
    )
    dbsession.flush()
    listed = api.get("/budgets?q=ECLAT ete").json
    assert [b["name"] for b in listed["items"]] == ["Éclat Été"]
