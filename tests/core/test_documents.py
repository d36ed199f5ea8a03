"""Documents on companies and contacts: upload, list, download, privacy, removal."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from core.directory.models import CompanyPortfolio
from core.documents.models import Document
from core.documents.services import document_path
from core.testing import csrf_token, sign_in

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png_bytes(size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#2f6fb1").save(out, "PNG")
    return out.getvalue()


def as_user(make_app, user, **settings):
    app = make_app(**settings)
    sign_in(app, user.email)
    app.user = user
    return app


def upload(app, record_url, name, data, visibility="public", status=303):
    sheet = app.get(record_url)
    form = sheet.html.find("form", attrs={"data-upload-document": ""})
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input")}
    fields.pop("file")
    fields["visibility"] = visibility
    return app.post(
        form["action"], fields, upload_files=[("file", name, data)], status=status
    )


def count(dbsession) -> int:
    return dbsession.scalar(select(func.count(Document.id)))


@pytest.fixture
def dior(factories):
    return factories.company("Dior")


def test_a_pdf_is_attached_listed_and_downloaded(signed_in, dior, dbsession):
    url = f"/companies/{dior.id}"
    sheet = upload(signed_in, url, "Devis 2026.pdf", PDF).follow()
    listed = sheet.html.find(attrs={"data-documents": ""})
    link = listed.find("a", attrs={"data-name": ""})
    assert link.text == "Devis 2026.pdf"
    assert "Public" in listed.text

    download = signed_in.get(link["href"])
    assert download.body == PDF
    assert download.content_type == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=UTF-8''Devis%202026.pdf" in download.headers["Content-Disposition"]
    )
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    document = dbsession.scalar(select(Document))
    assert document.owner_id == signed_in.user.id
    assert document_path(signed_in.app.registry, document).read_bytes() == PDF


def test_contacts_take_documents_too(signed_in, factories):
    contact = factories.contact(factories.company("Dior"))
    sheet = upload(signed_in, f"/contacts/{contact.id}", "cv.txt", b"Parcours\n")
    assert "cv.txt" in sheet.follow().html.find(attrs={"data-documents": ""}).text


def test_d05_markup_in_a_document_name_is_shown_literally(signed_in, dior):
    name = "devis<img src=x onerror=alert(1)>.pdf"
    sheet = upload(signed_in, f"/companies/{dior.id}", name, PDF).follow()
    listed = sheet.html.find(attrs={"data-documents": ""})
    assert listed.find("img") is None
    assert listed.find("a", attrs={"data-name": ""}).text == name
    assert "devis&lt;img src=x onerror=alert(1)&gt;.pdf" in sheet.text


def test_a_pdf_named_png_is_refused_beside_the_field(signed_in, dior, dbsession):
    page = upload(signed_in, f"/companies/{dior.id}", "logo.png", PDF, status=400)
    error = page.html.find(id="e-file").text
    assert error == "The name says .png but the content is PDF: rename the file."
    assert count(dbsession) == 0


def test_an_unknown_kind_of_file_is_refused(signed_in, dior, dbsession):
    page = upload(
        signed_in, f"/companies/{dior.id}", "tool.exe", b"MZ\x90\x00\x03", status=400
    )
    assert "This kind of file is not accepted" in page.html.find(id="e-file").text
    assert count(dbsession) == 0


def test_a_file_over_the_size_limit_is_refused(make_app, factories, dior, dbsession):
    user = factories.user()
    app = as_user(make_app, user, **{"relais.documents.max_size": "1000"})
    page = upload(
        app, f"/companies/{dior.id}", "big.pdf", PDF + b"0" * 2000, status=400
    )
    assert page.html.find(id="e-file").text == "This file is too large: 0 MB at most."
    assert count(dbsession) == 0


def test_an_empty_upload_asks_for_a_file(signed_in, dior, dbsession):
    form = signed_in.get(f"/documents/new?target_kind=company&target_id={dior.id}")
    page = form.forms["document-form"].submit(status=400)
    assert page.html.find(id="e-file").text == "Choose a file."
    assert count(dbsession) == 0


@pytest.fixture
def office(factories):
    """Two teams: Léa and her manager Marc in one, Paul and Nina in the other."""
    north, south = factories.team("Nord"), factories.team("Sud")
    return {
        "lea": factories.user(team=north, first_name="Léa"),
        "marc": factories.user(team=north, profile="manager", first_name="Marc"),
        "hugo": factories.user(team=north, first_name="Hugo"),
        "paul": factories.user(team=south, first_name="Paul"),
        "nina": factories.user(team=south, profile="manager", first_name="Nina"),
    }


def names_seen(make_app, user, company) -> set[str]:
    sheet = as_user(make_app, user).get(f"/companies/{company.id}")
    listed = sheet.html.find(attrs={"data-documents": ""})
    return {a.text for a in listed.find_all("a", attrs={"data-name": ""})}


def test_private_shared_and_public_documents(make_app, office, dior):
    lea = as_user(make_app, office["lea"])
    for name, visibility in (
        ("prive.pdf", "private"),
        ("equipe.pdf", "shared"),
        ("public.pdf", "public"),
    ):
        upload(lea, f"/companies/{dior.id}", name, PDF, visibility)

    everything = {"prive.pdf", "equipe.pdf", "public.pdf"}
    assert names_seen(make_app, office["lea"], dior) == everything
    # The manager above reads the private one; a teammate reads the shared one.
    assert names_seen(make_app, office["marc"], dior) == everything
    assert names_seen(make_app, office["hugo"], dior) == {"equipe.pdf", "public.pdf"}
    # The other team, manager included, sees only what is public.
    assert names_seen(make_app, office["paul"], dior) == {"public.pdf"}
    assert names_seen(make_app, office["nina"], dior) == {"public.pdf"}


def test_a_private_document_cannot_be_downloaded_by_others(
    make_app, office, dior, dbsession
):
    lea = as_user(make_app, office["lea"])
    upload(lea, f"/companies/{dior.id}", "prive.pdf", PDF, "private")
    document = dbsession.scalar(select(Document))
    as_user(make_app, office["paul"]).get(f"/documents/{document.id}", status=404)
    lea.get(f"/documents/{document.id}", status=200)


def test_documents_of_a_hidden_company_are_hidden(make_app, office, dior, dbsession):
    from core.access.services import set_reach

    lea = as_user(make_app, office["lea"])
    upload(lea, f"/companies/{dior.id}", "public.pdf", PDF)
    document = dbsession.scalar(select(Document))
    set_reach(dbsession, office["paul"].profile, "company", "own", "own")
    dbsession.add(CompanyPortfolio(user_id=office["lea"].id, company_id=dior.id))
    dbsession.flush()
    as_user(make_app, office["paul"]).get(f"/documents/{document.id}", status=404)


def test_only_the_owner_removes_a_document(make_app, office, dior, dbsession):
    lea = as_user(make_app, office["lea"])
    upload(lea, f"/companies/{dior.id}", "public.pdf", PDF)
    document = dbsession.scalar(select(Document))
    path = document_path(lea.app.registry, document)

    hugo = as_user(make_app, office["hugo"])
    sheet = hugo.get(f"/companies/{dior.id}")
    assert sheet.html.find(attrs={"data-action": "delete-document"}) is None
    hugo.post(
        f"/documents/{document.id}/delete",
        {"csrf_token": csrf_token(hugo)},
        status=403,
    )
    assert path.exists()

    lea.post(f"/documents/{document.id}/delete", {"csrf_token": csrf_token(lea)})
    assert count(dbsession) == 0
    assert not path.exists()


def test_images_are_documents_too(signed_in, dior):
    sheet = upload(signed_in, f"/companies/{dior.id}", "photo.png", png_bytes())
    assert "photo.png" in sheet.follow().text


def test_the_owner_changes_who_sees_a_document(make_app, office, dior, dbsession):
    from core.history.services import events_of

    lea = as_user(make_app, office["lea"])
    upload(lea, f"/companies/{dior.id}", "devis.pdf", PDF, "private")
    assert names_seen(make_app, office["hugo"], dior) == set()
    document = dbsession.scalar(select(Document))

    sheet = lea.get(f"/companies/{dior.id}")
    form = next(f for f in sheet.forms.values() if f.action.endswith("/visibility"))
    form["visibility"] = "shared"
    form.submit().follow()
    assert names_seen(make_app, office["hugo"], dior) == {"devis.pdf"}
    assert names_seen(make_app, office["paul"], dior) == set()
    (event,) = events_of(dbsession, "document", document.id)
    assert [(c.old_value, c.new_value) for c in event.changes] == [
        ("private", "shared")
    ]

    # Nobody else may change it, and a wrong value changes nothing.
    hugo = as_user(make_app, office["hugo"])
    sheet = hugo.get(f"/companies/{dior.id}").html
    assert sheet.find(attrs={"data-document-visibility": True}) is None
    url = f"/documents/{document.id}/visibility"
    token = csrf_token(hugo)
    hugo.post(url, {"csrf_token": token, "visibility": "public"}, status=403)
    lea.post(url, {"csrf_token": csrf_token(lea), "visibility": "everyone"})
    dbsession.expire_all()
    assert document.visibility == "shared"
