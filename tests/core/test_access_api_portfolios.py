"""``/portfolio-assignments`` and ``/follows`` in the JSON API."""

from __future__ import annotations

from sqlalchemy import select

from core.directory.models import CompanyPortfolio
from tests.core.test_api_support import assert_error

pytest_plugins = ["tests.core.test_api_support"]


def test_a_salesperson_takes_a_company_and_lets_it_go(api_as, factories, dbsession):
    api = api_as()
    company = factories.company("Dior")
    body = {"company_id": company.id, "user_id": api.user.id}
    created = api.post("/portfolio-assignments", body).json
    listed = api.get(f"/portfolio-assignments?company_id={company.id}").json
    assert [item["user_id"] for item in listed["items"]] == [api.user.id]
    assert_error(api.post("/portfolio-assignments", body, status=409), 409)
    path = f"/portfolio-assignments/{created['id']}"
    api.send("DELETE", path, status=428)
    api.send("DELETE", path, headers={"If-Match": "*"}, status=204)
    assert dbsession.scalars(select(CompanyPortfolio)).all() == []


def test_assigning_someone_else_needs_the_right(api_as, factories):
    company = factories.company("Dior")
    colleague = factories.user()
    assistant = api_as("assistant")
    body = {"company_id": company.id, "user_id": colleague.id}
    response = assistant.post("/portfolio-assignments", body, status=403)
    assert_error(response, 403, "forbidden")
    api_as("manager").post("/portfolio-assignments", body)


def test_hidden_companies_and_unknown_users_are_refused(api_as, factories, dbsession):
    from core.access.services import set_reach

    api = api_as()
    hidden = factories.company("Cachée")
    set_reach(dbsession, api.user.profile, "company", "own", "own")
    body = {"company_id": hidden.id, "user_id": api.user.id}
    error = assert_error(api.post("/portfolio-assignments", body, status=422), 422)
    assert error["fields"] == {"company_id": "No such company."}
    visible = factories.company("Visible")
    dbsession.add(CompanyPortfolio(user_id=api.user.id, company_id=visible.id))
    dbsession.flush()
    body = {"company_id": visible.id, "user_id": 999999}
    error = assert_error(api.post("/portfolio-assignments", body, status=422), 422)
    assert error["fields"] == {"user_id": "No such active user."}


def test_follow_and_unfollow(api_as, factories):
    api = api_as()
    company = factories.company("Dior")
    contact = factories.contact(company)
    api.post("/follows", {"kind": "company", "record_id": company.id})
    api.post("/follows", {"kind": "contact", "record_id": contact.id})
    assert api.get("/follows").json["items"] == [
        {"kind": "company", "record_id": company.id},
        {"kind": "contact", "record_id": contact.id},
    ]
    path = f"/follows/companies/{company.id}"
    api.send("DELETE", path, headers={"If-Match": "*"}, status=204)
    api.send("DELETE", path, headers={"If-Match": "*"}, status=404)
    assert api.get("/follows").json["items"] == [
        {"kind": "contact", "record_id": contact.id}
    ]
    error = assert_error(
        api.post("/follows", {"kind": "company", "record_id": 999999}, status=422),
        422,
    )
    assert list(error["fields"]) == ["record_id"]


def test_contacts_have_portfolios_too(api_as, factories, dbsession):
    from core.directory.models import ContactPortfolio

    api = api_as()
    contact = factories.contact(factories.company("Dior"))
    colleague = factories.user()
    body = {"contact_id": contact.id, "user_id": api.user.id}
    created = api.post("/contact-portfolio-assignments", body).json
    assert created["contact_id"] == contact.id
    listed = api.get(f"/contact-portfolio-assignments?contact_id={contact.id}").json
    assert [item["user_id"] for item in listed["items"]] == [api.user.id]
    assert_error(api.post("/contact-portfolio-assignments", body, status=409), 409)
    # Someone else's portfolio needs the right to assign.
    other = {"contact_id": contact.id, "user_id": colleague.id}
    response = api_as("assistant").post(
        "/contact-portfolio-assignments", other, status=403
    )
    assert_error(response, 403, "forbidden")
    api_as("manager").post("/contact-portfolio-assignments", other)
    unknown = {"contact_id": 999999, "user_id": api.user.id}
    error = assert_error(
        api.post("/contact-portfolio-assignments", unknown, status=422), 422
    )
    assert error["fields"] == {"contact_id": "No such contact."}

    path = f"/contact-portfolio-assignments/{created['id']}"
    api.send("DELETE", path, headers={"If-Match": "*"}, status=204)
    owners = dbsession.scalars(select(ContactPortfolio.user_id)).all()
    assert owners == [colleague.id]
