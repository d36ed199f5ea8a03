"""``/documents`` and ``/comments`` in the JSON API, under the access rules."""

from __future__ import annotations

import base64

from tests.core.test_api_support import assert_error
from tests.core.test_documents import PDF

pytest_plugins = ["tests.core.test_api_support"]


def document(company, name="Devis.pdf", data=PDF, visibility="public"):
    return {
        "target_kind": "company",
        "target_id": company.id,
        "name": name,
        "visibility": visibility,
        "content_base64": base64.b64encode(data).decode(),
    }


def test_a_document_is_attached_read_downloaded_and_removed(api_as, factories, app):
    api = api_as()
    company = factories.company("Dior")
    created = api.post("/documents", document(company))
    body = created.json
    assert (body["name"], body["content_type"], body["size"]) == (
        "Devis.pdf",
        "application/pdf",
        len(PDF),
    )
    assert created.location.endswith(f"/api/v1/documents/{body['id']}")
    listed = api.get(f"/documents?target_kind=company&target_id={company.id}").json
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    download = app.get(body["download_path"], headers=api.headers)
    assert download.body == PDF

    path = f"/documents/{body['id']}"
    api.send("DELETE", path, status=428)
    api.send("DELETE", path, headers={"If-Match": api.etag(path)}, status=204)
    api.get(path, status=404)


def test_bad_uploads_answer_422_naming_the_field(api_as, factories):
    api = api_as()
    company = factories.company("Dior")
    cases = [
        (document(company, "logo.png"), "content_base64"),
        ({**document(company), "content_base64": "%%%"}, "content_base64"),
        ({**document(company), "target_id": 999999}, "target_id"),
        ({**document(company), "visibility": "everyone"}, "visibility"),
    ]
    for body, field in cases:
        error = assert_error(api.post("/documents", body, status=422), 422)
        assert list(error["fields"]) == [field]
    assert api.get("/documents").json["total"] == 0


def test_private_items_of_others_answer_404_and_others_may_not_remove(
    api_as, factories
):
    company = factories.company("Dior")
    owner, other = api_as(), api_as()
    private = owner.post("/documents", document(company, visibility="private")).json
    public = owner.post("/documents", document(company, "Public.pdf")).json
    other.get(f"/documents/{private['id']}", status=404)
    assert [d["name"] for d in other.get("/documents").json["items"]] == ["Public.pdf"]
    path = f"/documents/{public['id']}"
    response = other.send("DELETE", path, headers={"If-Match": other.etag(path)})
    assert_error(response, 403, "forbidden")


def test_comments_through_the_api(api_as, factories):
    company = factories.company("Dior")
    author, reader = api_as(), api_as()
    body = {"target_kind": "company", "target_id": company.id, "body": "RDV pris"}
    created = author.post("/comments", body).json
    assert created["author_id"] == author.user.id
    assert created["visibility"] == "public"
    assert reader.get(f"/comments/{created['id']}").json["body"] == "RDV pris"
    hidden = author.post("/comments", {**body, "visibility": "private"}).json
    reader.get(f"/comments/{hidden['id']}", status=404)
    error = assert_error(
        author.post("/comments", {**body, "body": ""}, status=422), 422
    )
    assert list(error["fields"]) == ["body"]


def test_visibility_and_comments_change_through_the_api(api_as, factories):
    company = factories.company("Dior")
    owner, other = api_as(), api_as()
    created = owner.post("/documents", document(company, visibility="private")).json
    path = f"/documents/{created['id']}"
    changed = owner.patch(path, {"visibility": "public"}, owner.etag(path)).json
    assert changed["visibility"] == "public"
    assert other.get(path).json["visibility"] == "public"
    response = other.patch(path, {"visibility": "private"}, other.etag(path), 403)
    assert_error(response, 403, "forbidden")
    error = assert_error(
        owner.patch(path, {"visibility": "all"}, owner.etag(path), 422), 422
    )
    assert list(error["fields"]) == ["visibility"]

    body = {"target_kind": "company", "target_id": company.id, "body": "RDV pris"}
    comment = owner.post("/comments", body).json
    path = f"/comments/{comment['id']}"
    edited = owner.patch(path, {"body": "RDV déplacé"}, owner.etag(path)).json
    assert (edited["body"], edited["visibility"]) == ("RDV déplacé", "public")
    assert edited["version"] == comment["version"] + 1
    response = other.patch(path, {"body": "non"}, other.etag(path), 403)
    assert_error(response, 403, "forbidden")
    error = assert_error(owner.patch(path, {"body": ""}, owner.etag(path), 422), 422)
    assert list(error["fields"]) == ["body"]
