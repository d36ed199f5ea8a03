"""Actions follow the portfolio rules of core.access everywhere they show."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.access.models import AccessScope
from core.auth.models import Profile
from core.directory.models import CompanyPortfolio
from core.testing import sign_in
from tests.core.test_api_support import bearer_client

pytest_plugins = ["tests.core.test_api_support"]


def restrict(dbsession, profile_code: str, kind: str, view: str, edit: str):
    profile = dbsession.scalar(select(Profile).where(Profile.code == profile_code))
    dbsession.add(AccessScope(profile_id=profile.id, kind=kind, view=view, edit=edit))
    dbsession.flush()


@pytest.fixture
def portfolios(factories, dbsession):
    """Two salespeople, each with a company in their portfolio."""
    mine, theirs = factories.user(), factories.user()
    own_company, other_company = factories.company("À moi"), factories.company("À lui")
    dbsession.add(CompanyPortfolio(user_id=mine.id, company_id=own_company.id))
    dbsession.add(CompanyPortfolio(user_id=theirs.id, company_id=other_company.id))
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    visible = factories.action(
        author=theirs,
        subject="Sur mon client",
        contacts=[factories.contact(company=own_company)],
        start=soon,
    )
    hidden = factories.action(
        author=theirs,
        subject="Sur son client",
        contacts=[factories.contact(company=other_company)],
        start=soon,
    )
    return mine, theirs, visible, hidden


def test_actions_on_contacts_out_of_reach_are_hidden(
    make_app, factories, dbsession, portfolios
):
    mine, theirs, visible, hidden = portfolios
    restrict(dbsession, "salesperson", "contact", "own", "own")
    app = make_app()
    sign_in(app, mine.email)
    app.get(f"/actions/{visible.id}")
    app.get(f"/actions/{hidden.id}", status=404)

    api = bearer_client(make_app(), dbsession, mine)
    listed = api.get(f"/actions?user_id={theirs.id}").json
    assert [item["id"] for item in listed["items"]] == [visible.id]
    api.get(f"/actions/{hidden.id}", status=404)


def test_the_reach_over_actions_applies_to_lists(
    make_app, factories, dbsession, portfolios
):
    mine, theirs, visible, hidden = portfolios
    restrict(dbsession, "salesperson", "action", "own", "own")
    own = factories.action(author=mine, subject="La mienne")
    app = make_app()
    sign_in(app, mine.email)
    app.get(f"/actions/{visible.id}", status=404)
    contact_page = app.get(f"/contacts/{own.contacts[0].id}")
    rows = contact_page.html.select("[data-action-row]")
    assert [row["data-action-row"] for row in rows] == [str(own.id)]
    params = {"start": "2026-01-01T00:00:00", "end": "2027-12-31T00:00:00"}
    manager = factories.user(profile="manager")
    manager_app = make_app()
    sign_in(manager_app, manager.email)
    ids = [
        e["id"]
        for e in manager_app.get("/agenda/events", {**params, "user": theirs.id}).json
    ]
    assert f"action-{visible.id}" in ids and f"action-{hidden.id}" in ids


def test_a_salesperson_changes_only_their_actions(make_app, factories, portfolios):
    mine, theirs, visible, hidden = portfolios
    app = make_app()
    sign_in(app, mine.email)
    page = app.get(f"/actions/{visible.id}").html
    assert page.find(attrs={"data-action": "edit"}) is None
    app.get(f"/actions/{visible.id}/edit", status=403)


def test_a_chain_shows_only_the_actions_the_reader_may_see(
    make_app, factories, dbsession, registry, portfolios
):
    from core.actions.services import plan_next

    mine, theirs, visible, hidden = portfolios
    restrict(dbsession, "salesperson", "contact", "own", "own")
    later = plan_next(
        dbsession,
        registry,
        visible,
        author=theirs,
        type_code="rdv",
        start=visible.starts_at + dt.timedelta(days=7),
        subject="Chez l'autre client",
        contacts=hidden.contacts,
    )
    app = make_app()
    sign_in(app, mine.email)
    sheet = app.get(f"/actions/{visible.id}").html
    chain = [li["data-chain-action"] for li in sheet.select("[data-chain-action]")]
    assert chain == [str(visible.id)]
    assert "Chez l'autre client" not in sheet.text

    api = bearer_client(make_app(), dbsession, mine)
    read = api.get(f"/actions/{visible.id}/chain").json
    assert [item["id"] for item in read["actions"]] == [visible.id]
    assert later.id not in [item["id"] for item in read["actions"]]

    body = {
        "type": "telephone",
        "subject": "Suite",
        "start": "2026-06-01T09:00:00Z",
        "contact_ids": [visible.contacts[0].id],
    }
    hidden_previous = api.post(
        "/actions", body | {"previous_id": later.id}, status=422
    ).json
    assert hidden_previous["error"]["fields"]["previous_id"] == "No such action."
    # Seen but not theirs: following it up would close someone else's follow-up.
    not_mine = api.post("/actions", body | {"previous_id": visible.id}, status=422)
    assert "previous_id" in not_mine.json["error"]["fields"]
    app.get(f"/actions/{visible.id}/next", status=403)
    dbsession.refresh(visible)
    assert visible.follow_up_done_at is not None  # closed by ``later`` only
