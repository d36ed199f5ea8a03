"""Who sees a list and who changes it is the owner's (or an administrator's) call.

Someone the list allows to modify it renames it, but cannot make the owner's
public list private (hiding it from the whole team) nor lock others out.
"""

import pytest

from core.lists import services
from core.testing import csrf_token, sign_in
from tests.core.test_api_support import assert_error, bearer_client

pytest_plugins = ["tests.core.test_api_support"]


@pytest.fixture
def people(factories):
    north = factories.team("Nord")
    return {
        "anne": factories.user(team=north),
        "bruno": factories.user(team=north),
        "admin": factories.user(team=north, profile="admin"),
    }


@pytest.fixture
def opened(dbsession, people):
    return services.create_list(
        dbsession,
        people["anne"],
        "Ouverte",
        "company",
        visibility="public",
        allow_modification=True,
    )


def as_user(make_app, user):
    app = make_app()
    sign_in(app, user.email)
    return app


def test_the_form_shows_the_settings_to_the_owner_only(make_app, opened, people):
    bruno_form = as_user(make_app, people["bruno"]).get(f"/lists/{opened.id}/edit")
    form = bruno_form.forms["list-form"]
    assert "visibility" not in form.fields
    assert "allow_modification" not in form.fields
    anne_form = as_user(make_app, people["anne"]).get(f"/lists/{opened.id}/edit")
    assert "visibility" in anne_form.forms["list-form"].fields
    assert "allow_modification" in anne_form.forms["list-form"].fields


def test_a_co_editor_renames_but_keeps_the_settings(
    make_app, dbsession, opened, people
):
    app = as_user(make_app, people["bruno"])
    form = app.get(f"/lists/{opened.id}/edit").forms["list-form"]
    form["name"] = "Ouverte à tous"
    form.submit(status=303)
    dbsession.refresh(opened)
    assert opened.name == "Ouverte à tous"
    assert opened.visibility == "public"
    assert opened.allow_modification is True


@pytest.mark.parametrize("visibility", ["private", "shared"])
def test_a_co_editor_posting_the_visibility_anyway_is_refused(
    make_app, dbsession, opened, people, visibility
):
    app = as_user(make_app, people["bruno"])
    fields = {"csrf_token": csrf_token(app), "name": "Cachée"}
    page = app.post(
        f"/lists/{opened.id}/edit", {**fields, "visibility": visibility}, status=403
    )
    assert "Only the owner" in page.text
    dbsession.refresh(opened)
    assert (opened.name, opened.visibility) == ("Ouverte", "public")


def test_an_unticked_box_from_a_co_editor_locks_nobody_out(
    make_app, dbsession, opened, people
):
    """An old form posts the settings; the box unticked is simply not sent."""
    app = as_user(make_app, people["bruno"])
    fields = {"csrf_token": csrf_token(app), "name": "Ouverte", "visibility": "public"}
    app.post(f"/lists/{opened.id}/edit", fields, status=303)
    dbsession.refresh(opened)
    assert (opened.visibility, opened.allow_modification) == ("public", True)


def test_the_owner_and_an_administrator_change_the_settings(
    make_app, dbsession, opened, people
):
    for name, visibility in (("anne", "shared"), ("admin", "private")):
        app = as_user(make_app, people[name])
        form = app.get(f"/lists/{opened.id}/edit").forms["list-form"]
        form["visibility"] = visibility
        form.submit(status=303)
        dbsession.refresh(opened)
        assert opened.visibility == visibility
    app = as_user(make_app, people["anne"])
    form = app.get(f"/lists/{opened.id}/edit").forms["list-form"]
    form["allow_modification"] = False
    form.submit(status=303)
    dbsession.refresh(opened)
    assert opened.allow_modification is False


def test_the_service_refuses_the_settings_to_others(dbsession, opened, people):
    bruno = people["bruno"]
    for field, value in (
        ("visibility", "private"),
        ("allow_modification", False),
        ("owner_id", bruno.id),
    ):
        with pytest.raises(services.ListForbidden):
            services.update_list(dbsession, opened, bruno, {field: value})
    services.update_list(dbsession, opened, bruno, {"name": "Renommée"})
    services.update_list(dbsession, opened, people["anne"], {"owner_id": bruno.id})
    assert opened.owner_id == bruno.id


def test_the_api_refuses_the_visibility_to_a_co_editor(
    make_app, dbsession, opened, people
):
    bruno = bearer_client(make_app(), dbsession, people["bruno"])
    path = f"/lists/{opened.id}"
    response = bruno.send(
        "PATCH",
        path,
        b'{"visibility": "private"}',
        headers={"If-Match": bruno.etag(path)},
    )
    assert_error(response, 403, "forbidden")
    dbsession.refresh(opened)
    assert opened.visibility == "public"


def test_a_new_list_is_made_for_someone_else(make_app, dbsession, people):
    from sqlalchemy import select

    from core.lists.models import RecordList

    app = as_user(make_app, people["anne"])
    form = app.get("/lists/new").forms["list-form"]
    assert form["owner_id"].value == str(people["anne"].id)
    form["name"] = "Pour Bruno"
    form["owner_id"] = str(people["bruno"].id)
    form["visibility"] = "private"
    answer = form.submit(status=303)
    # Anne may not see Bruno's private list: she is told, not sent to a 404.
    assert answer.headers["Location"].endswith("/lists")
    assert people["bruno"].display_name in answer.follow().text
    made = dbsession.scalar(select(RecordList).where(RecordList.name == "Pour Bruno"))
    assert made.owner_id == people["bruno"].id
    as_user(make_app, people["bruno"]).get(f"/lists/{made.id}", status=200)


def test_the_owner_hands_the_list_over(make_app, dbsession, opened, people):
    app = as_user(make_app, people["anne"])
    form = app.get(f"/lists/{opened.id}/edit").forms["list-form"]
    form["owner_id"].force_value("999999")
    refused = form.submit(status=400)
    assert refused.html.select_one("#e-owner_id").text
    form = refused.forms["list-form"]
    form["owner_id"] = str(people["bruno"].id)
    form.submit(status=303)
    dbsession.refresh(opened)
    assert opened.owner_id == people["bruno"].id


def test_a_co_editor_cannot_take_the_list(make_app, dbsession, opened, people):
    app = as_user(make_app, people["bruno"])
    form = app.get(f"/lists/{opened.id}/edit").forms["list-form"]
    assert "owner_id" not in form.fields
    app.post(
        f"/lists/{opened.id}/edit",
        {
            "csrf_token": csrf_token(app),
            "name": "Ouverte",
            "owner_id": str(people["bruno"].id),
        },
        status=403,
    )
    dbsession.refresh(opened)
    assert opened.owner_id == people["anne"].id
