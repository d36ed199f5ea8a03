"""D-04: a deactivated company leaves the list's counts and exports."""

import csv
import io

from core.directory.services import companies as company_services
from core.lists import services
from core.testing import csrf_token


def exported_names(app, record_list) -> list[str]:
    body = app.get(f"/lists/{record_list.id}/export").body.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))
    return sorted(row[0] for row in rows[1:])


def test_deactivated_company_is_gone_then_back(signed_in, dbsession, factories):
    a, b, c = (factories.company(name) for name in ("Alpha", "Beta", "Gamma"))
    contact = factories.contact(b)
    record_list = services.create_list(dbsession, signed_in.user, "Trois", "company")
    services.add_records(dbsession, record_list, [a.id, b.id, c.id])
    contacts = services.create_list(dbsession, signed_in.user, "Gens", "contact")
    services.add_records(dbsession, contacts, [contact.id])

    token = csrf_token(signed_in)
    signed_in.post(f"/companies/{b.id}/deactivate", {"csrf_token": token})
    dbsession.refresh(b)
    assert b.active is False

    page = signed_in.get(f"/lists/{record_list.id}")
    assert page.html.find(attrs={"data-counter": "shown"}).text == "2"
    assert [x.text for x in page.html.select("td.name a")] == ["Alpha", "Gamma"]
    assert exported_names(signed_in, record_list) == ["Alpha", "Gamma"]
    listing = signed_in.get("/lists")
    assert (
        listing.html.find(attrs={"data-list": "Trois"})
        .find(attrs={"data-count": ""})
        .text
        == "2"
    )
    # Its contacts leave contact lists with it.
    assert (
        signed_in.get(f"/lists/{contacts.id}")
        .html.find(attrs={"data-counter": "shown"})
        .text
        == "0"
    )

    signed_in.post(f"/companies/{b.id}/reactivate", {"csrf_token": token})
    page = signed_in.get(f"/lists/{record_list.id}")
    assert page.html.find(attrs={"data-counter": "shown"}).text == "3"
    assert exported_names(signed_in, record_list) == ["Alpha", "Beta", "Gamma"]
    assert company_services is not None
