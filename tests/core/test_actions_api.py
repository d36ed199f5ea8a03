"""``/actions`` and ``/todo`` in the JSON API."""

from __future__ import annotations

import datetime as dt

from core.actions.models import Action
from tests.core.test_api_support import assert_error

pytest_plugins = ["tests.core.test_api_support"]


def test_an_action_is_recorded_with_the_form_rules(api, factories, dbsession):
    contact = factories.contact()
    created = api.post(
        "/actions",
        {
            "type": "telephone",
            "subject": " Appel budget 2027 ",
            "start": "2026-03-28T09:00:00+01:00",
            "end": "2026-03-28T09:15:00+01:00",
            "contact_ids": [contact.id],
            "report_html": (
                '<p>ok<script>alert(1)</script><a href="javascript:x">l</a></p>'
            ),
        },
    )
    body = created.json
    assert body["subject"] == "Appel budget 2027"
    assert body["type"] == "telephone"
    assert body["visitor_ids"] == [api.user.id]
    assert body["contact_ids"] == [contact.id]
    # Seven days later at 09:00 Paris, after the change to summer time.
    assert body["follow_up"] == "2026-04-04T07:00:00+00:00"
    assert "script" not in body["report_html"]
    assert "javascript" not in body["report_html"]
    assert body["origin"] == "api"
    assert created.location.endswith(f"/api/v1/actions/{body['id']}")
    assert dbsession.get(Action, body["id"]).author_id == api.user.id


def test_validation_names_every_bad_field(api, factories):
    response = api.post(
        "/actions",
        {
            "type": "rdv",
            "subject": "Sans fuseau",
            "start": "2026-03-28T09:00:00",
            "contact_ids": [],
        },
        status=422,
    )
    fields = assert_error(response, 422, "invalid")["fields"]
    assert set(fields) == {"start"}
    response = api.post(
        "/actions",
        {
            "type": "inconnu",
            "subject": "Types",
            "start": "2026-03-28T09:00:00Z",
            "contact_ids": [999999],
            "visitor_ids": [999999],
        },
        status=422,
    )
    fields = assert_error(response, 422, "invalid")["fields"]
    assert set(fields) == {"contact_ids", "visitor_ids"}
    response = api.post(
        "/actions",
        {
            "type": "inconnu",
            "subject": "Types",
            "start": "2026-03-28T09:00:00Z",
            "contact_ids": [factories.contact().id],
        },
        status=422,
    )
    assert set(assert_error(response, 422)["fields"]) == {"type"}


def test_a_chain_through_the_api(api, factories):
    contact = factories.contact()
    first = api.post(
        "/actions",
        {
            "type": "telephone",
            "subject": "Opération rentrée",
            "start": "2026-05-04T08:00:00Z",
            "end": "2026-05-04T08:30:00Z",
            "contact_ids": [contact.id],
        },
    ).json
    second = api.post(
        "/actions",
        {
            "type": "rdv",
            "subject": "Opération rentrée",
            "start": "2026-05-12T12:00:00Z",
            "end": "2026-05-12T13:00:00Z",
            "contact_ids": [contact.id],
            "previous_id": first["id"],
            "follow_up": None,
        },
    ).json
    assert second["chain_id"] == first["chain_id"]
    assert second["follow_up"] is None
    assert api.get(f"/actions/{first['id']}").json["follow_up_state"] == "done"
    chain = api.get(f"/actions/{second['id']}/chain").json
    assert [a["id"] for a in chain["actions"]] == [first["id"], second["id"]]
    assert chain["time_spent_minutes"] == 90
    listed = api.get(f"/actions?chain_id={first['chain_id']}&sort=start").json
    assert [a["id"] for a in listed["items"]] == [first["id"], second["id"]]


def test_patch_postpone_and_cancel(api, factories):
    action = factories.action(author=api.user)
    read = api.get(f"/actions/{action.id}")
    patched = api.patch(
        f"/actions/{action.id}",
        {"subject": "Nouveau sujet", "end": "2026-05-04T09:00:00Z"},
        read.headers["ETag"],
    ).json
    assert patched["subject"] == "Nouveau sujet"
    stale = read.headers["ETag"]
    api.patch(f"/actions/{action.id}", {"subject": "x"}, stale, status=412)
    moved = api.post(
        f"/actions/{action.id}/follow-up",
        {"follow_up": "2026-06-01T12:30:00+02:00"},
        status=200,
    ).json
    assert moved["follow_up"] == "2026-06-01T10:30:00+00:00"
    cleared = api.post(
        f"/actions/{action.id}/follow-up", {"follow_up": None}, status=200
    ).json
    assert cleared["follow_up"] is None
    cancelled = api.post(f"/actions/{action.id}/cancel", {}, status=200).json
    assert cancelled["cancelled_at"] is not None


def test_others_actions_cannot_be_changed(api, factories):
    action = factories.action()
    etag = api.get(f"/actions/{action.id}").headers["ETag"]
    response = api.patch(f"/actions/{action.id}", {"subject": "x"}, etag, status=403)
    assert_error(response, 403)
    api.post(f"/actions/{action.id}/cancel", {}, status=403)


def test_the_todo_in_the_api(api, factories):
    now = dt.datetime.now(dt.UTC)
    late = factories.action(
        author=api.user,
        start=now - dt.timedelta(days=9),
        follow_up=now - dt.timedelta(days=2),
    )
    body = api.get("/todo").json
    assert body["counters"]["late"] == 1
    assert [(i["kind"], i["action"]["id"], i["state"]) for i in body["items"]] == [
        ("follow_up", late.id, "late")
    ]
    other = factories.user()
    api.get(f"/todo?user_id={other.id}", status=403)
    assert api.get("/todo?q=nothing-like-this").json["items"] == []


def test_the_budget_of_an_action_through_the_api(api, factories, dbsession):
    from core.budgets.models import Budget

    company = factories.company("Lumen Parfums")
    contact = factories.contact(company)
    lumen = Budget(name="Lumen Eau de nuit", company=company)
    closed = Budget(name="Lumen 2024", company=company, active=False)
    dbsession.add_all([lumen, closed])
    dbsession.flush()
    body = {
        "type": "rdv",
        "subject": "Brief",
        "start": "2026-05-04T09:00:00Z",
        "contact_ids": [contact.id],
    }
    created = api.post("/actions", body | {"budget_id": lumen.id}).json
    assert created["budget_id"] == lumen.id
    api.post("/actions", body | {"subject": "Sans budget"})

    listed = api.get(f"/actions?budget_id={lumen.id}").json
    assert [item["id"] for item in listed["items"]] == [created["id"]]

    refused = api.post("/actions", body | {"budget_id": closed.id}, status=422)
    assert set(assert_error(refused, 422, "invalid")["fields"]) == {"budget_id"}

    read = api.get(f"/actions/{created['id']}")
    patched = api.patch(
        f"/actions/{created['id']}", {"budget_id": None}, read.headers["ETag"]
    )
    assert patched.json["budget_id"] is None

    document = api.get("/openapi.json").json
    schemas = document["components"]["schemas"]
    assert "budget_id" in schemas["ActionOut"]["properties"]
    assert "budget_id" in schemas["ActionCreate"]["properties"]
    listing = document["paths"]["/actions"]["get"]["parameters"]
    assert "budget_id" in {parameter["name"] for parameter in listing}
