"""The new-list form and the edit form check a list's settings alike."""

import pytest
from sqlalchemy import select

from core.lists import services
from core.lists.models import RecordList

LONG = "x" * 10_000


@pytest.mark.parametrize(
    ("name", "message"),
    [("  ", "Give the list a name."), (LONG, "This text is too long.")],
)
def test_new_and_edit_refuse_a_name_with_the_same_message(
    signed_in, dbsession, name, message
):
    new = signed_in.get("/lists/new").forms["list-form"]
    new["name"] = name
    created = new.submit(status=400)
    assert created.html.find(class_="field-error").get_text(strip=True) == message

    record_list = services.create_list(
        dbsession, signed_in.user, "Prospects", "company"
    )
    edit = signed_in.get(f"/lists/{record_list.id}/edit").forms["list-form"]
    edit["name"] = name
    edited = edit.submit(status=400)
    assert edited.html.find(class_="field-error").get_text(strip=True) == message
    dbsession.expire_all()
    names = dbsession.scalars(select(RecordList.name)).all()
    assert names == ["Prospects"]


def test_saving_the_same_new_list_form_twice_makes_one_list(signed_in, dbsession):
    form = signed_in.get("/lists/new").forms["list-form"]
    form["name"] = "Salon 2027"
    first = form.submit()
    # Back to the form, reloaded, filled the same way and saved again.
    again = signed_in.get("/lists/new").forms["list-form"]
    again["name"] = "Salon 2027 "
    second = again.submit()
    assert second.headers["Location"] == first.headers["Location"]
    page = second.follow()
    assert "This list was already created: here it is." in page.text
    assert dbsession.scalars(select(RecordList.name)).all() == ["Salon 2027"]


def test_a_different_form_still_makes_a_new_list(signed_in, dbsession):
    form = signed_in.get("/lists/new").forms["list-form"]
    form["name"] = "Salon 2027"
    form.submit()
    other = signed_in.get("/lists/new").forms["list-form"]
    other["name"] = "Salon 2028"
    other.submit()
    names = sorted(dbsession.scalars(select(RecordList.name)).all())
    assert names == ["Salon 2027", "Salon 2028"]


def test_a_deleted_list_is_made_again(signed_in, dbsession):
    form = signed_in.get("/lists/new").forms["list-form"]
    form["name"] = "Salon 2027"
    form.submit()
    made = dbsession.scalar(select(RecordList))
    dbsession.delete(made)
    dbsession.flush()
    form.submit().follow()
    assert dbsession.scalars(select(RecordList.name)).all() == ["Salon 2027"]


@pytest.mark.parametrize(
    "query",
    [
        "type=99999999999999999999",
        "type=abc",
        "owner=99999999999999999999",
        "type=-1&owner=%C2%B2",
    ],
)
def test_a_bad_filter_value_on_my_lists_is_ignored(signed_in, dbsession, query):
    services.create_list(dbsession, signed_in.user, "Prospects", "company")
    page = signed_in.get(f"/lists?{query}", status=200)
    assert page.html.find(attrs={"data-list": "Prospects"}) is not None


@pytest.mark.parametrize(
    "query",
    [
        "info=99999999999999999999",
        "page=99999999999999999999",
        "size=99999999999999999999",
        "page=%C2%B2&size=-3&info=x",
    ],
)
def test_a_bad_filter_value_on_a_list_is_ignored(
    signed_in, dbsession, factories, query
):
    record_list = services.create_list(
        dbsession, signed_in.user, "Prospects", "company"
    )
    services.add_records(dbsession, record_list, [factories.company("Alpha").id])
    page = signed_in.get(f"/lists/{record_list.id}?{query}", status=200)
    names = [a.text for a in page.html.select("[data-list-rows] td.name a")]
    assert names in (["Alpha"], [])
    export = signed_in.get(f"/lists/{record_list.id}/export?{query}", status=200)
    assert export.content_type == "text/csv"
