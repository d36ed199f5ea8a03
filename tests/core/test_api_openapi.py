"""The OpenAPI document is valid and says what the server does."""

from __future__ import annotations

import jsonschema
import pytest
import webtest
from openapi_spec_validator import validate
from pydantic import BaseModel

from core.api.operations import operations
from core.i18n import _
from core.testing import base_settings
from tests.core.test_api_support import PREFIX

pytest_plugins = ["tests.core.test_api_support"]

ALL_ERRORS = {"401", "403"}


@pytest.fixture
def document(app):
    return app.get(PREFIX + "/openapi.json").json


def schema_validator(document, name: str):
    """Validate against one component, resolving refs inside the document."""
    root = {"$ref": f"#/components/schemas/{name}", **document}
    return jsonschema.Draft202012Validator(root)


def test_the_document_is_public_and_valid_openapi_3(app, document):
    validate(document)
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "/api/v1"}]
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["bearerAuth"]["description"],
    }
    assert schemes["cookieAuth"]["in"] == "cookie"
    assert document["security"] == [{"bearerAuth": []}, {"cookieAuth": []}]


def test_every_declared_operation_is_documented_with_its_errors(registry, document):
    declared = operations(registry)
    assert {op.name for op in declared} >= {
        "users.list",
        "users.me",
        "users.get",
        "users.patch",
        "companies.list",
        "companies.create",
        "companies.get",
        "companies.patch",
        "contacts.list",
        "contacts.create",
        "contacts.get",
        "contacts.patch",
        "search",
        "openapi",
    }
    for op in declared:
        documented = document["paths"][op.path][op.method.lower()]
        assert documented["operationId"] == op.name
        responses = set(documented["responses"])
        assert any(code.startswith("2") for code in responses), op.name
        if op.public:
            assert documented["security"] == []
            continue
        assert responses >= ALL_ERRORS, op.name
        if op.path_params:
            assert "404" in responses, op.name
        if op.body is not None:
            assert responses >= {"400", "415", "422"}, op.name
            assert documented["requestBody"]["required"] is True
        if op.paginated:
            names = {p["name"] for p in documented["parameters"]}
            assert names >= {"page", "per_page", "sort"}, op.name
        if op.method in ("PATCH", "PUT", "DELETE"):
            assert responses >= {"412", "428"}, op.name
            header = [p for p in documented["parameters"] if p["in"] == "header"]
            assert header[0]["name"] == "If-Match" and header[0]["required"]


def test_filters_and_bodies_come_from_the_schemas(document):
    companies = document["paths"]["/companies"]
    filters = {p["name"]: p for p in companies["get"]["parameters"]}
    assert set(filters) == {"page", "per_page", "sort", "active", "type"} | {
        "situation",
        "group_id",
        "q",
    }
    assert filters["active"]["schema"]["type"] == "boolean"
    assert filters["per_page"]["schema"]["maximum"] == 100

    schemas = document["components"]["schemas"]
    create = schemas["CompanyCreate"]
    assert set(create["required"]) == {"name", "type"}
    assert create["additionalProperties"] is False
    patch = schemas["CompanyPatch"]
    assert "required" not in patch
    # Omitting the name leaves it unchanged; null is refused, so no null default.
    assert "default" not in patch["properties"]["name"]

    users = {p["name"]: p for p in document["paths"]["/users"]["get"]["parameters"]}
    assert users["profile"]["schema"]["enum"] == [
        "admin",
        "manager",
        "salesperson",
        "assistant",
    ]


def test_real_answers_match_the_documented_schemas(api, factories, document):
    company = factories.company(name="Schéma SA")
    factories.contact(company=company)

    for path, name in [
        (f"/companies/{company.id}", "CompanyOut"),
        ("/users/me", "UserOut"),
        ("/search?q=sch", "SearchResults"),
    ]:
        schema_validator(document, name).validate(api.get(path).json)

    page = api.get("/contacts").json
    contact_schema = schema_validator(document, "ContactOut")
    for item in page["items"]:
        contact_schema.validate(item)
    error = api.get("/companies/999999", status=404).json
    schema_validator(document, "ErrorBody").validate(error)
    listed = document["paths"]["/companies"]["get"]["responses"]["200"]
    assert "Link" in listed["headers"]


def test_money_and_instants_have_a_documented_string_form():
    from core.api.schemas import Resource
    from core.api.types import Instant, Money

    class Line(Resource):
        amount: Money
        at: Instant

    schema = Line.model_json_schema(mode="serialization")["properties"]
    assert schema["amount"]["type"] == "string"
    assert schema["at"] == {**schema["at"], "type": "string", "format": "date-time"}


def test_an_operation_declared_by_a_plugin_is_served_and_documented(
    database_url, mail_sink
):
    from core.api.calls import json_response
    from core.api.openapi import build_document
    from core.app import make_configurator

    class Ping(BaseModel):
        pong: str

    def ping(call):
        return Ping(pong="pong")

    config = make_configurator(base_settings(database_url, mail_sink))
    config.add_api_operation(
        "ping", "GET", "/ping/{id}", ping, summary=_("Ping"), response=Ping
    )
    config.add_api_operation(
        "ping.raw",
        "GET",
        "/ping",
        lambda call: json_response({"raw": True}),
        summary=_("Raw ping"),
        permission="view",
    )
    client = webtest.TestApp(config.make_wsgi_app())
    try:
        document = client.get(PREFIX + "/openapi.json").json
        assert document == build_document(config.registry)
        validate(document)
        anonymous = client.get(PREFIX + "/ping/5", status=401)
        assert anonymous.json["error"]["code"] == "unauthenticated"
        ping_doc = document["paths"]["/ping/{id}"]["get"]
        assert ping_doc["parameters"][0]["name"] == "id"
        assert set(ping_doc["responses"]) == {"200", "401", "403", "404"}
        assert document["paths"]["/ping"]["get"]["x-permission"] == "view"
        assert "Ping" in document["components"]["schemas"]
    finally:
        config.registry.relais_engine.dispose()


def test_two_declarations_of_one_method_and_path_conflict(database_url, mail_sink):
    from pyramid.exceptions import ConfigurationConflictError

    from core.app import make_configurator

    def plugin(config):
        config.add_api_operation(
            "companies.again", "GET", "/companies", lambda call: None, summary="x"
        )

    config = make_configurator(base_settings(database_url, mail_sink))
    config.include(plugin)
    try:
        with pytest.raises(ConfigurationConflictError):
            config.commit()
    finally:
        config.registry.relais_engine.dispose()
