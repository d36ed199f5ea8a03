"""Public, private and shared lists for three users in two teams."""

import pytest

from core.lists import services
from core.testing import csrf_token, sign_in


@pytest.fixture
def people(factories):
    north, south = factories.team("Nord"), factories.team("Sud")
    return {
        "anne": factories.user(team=north),
        "bruno": factories.user(team=north),
        "chloe": factories.user(team=south),
    }


def as_user(make_app, user):
    app = make_app()
    sign_in(app, user.email)
    return app


def test_who_sees_which_list(make_app, dbsession, people):
    anne = people["anne"]
    lists = {
        visibility: services.create_list(
            dbsession, anne, f"Liste {visibility}", "company", visibility=visibility
        )
        for visibility in ("public", "private", "shared")
    }
    expected = {
        "anne": {"Liste public", "Liste private", "Liste shared"},
        "bruno": {"Liste public", "Liste shared"},
        "chloe": {"Liste public"},
    }
    for name, seen in expected.items():
        app = as_user(make_app, people[name])
        page = app.get("/lists")
        names = {
            tr["data-list"] for tr in page.html.find_all(attrs={"data-list": True})
        }
        assert names == seen, name
        for visibility, record_list in lists.items():
            status = 200 if f"Liste {visibility}" in seen else 404
            app.get(f"/lists/{record_list.id}", status=status)


def test_allow_modification_lets_others_work_the_list(
    make_app, dbsession, people, factories
):
    anne, bruno = people["anne"], people["bruno"]
    company = factories.company("Hebdo")
    closed = services.create_list(
        dbsession, anne, "Fermée", "company", visibility="public"
    )
    opened = services.create_list(
        dbsession,
        anne,
        "Ouverte",
        "company",
        visibility="public",
        allow_modification=True,
    )
    for record_list in (closed, opened):
        services.add_records(dbsession, record_list, [company.id])
    app = as_user(make_app, bruno)
    token = csrf_token(app)
    for record_list, status in ((closed, 403), (opened, 303)):
        row = services.existing_rows(dbsession, record_list)[company.id]
        app.post(
            f"/lists/{record_list.id}/rows/{row.id}/hide",
            {"csrf_token": token},
            status=status,
        )
    app.post(f"/lists/{closed.id}/delete", {"csrf_token": token}, status=403)
    page = app.get(f"/lists/{closed.id}")
    assert page.html.find(attrs={"data-action": "delete"}) is None
