"""``/opportunities``: created with lines, read with amounts, changed, archived."""

from __future__ import annotations

from decimal import Decimal

from core.opportunities.models import Opportunity
from tests.core.test_api_support import assert_error

pytest_plugins = ["tests.core.test_api_support"]


def test_an_opportunity_is_created_with_lines(api, factories, dbsession):
    company = factories.company("Ravel Mobilité")
    agency = factories.company("Mediapolis", type_code="agence_media")
    created = api.post(
        "/opportunities",
        {
            "title": "Lancement SUV",
            "company_id": company.id,
            "client_id": agency.id,
            "status": "tiede",
            "decision_on": "2027-02-15",
            "lines": [
                {"product": "print", "amount": "10.05", "published_on": "2027-03-01"},
                {"product": "web", "amount": 10.05},
                {"product": "event", "amount": "10,05"},
            ],
        },
    )
    body = created.json
    assert body["total"] == "30.15"
    assert body["weighted"] == "15.08"
    assert body["probability"] == 50
    assert body["owner_id"] == api.user.id
    assert [line["product"] for line in body["lines"]] == ["print", "web", "event"]
    assert created.location.endswith(f"/api/v1/opportunities/{body['id']}")
    record = dbsession.get(Opportunity, body["id"])
    assert [line.amount for line in record.lines] == [Decimal("10.05")] * 3
    assert api.get(f"/opportunities/{record.id}").json == body


def test_bad_values_are_refused_field_by_field(api, factories):
    company = factories.company()
    response = api.post(
        "/opportunities",
        {
            "title": "Mauvaise",
            "company_id": company.id,
            "status": "tiede",
            "amount": "-10",
            "lines": [{"amount": "5"}],
        },
        status=422,
    )
    fields = assert_error(response, 422, "invalid")["fields"]
    assert fields["amount"] == "An amount cannot be negative."
    assert fields["lines.0.product"] == "This field is required."
    response = api.post(
        "/opportunities",
        {"title": "X", "company_id": company.id, "status": "inconnu"},
        status=422,
    )
    assert assert_error(response, 422)["fields"] == {
        "status": "Choose one of the proposed values."
    }


def test_a_probability_names_the_status_and_120_percent_is_refused(api, factories):
    company = factories.company()
    body = {"title": "Par probabilité", "company_id": company.id}
    created = api.post("/opportunities", {**body, "probability": 50}).json
    assert (created["status"], created["probability"]) == ("tiede", 50)

    cases = [
        ({"probability": 120}, "Enter a percentage between 0 and 100."),
        ({"probability": -5}, "Enter a percentage between 0 and 100."),
        (
            {"probability": 60},
            "No status has this probability; choose one of "
            "0 %, 25 %, 50 %, 75 %, 100 %.",
        ),
        (
            {"probability": 25, "status": "chaude"},
            "The status chaude is at 75 %: send one or the other.",
        ),
    ]
    for extra, message in cases:
        response = api.post("/opportunities", {**body, **extra}, status=422)
        assert assert_error(response, 422)["fields"] == {"probability": message}
    response = api.post("/opportunities", body, status=422)
    assert list(assert_error(response, 422)["fields"]) == ["status"]

    path = f"/opportunities/{created['id']}"
    refused = api.patch(path, {"probability": 120}, api.etag(path), status=422)
    assert list(assert_error(refused, 422)["fields"]) == ["probability"]
    changed = api.patch(path, {"probability": 75}, api.etag(path)).json
    assert (changed["status"], changed["weighted"]) == ("chaude", "0.00")


def test_a_line_is_archived_and_the_total_follows(api, factories):
    company = factories.company()
    body = api.post(
        "/opportunities",
        {
            "title": "Partielle",
            "company_id": company.id,
            "status": "chaude",
            "lines": [
                {"product": "print", "amount": "600"},
                {"product": "web", "amount": "400"},
            ],
        },
    ).json
    path = f"/opportunities/{body['id']}"
    line = body["lines"][0]["id"]
    archived = api.patch(
        f"{path}/lines/{line}", {"archived": "won"}, api.etag(path)
    ).json
    assert archived["archived"] == "won"
    again = api.get(path).json
    assert (again["total"], again["weighted"]) == ("400.00", "300.00")
    added = api.post(f"{path}/lines", {"product": "fdv", "amount": "0.01"}).json
    assert added["amount"] == "0.01"
    assert api.get(path).json["total"] == "400.01"


def test_closing_through_the_api(api, factories):
    company = factories.company()
    body = api.post(
        "/opportunities",
        {
            "title": "Fermée",
            "company_id": company.id,
            "status": "froid",
            "amount": "100",
        },
    ).json
    path = f"/opportunities/{body['id']}"
    closed = api.patch(path, {"outcome": "lost"}, api.etag(path)).json
    assert closed["outcome"] == "lost"
    listed = api.get("/opportunities?closed=false").json
    assert body["id"] not in {item["id"] for item in listed["items"]}
    listed = api.get("/opportunities?closed=true").json
    assert body["id"] in {item["id"] for item in listed["items"]}
