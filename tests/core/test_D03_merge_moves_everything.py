"""D-03: a merge moves everything, leaves nothing pointing at the merged
company, and its undo gives back exactly the state before.

Company A carries every kind of row the enabled modules keep on a company;
B has its own. The check that nothing points at A walks every foreign key of
the schema, so a module whose table points at companies without a merge step
fails here.
"""

from __future__ import annotations

from core.directory.models import Address, CompanyFollow, CompanyPortfolio
from core.directory.services.companies import picker_label
from tests.core.merge_support import pointing_at, snapshot


def company_a_and_b(factories, dbsession, user):
    a = factories.company(
        "Annonceur A",
        addresses=[Address(street="1 rue A", city="Lyon", is_default=True)],
    )
    b = factories.company("Annonceur B")
    contacts = [factories.contact(a) for _ in range(4)]
    factories.contact(b)
    dbsession.add_all(
        [
            CompanyPortfolio(user_id=user.id, company_id=a.id),
            CompanyFollow(user_id=user.id, company_id=a.id),
        ]
    )
    factories.company("Filiale de A", group=a)
    dbsession.flush()
    return a, b, contacts


def merge_through_the_pages(app, a, b):
    form = app.get(f"/companies/{a.id}/merge").forms["merge-form"]
    form["target"] = picker_label(b)
    return form.submit("preview").forms["merge-form"].submit("confirm").follow()


def test_merge_moves_everything_and_undo_restores_it(signed_in, factories, dbsession):
    a, b, contacts = company_a_and_b(factories, dbsession, signed_in.user)
    before = snapshot(dbsession)

    sheet = merge_through_the_pages(signed_in, a, b)
    dbsession.expire_all()

    assert pointing_at(dbsession, "company", a.id) == {}
    assert {c.company_id for c in contacts} == {b.id}
    assert len(b.contacts) == 5
    assert signed_in.user in b.owners
    assert not a.active
    opened = signed_in.get(f"/companies/{a.id}")
    assert opened.location.endswith(f"/companies/{b.id}")

    history = sheet.html.find(attrs={"data-tab": "history"})
    merged = history.find(attrs={"data-event": "merged"})
    assert "Annonceur A" in merged.text
    assert signed_in.user.display_name in merged.text

    undo_form = next(
        f for name, f in sheet.forms.items() if str(name).startswith("undo-")
    )
    undo_form.submit().follow()
    dbsession.expire_all()
    assert snapshot(dbsession) == before
    assert a.active
