"""A private opportunity is seen by its owner and the managers above (S-02).

Everywhere: the pipe views, their totals, the export, the sheet, the kanban
and the API.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from core.opportunities.testing import opportunity
from core.testing import sign_in
from tests.core.test_api_support import bearer_client

pytest_plugins = ["tests.core.test_api_support"]

VIEWS = ("/opportunities", "/opportunities/months", "/opportunities/statuses")


@pytest.fixture
def people(factories):
    team, other_team = factories.team(), factories.team()
    return {
        "owner": factories.user(team=team, last_name="Bertin"),
        "colleague": factories.user(team=team, last_name="Aubry"),
        "manager": factories.user(profile="manager", team=team),
        "other_manager": factories.user(profile="manager", team=other_team),
        "admin": factories.user(profile="admin"),
    }


@pytest.fixture
def secret(dbsession, factories, people):
    company = factories.company("Régie Média")
    opportunity(dbsession, people["owner"], company, title="Public", amount="100")
    return opportunity(
        dbsession,
        people["owner"],
        company,
        title="Régie Secrète",
        amount="900000",
        private=True,
    )


def all_pipe(path: str) -> str:
    # Every salesperson's opportunities, not only the viewer's own.
    return f"{path}?filtered=1&closed=all"


def browse(make_app, user):
    app = make_app()
    sign_in(app, user.email)
    return app


def totals(page) -> tuple[str, str]:
    box = page.html.select_one("[data-totals]")
    return box.select_one('[data-total="count"]').text, box.select_one(
        '[data-total="total"]'
    ).text


@pytest.mark.parametrize("who", ["colleague", "other_manager"])
def test_others_see_it_nowhere(make_app, people, secret, who, dbsession):
    app = browse(make_app, people[who])
    for path in VIEWS:
        page = app.get(all_pipe(path))
        assert "Régie Secrète" not in page.text
        assert totals(page) == ("1", "€100.00")
    app.get(f"/opportunities/{secret.id}", status=404)
    app.get(f"/opportunities/{secret.id}/edit", status=404)
    export = app.get("/opportunities/export.xlsx?filtered=1&closed=all")
    sheet = openpyxl.load_workbook(io.BytesIO(export.body)).active
    titles = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Régie Secrète" not in titles

    api = bearer_client(app, dbsession, people[who])
    listed = api.get("/opportunities").json
    assert {item["title"] for item in listed["items"]} == {"Public"}
    assert listed["total"] == 1
    api.get(f"/opportunities/{secret.id}", status=404)
    api.patch(f"/opportunities/{secret.id}", {"title": "x"}, '"1"', status=404)


@pytest.mark.parametrize("who", ["owner", "manager", "admin"])
def test_the_owner_and_the_managers_above_see_it(make_app, people, secret, who):
    app = browse(make_app, people[who])
    for path in VIEWS:
        page = app.get(all_pipe(path))
        assert "Régie Secrète" in page.text
        assert totals(page) == ("2", "€900,100.00")
    assert app.get(f"/opportunities/{secret.id}").status_int == 200


def test_the_kanban_cannot_move_what_it_cannot_see(make_app, people, secret):
    from core.testing import csrf_token

    app = browse(make_app, people["colleague"])
    app.post(
        f"/opportunities/{secret.id}/status",
        {"status_id": str(secret.status_id)},
        headers={"X-CSRF-Token": csrf_token(app)},
        status=404,
    )


def test_a_colleague_reads_but_does_not_change_a_public_one(
    make_app, people, secret, dbsession
):
    from sqlalchemy import select

    from core.opportunities.models import Opportunity
    from core.testing import csrf_token

    public = dbsession.scalar(select(Opportunity).where(Opportunity.title == "Public"))
    app = browse(make_app, people["colleague"])
    sheet = app.get(f"/opportunities/{public.id}")
    assert sheet.html.select_one('a[data-action="edit"]') is None
    app.get(f"/opportunities/{public.id}/edit", status=403)
    app.post(
        f"/opportunities/{public.id}/status",
        {"status_id": str(public.status_id)},
        headers={"X-CSRF-Token": csrf_token(app)},
        status=403,
    )
    board = app.get(all_pipe("/opportunities/statuses"))
    assert "locked" in board.html.select_one(f'[data-card="{public.id}"]')["class"]

    manager = browse(make_app, people["manager"])
    board = manager.get(all_pipe("/opportunities/statuses"))
    assert "locked" not in board.html.select_one(f'[data-card="{public.id}"]')["class"]
    assert manager.get(f"/opportunities/{public.id}/edit").status_int == 200


def test_the_api_refuses_changes_to_a_colleagues_opportunity(
    app, people, secret, dbsession
):
    api = bearer_client(app, dbsession, people["colleague"])
    listed = api.get("/opportunities").json["items"]
    public = next(item for item in listed if item["title"] == "Public")
    path = f"/opportunities/{public['id']}"
    api.patch(path, {"title": "Mine now"}, api.etag(path), status=403)
    api.post(f"{path}/lines", {"product": "web", "amount": "1"}, status=403)
