"""Sources of a company with their reference ids: form, sheet, history, API."""

from __future__ import annotations

from core.directory.models import Company
from core.directory.services import merge
from core.directory.services.companies import replace_sources
from core.directory.testing import company_form
from core.history import services as history
from tests.core.test_api_support import assert_error

pytest_plugins = ["tests.core.test_api_support"]


def sources_on_sheet(page) -> list[tuple[str, str]]:
    listed = page.html.select_one("[data-sources]")
    if listed is None:
        return []
    names = [dt.text for dt in listed.find_all("dt")]
    return list(zip(names, [dd.text for dd in listed.find_all("dd")], strict=True))


def test_sources_are_added_shown_and_removed_in_the_form(signed_in, dbsession):
    form = company_form(signed_in, dbsession, name="Maison Source")
    form["sources.0.name"] = "LEFAC"
    form["sources.0.reference"] = " 12345 "
    sheet = form.submit("save").follow()
    assert sources_on_sheet(sheet) == [("LEFAC", "12345")]
    url = sheet.request.path

    # Each save offers one empty row more: that is how a row is added.
    edit = signed_in.get(f"{url}/edit").forms["company-form"]
    edit["sources.1.name"] = "Import CSV 2026-03"
    sheet = edit.submit("save").follow()
    assert sources_on_sheet(sheet) == [("LEFAC", "12345"), ("Import CSV 2026-03", "—")]

    printed = signed_in.get(f"{url}/print").html.select_one("[data-sources]")
    assert printed.text == "LEFAC 12345, Import CSV 2026-03"

    edit = signed_in.get(f"{url}/edit").forms["company-form"]
    edit["sources.0.remove"] = True
    sheet = edit.submit("save").follow()
    assert sources_on_sheet(sheet) == [("Import CSV 2026-03", "—")]

    company_id = int(url.rsplit("/", 1)[1])
    latest, added, _created = history.events_of(dbsession, "company", company_id)
    changes = {c.field: (c.old_value, c.new_value) for c in latest.changes}
    assert changes == {
        "sources": ("Import CSV 2026-03, LEFAC 12345", "Import CSV 2026-03")
    }
    assert {c.field for c in added.changes} == {"sources"}


def test_a_bad_source_is_refused_beside_its_field(signed_in, dbsession):
    form = company_form(signed_in, dbsession, name="Maison Refus")
    form["sources.0.reference"] = "12345"
    page = form.submit("save", status=400)
    assert page.html.find(id="e-sources.0.name") is not None
    # What was typed is still there to correct.
    assert page.forms["company-form"]["sources.0.reference"].value == "12345"

    form = page.forms["company-form"]
    form["sources.0.name"] = "<script>alert(1)</script>"
    page = form.submit("save", status=400)
    assert "HTML" in page.html.find(id="e-sources.0.name").text
    assert dbsession.query(Company).filter_by(name="Maison Refus").count() == 0


def test_more_than_twenty_sources_are_refused(signed_in, dbsession):
    values = {f"sources.{i}.name": f"Fichier {i}" for i in range(21)}
    form = company_form(signed_in, dbsession, name="Maison Trop")
    fields = dict(form.submit_fields())
    fields.update(values, save="")
    page = signed_in.post("/companies/new", fields, status=400)
    assert page.html.find(id="e-sources").text == "Twenty sources at most."
    assert dbsession.query(Company).filter_by(name="Maison Trop").count() == 0


def test_sources_through_the_api(api, dbsession):
    created = api.post(
        "/companies",
        {
            "name": "Source API",
            "type": "annonceur",
            "sources": [{"name": "LEFAC", "reference": "12345"}, {"name": "Salon"}],
        },
    ).json
    assert created["sources"] == [
        {"name": "LEFAC", "reference": "12345"},
        {"name": "Salon", "reference": None},
    ]
    path = f"/companies/{created['id']}"

    changed = api.patch(
        path,
        {"sources": [{"name": "LEFAC", "reference": "12345"}]},
        etag=api.etag(path),
    )
    assert changed.json["sources"] == [{"name": "LEFAC", "reference": "12345"}]
    untouched = api.patch(path, {"brief": "Luxe"}, etag=changed.headers["ETag"])
    assert untouched.json["sources"] == [{"name": "LEFAC", "reference": "12345"}]

    company = dbsession.get(Company, created["id"])
    dbsession.refresh(company)
    assert [source.label for source in company.sources] == ["LEFAC 12345"]
    latest = history.events_of(dbsession, "company", company.id)[1]
    assert {c.field for c in latest.changes} == {"sources"}

    etag = untouched.headers["ETag"]
    for sources, fields in (
        ([{"name": "", "reference": "1"}], {"sources.0.name"}),
        ([{"name": "x"}] * 21, {"sources"}),
        (None, {"sources"}),
    ):
        refused = api.patch(path, {"sources": sources}, etag=etag, status=422)
        assert set(assert_error(refused, 422)["fields"]) == fields
    assert api.get(path).json["sources"] == [{"name": "LEFAC", "reference": "12345"}]


def test_a_merge_moves_the_sources_and_its_undo_gives_them_back(
    factories, dbsession, registry
):
    seller = factories.user()
    source = factories.company("Dior (doublon)")
    target = factories.company("Dior")
    replace_sources(source, [("LEFAC", "12345"), ("Salon", None), ("Kompass", "9")])
    replace_sources(target, [("Kompass", "9")])
    dbsession.flush()

    journal = merge.merge(dbsession, registry, seller, source, target)
    dbsession.expire_all()
    assert sorted(s.label for s in target.sources) == [
        "Kompass 9",
        "LEFAC 12345",
        "Salon",
    ]
    assert source.sources == []

    merge.undo(dbsession, registry, seller, journal)
    dbsession.expire_all()
    assert sorted(s.label for s in source.sources) == [
        "Kompass 9",
        "LEFAC 12345",
        "Salon",
    ]
    assert [s.label for s in target.sources] == ["Kompass 9"]


def test_a_refused_form_keeps_one_empty_source_row(signed_in, dbsession):
    form = company_form(signed_in, dbsession, name="")
    for _attempt in range(2):
        page = form.submit("save", status=400)
        form = page.forms["company-form"]
    rows = page.html.select("[data-source-row]")
    assert len(rows) == 1
