"""Lists from a search: a new list keeps its criteria; add and remove."""

import json

from sqlalchemy import select

from core.lists import services
from core.lists.models import RecordList
from core.reference.models import CompanyType
from core.testing import csrf_token


def search_form(app, query: str):
    page = app.get(f"/search?{query}")
    return page.forms["search-to-list"]


def type_id(dbsession, code):
    return dbsession.scalar(select(CompanyType.id).where(CompanyType.code == code))


def test_new_list_from_a_search_then_regenerate(signed_in, dbsession, factories):
    for name in ("Régie Alpha", "Régie Beta"):
        factories.company(name, type_code="regie")
    factories.company("Annonceur Gamma")
    form = search_form(
        signed_in, f"entity=company&type_ids={type_id(dbsession, 'regie')}"
    )
    dialog = form.submit("mode", value="add").follow()
    assert dialog.html.find(attrs={"data-from-search": ""}) is not None
    dialog.forms["list-form"]["name"] = "Les régies"
    page = dialog.forms["list-form"].submit().follow()
    assert sorted(a.text for a in page.html.select("td.name a")) == [
        "Régie Alpha",
        "Régie Beta",
    ]
    record_list = dbsession.scalar(select(RecordList))
    assert record_list.criteria["type_ids"] == [type_id(dbsession, "regie")]
    assert len(services.criteria_history(dbsession, record_list)) == 1
    back = page.html.find(attrs={"data-action": "back-to-search"})["href"]
    assert "type_ids=" in back

    # A new régie appears; regenerating brings it in, marks kept.
    rows = services.existing_rows(dbsession, record_list)
    first = next(iter(rows.values()))
    first.info = services.info_for(dbsession, record_list, "OUI")
    dbsession.flush()
    factories.company("Régie Delta", type_code="regie")
    page = signed_in.post(
        f"/lists/{record_list.id}/regenerate", {"csrf_token": csrf_token(signed_in)}
    ).follow()
    assert "1 new" in page.text
    assert "Régie Delta" in [a.text for a in page.html.select("td.name a")]
    dbsession.refresh(first)
    assert first.info.label == "OUI"


def test_add_and_remove_search_results(signed_in, dbsession, factories):
    alpha = factories.company("Alpha Radio", type_code="media")
    beta = factories.company("Beta Presse", type_code="regie")
    record_list = services.create_list(dbsession, signed_in.user, "Mix", "company")
    services.add_records(dbsession, record_list, [beta.id])

    form = search_form(
        signed_in, f"entity=company&type_ids={type_id(dbsession, 'media')}"
    )
    options = signed_in.get("/lists/for-search?entity=company")
    assert f'value="{record_list.id}"' in options.text
    form["list_id"].force_value(str(record_list.id))
    page = form.submit("mode", value="add").follow()
    assert "1 added" in page.text
    assert sorted(a.text for a in page.html.select("td.name a")) == [
        "Alpha Radio",
        "Beta Presse",
    ]
    form = search_form(
        signed_in, f"entity=company&type_ids={type_id(dbsession, 'regie')}"
    )
    form["list_id"].force_value(str(record_list.id))
    page = form.submit("mode", value="remove").follow()
    assert "1 removed" in page.text
    assert [a.text for a in page.html.select("td.name a")] == ["Alpha Radio"]
    assert services.existing_rows(dbsession, record_list)[beta.id].removed
    assert alpha.id in services.existing_rows(dbsession, record_list)


def test_a_contact_search_cannot_fill_a_company_list(signed_in, dbsession):
    record_list = services.create_list(dbsession, signed_in.user, "Sociétés", "company")
    page = signed_in.post(
        "/lists/from-search",
        {
            "csrf_token": csrf_token(signed_in),
            "criteria": json.dumps({"entity": "contact"}),
            "list_id": str(record_list.id),
        },
    ).follow()
    assert "same kind" in page.text


def test_removing_results_needs_an_existing_list(signed_in, dbsession, factories):
    factories.company("Alpha Radio", type_code="media")
    form = search_form(
        signed_in, f"entity=company&type_ids={type_id(dbsession, 'media')}"
    )
    remove = form.html.find(attrs={"data-action": "remove-from-list"})
    # Disabled until a list is chosen (the page's script enables it then).
    assert remove.has_attr("disabled")
    form["list_id"].force_value("")
    answer = form.submit("mode", value="remove")
    assert "/lists/new" not in answer.headers["Location"]
    assert "/search" in answer.headers["Location"]
    page = answer.follow()
    assert "Choose an existing list to remove the results from." in page.text
    assert dbsession.scalars(select(RecordList)).all() == []
