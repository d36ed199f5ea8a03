""" "+ contact" from a list row comes back to the same page of the list."""

from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from core.directory.models import Contact
from core.directory.testing import contact_form
from core.lists import services
from core.lists.models import ListRow
from core.testing import csrf_token
from core.web.returns import local_path


def prospects(dbsession, user, factories):
    """A company list holding one company."""
    company = factories.company("Radio Sud")
    record_list = services.create_list(dbsession, user, "Prospects", "company")
    services.add_records(dbsession, record_list, [company.id])
    return company, record_list


def test_a_new_contact_from_a_list_row_returns_to_the_list(
    signed_in, dbsession, factories
):
    company, record_list = prospects(dbsession, signed_in.user, factories)
    page = signed_in.get(f"/lists/{record_list.id}?size=25&page=1")
    link = page.html.find(attrs={"data-action": "add-contact"})["href"]
    back = parse_qs(urlparse(link).query)["came_from"][0]
    assert back == f"/lists/{record_list.id}?size=25&page=1"

    form = contact_form(
        signed_in, dbsession, url=link, first_name="Zoé", last_name="Bernard"
    )
    saved = form.submit("save")
    assert saved.headers["Location"].endswith(back)
    assert saved.follow().html.find("h1").text == "Prospects"
    contact = dbsession.scalar(select(Contact))
    assert (contact.last_name, contact.company_id) == ("Bernard", company.id)


def test_a_row_updated_in_place_keeps_the_list_page_as_return(
    signed_in, dbsession, factories
):
    company, record_list = prospects(dbsession, signed_in.user, factories)
    row = dbsession.scalar(select(ListRow).where(ListRow.list_id == record_list.id))
    page = f"/lists/{record_list.id}?info=empty"
    answer = signed_in.post(
        f"/lists/{record_list.id}/rows/{row.id}/select",
        headers={
            "HX-Request": "true",
            "HX-Current-URL": f"http://localhost{page}",
            "X-CSRF-Token": csrf_token(signed_in),
        },
    )
    link = answer.html.find(attrs={"data-action": "add-contact"})["href"]
    assert parse_qs(urlparse(link).query)["came_from"] == [page]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "/lists\n/1",
        "lists/1",
        "",
    ],
)
def test_only_a_local_path_is_followed_after_saving(signed_in, dbsession, target):
    form = contact_form(
        signed_in,
        dbsession,
        url="/contacts/new",
        first_name="Zoé",
        last_name="Bernard",
    )
    saved = signed_in.post(
        "/contacts/new",
        {**dict(form.submit_fields()), "came_from": target},
    )
    contact = dbsession.scalar(select(Contact))
    assert urlparse(saved.headers["Location"]).path == f"/contacts/{contact.id}"
    assert local_path(target) is None
