"""Making a list and working it: the page, its marks saved as they happen."""

from sqlalchemy import select

from core.lists import services
from core.lists.models import ListInfo, ListRow, ListType, RecordList
from core.testing import csrf_token


def make_list(dbsession, owner, records, kind="company", **fields):
    record_list = services.create_list(dbsession, owner, "Prospects", kind, **fields)
    services.add_records(dbsession, record_list, [r.id for r in records])
    return record_list


def rows_of(dbsession, record_list):
    query = select(ListRow).where(ListRow.list_id == record_list.id)
    return {row.company_id or row.contact_id: row for row in dbsession.scalars(query)}


def test_new_list_from_ids(signed_in, dbsession, factories):
    companies = [factories.company(f"Régie {n}") for n in range(3)]
    prospection = dbsession.scalar(
        select(ListType).where(ListType.code == "prospection")
    )
    query = "&".join(f"ids={c.id}" for c in companies)
    form = signed_in.get(f"/lists/new?kind=company&{query}").forms["list-form"]
    form["name"] = "Régies à appeler"
    form["type_id"] = str(prospection.id)
    form["visibility"] = "shared"
    page = form.submit().follow()
    assert page.html.find("h1").text == "Régies à appeler"
    assert [a.text for a in page.html.select("[data-list-rows] td.name a")] == [
        "Régie 0",
        "Régie 1",
        "Régie 2",
    ]
    record_list = dbsession.scalar(select(RecordList))
    assert (record_list.owner_id, record_list.visibility) == (
        signed_in.user.id,
        "shared",
    )
    assert record_list.type.code == "prospection"
    listing = signed_in.get("/lists")
    row = listing.html.find(attrs={"data-list": "Régies à appeler"})
    assert row.find(attrs={"data-count": ""}).text == "3"


def test_a_list_needs_a_name(signed_in):
    form = signed_in.get("/lists/new").forms["list-form"]
    form["name"] = "  "
    page = form.submit(status=400)
    assert "Give the list a name" in page.text


def test_marks_are_saved_as_they_happen(signed_in, dbsession, factories):
    company = factories.company("Radio Nord")
    factories.contact(company)
    factories.contact(company)
    record_list = make_list(dbsession, signed_in.user, [company])
    row = rows_of(dbsession, record_list)[company.id]
    token = csrf_token(signed_in)
    headers = {"HX-Request": "true", "X-CSRF-Token": token}
    base = f"/lists/{record_list.id}/rows/{row.id}"

    answer = signed_in.post(f"{base}/select", headers=headers)
    assert answer.html.find(attrs={"data-counter": "selected"}).text == "1"
    answer = signed_in.post(f"{base}/info", {"info": "A rappeler"}, headers=headers)
    assert answer.html.find("input", attrs={"name": "info"})["value"] == "A rappeler"
    answer = signed_in.post(f"{base}/hide", headers=headers)
    assert answer.html.find(attrs={"data-counter": "hidden"}).text == "1"

    dbsession.refresh(row)
    assert row.hidden and not row.selected
    assert row.info.label == "A rappeler"
    page = signed_in.get(f"/lists/{record_list.id}")
    assert page.html.find(attrs={"data-empty": ""}) is not None
    hidden = signed_in.get(f"/lists/{record_list.id}?hidden=1")
    tr = hidden.html.find(attrs={"data-row": str(row.id)})
    assert tr.find("a").text == "Radio Nord"
    assert tr.find(attrs={"data-contacts": True})["data-contacts"] == "2"


def test_info_values_belong_to_the_list(signed_in, dbsession, factories):
    a, b, c = (factories.company(name) for name in ("A", "B", "C"))
    record_list = make_list(dbsession, signed_in.user, [a, b, c])
    rows = rows_of(dbsession, record_list)
    token = csrf_token(signed_in)
    for company, value in ((a, "OUI"), (b, "oui")):
        signed_in.post(
            f"/lists/{record_list.id}/rows/{rows[company.id].id}/info",
            {"info": value, "csrf_token": token},
        )
    infos = dbsession.scalars(select(ListInfo)).all()
    assert [info.label for info in infos] == ["OUI"]
    page = signed_in.get(f"/lists/{record_list.id}")
    assert [o["value"] for o in page.html.find("datalist").find_all("option")] == [
        "OUI"
    ]
    empty = signed_in.get(f"/lists/{record_list.id}?info=empty")
    assert [a.text for a in empty.html.select("td.name a")] == ["C"]
    oui = signed_in.get(f"/lists/{record_list.id}?info={infos[0].id}")
    assert [a.text for a in oui.html.select("td.name a")] == ["A", "B"]


def test_two_people_typing_the_same_new_info_share_one_value(dbsession, factories):
    """The second insert of a value loses the race and takes the first one."""
    owner = factories.user()
    record_list = services.create_list(dbsession, owner, "Relances", "company")
    assert record_list.infos == []
    # Someone else's request created "À rappeler" since this one loaded the list.
    dbsession.execute(
        ListInfo.__table__.insert().values(list_id=record_list.id, label="À rappeler")
    )

    info = services.info_for(dbsession, record_list, "À rappeler")
    assert info is not None and info.label == "À rappeler"
    labels = dbsession.scalars(
        select(ListInfo.label).where(ListInfo.list_id == record_list.id)
    ).all()
    assert labels == ["À rappeler"]


def test_a_new_list_holds_only_what_it_is_made_from(signed_in, dbsession, factories):
    """Made from scratch it is empty; made from an import it holds the import's
    records; neither takes in the rest of the base."""
    from core.transfer.models import ImportJob

    others = [factories.company(f"Autre {n}") for n in range(3)]
    zoe = factories.contact(others[0], last_name="Importée")
    job = ImportJob(
        user_id=signed_in.user.id,
        filename="cartes.vcf",
        kind="vcard",
        content=b"",
        status="done",
        summary={"contacts": [zoe.id], "companies": []},
    )
    dbsession.add(job)
    dbsession.flush()

    form = signed_in.get("/lists/new").forms["list-form"]
    assert "criteria" not in form.fields
    form["name"] = "Vide"
    empty = form.submit().follow()
    assert empty.html.select("[data-list-rows] td.name a") == []

    form = signed_in.get(f"/lists/new?import_job={job.id}").forms["list-form"]
    assert form["kind"].value == "contact"
    form["name"] = "Importés"
    page = form.submit().follow()
    names = [a.text for a in page.html.select("[data-list-rows] td.name a")]
    assert len(names) == 1 and "Importée" in names[0]
