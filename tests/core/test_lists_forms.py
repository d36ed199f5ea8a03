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
