"""The "Lists" tab of company and contact sheets: the lists the user sees."""

from core.lists import services


def lists_in_tab(app, path):
    tab = app.get(path).html.find(attrs={"data-record-lists": True})
    return [(a.text, a["href"]) for a in tab.select("td a")]


def test_company_and_contact_sheets_list_what_the_user_may_see(
    signed_in, dbsession, factories
):
    me = signed_in.user
    other = factories.user(profile="salesperson")
    company = factories.company("Radio Sud")
    zoe = factories.contact(company, last_name="Bernard")

    def make(owner, name, kind, ids, visibility="private"):
        record_list = services.create_list(
            dbsession, owner, name, kind, visibility=visibility
        )
        services.add_records(dbsession, record_list, ids)
        return record_list

    mine = make(me, "Mes radios", "company", [company.id])
    public = make(other, "Radios publiques", "company", [company.id], "public")
    make(other, "Secret", "company", [company.id])
    gone = make(me, "Ancienne", "company", [company.id])
    # Taken out of a list by hand: no longer in it.
    services.remove_rows(
        dbsession, gone, [services.existing_rows(dbsession, gone)[company.id].id]
    )
    contacts = make(me, "Presse", "contact", [zoe.id])
    row = services.existing_rows(dbsession, contacts)[zoe.id]
    row.info = services.info_for(dbsession, contacts, "A rappeler")
    dbsession.flush()

    assert lists_in_tab(signed_in, f"/companies/{company.id}") == [
        ("Mes radios", f"http://localhost/lists/{mine.id}"),
        ("Radios publiques", f"http://localhost/lists/{public.id}"),
    ]
    tab = signed_in.get(f"/contacts/{zoe.id}").html.find(
        attrs={"data-record-lists": True}
    )
    assert [a.text for a in tab.select("td a")] == ["Presse"]
    assert "A rappeler" in tab.text
