"""Documents on opportunities: upload, list, download, removal, privacy, API."""

from __future__ import annotations

import base64

from core.opportunities.testing import opportunity
from core.testing import sign_in
from tests.core.test_documents import PDF, upload

pytest_plugins = ["tests.core.test_api_support"]


def documents_of(page):
    listed = page.html.select_one('[data-section="documents"] [data-documents]')
    return [link.text for link in listed.select("a[data-name]")]


def test_a_quote_is_attached_downloaded_and_removed(signed_in, factories, dbsession):
    record = opportunity(dbsession, signed_in.user, factories.company("Dior"))
    url = f"/opportunities/{record.id}"
    sheet = upload(signed_in, url, "Devis printemps.pdf", PDF).follow()
    assert sheet.request.path == url
    assert documents_of(sheet) == ["Devis printemps.pdf"]

    link = sheet.html.select_one('[data-section="documents"] a[data-name]')
    assert signed_in.get(link["href"]).body == PDF

    remove = sheet.html.select_one('[data-section="documents"] form[action$="/delete"]')
    token = remove.select_one('input[name="csrf_token"]')["value"]
    after = signed_in.post(remove["action"], {"csrf_token": token}).follow()
    assert after.request.path == url
    assert documents_of(after) == []
    signed_in.get(link["href"], status=404)


def test_a_mislabelled_file_is_refused_beside_the_field(
    signed_in, factories, dbsession
):
    record = opportunity(dbsession, signed_in.user, factories.company("Dior"))
    page = upload(
        signed_in, f"/opportunities/{record.id}", "devis.png", PDF, status=400
    )
    assert "rename the file" in page.html.select_one("#e-file").text


def test_documents_of_a_private_opportunity_stay_hidden(make_app, factories, dbsession):
    team = factories.team()
    owner = factories.user(team=team)
    colleague = factories.user(team=team)
    record = opportunity(
        dbsession, owner, factories.company("Dior"), private=True, title="Secret"
    )
    app = make_app()
    sign_in(app, owner.email)
    sheet = upload(app, f"/opportunities/{record.id}", "Secret.pdf", PDF).follow()
    link = sheet.html.select_one('[data-section="documents"] a[data-name]')

    other = make_app()
    sign_in(other, colleague.email)
    other.get(link["href"], status=404)
    other.get(f"/opportunities/{record.id}", status=404)


def test_documents_of_an_opportunity_through_the_api(api_as, factories, dbsession):
    api = api_as()
    record = opportunity(dbsession, api.user, factories.company("Dior"))
    body = {
        "target_kind": "opportunity",
        "target_id": record.id,
        "name": "Plan média.pdf",
        "visibility": "public",
        "content_base64": base64.b64encode(PDF).decode(),
    }
    created = api.post("/documents", body).json
    query = f"/documents?target_kind=opportunity&target_id={record.id}"
    assert [item["name"] for item in api.get(query).json["items"]] == ["Plan média.pdf"]
    path = f"/documents/{created['id']}"
    api.send("DELETE", path, headers={"If-Match": api.etag(path)}, status=204)
    assert api.get(query).json["items"] == []


def test_the_api_hides_documents_of_a_private_opportunity(api_as, factories, dbsession):
    owner, other = api_as(), api_as()
    record = opportunity(dbsession, owner.user, factories.company("Dior"), private=True)
    body = {
        "target_kind": "opportunity",
        "target_id": record.id,
        "name": "Secret.pdf",
        "content_base64": base64.b64encode(PDF).decode(),
    }
    created = owner.post("/documents", body).json
    other.get(f"/documents/{created['id']}", status=404)
    assert other.get("/documents?target_kind=opportunity").json["total"] == 0
    refused = other.post("/documents", {**body, "name": "Mine.pdf"}, status=422)
    assert "target_id" in refused.json["error"]["fields"]
