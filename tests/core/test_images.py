"""Company logos and contact photos: checked by content and size, resized."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from core.directory.images import SIDE, RecordImage
from tests.core.test_documents import PDF


def image_bytes(size, fmt="PNG", mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "#b1602f").save(out, fmt)
    return out.getvalue()


def send(app, url, name, data, status=303):
    page = app.get(url)
    form = page.html.find("form", attrs={"data-drop-zone": ""})
    token = form.find("input", attrs={"name": "csrf_token"})["value"]
    return app.post(
        form["action"],
        {"csrf_token": token},
        upload_files=[("image", name, data)],
        status=status,
    )


def images(dbsession) -> int:
    return dbsession.scalar(select(func.count(RecordImage.id)))


@pytest.fixture
def dior(factories):
    return factories.company("Dior")


def test_a_logo_is_resized_and_shown_on_the_sheet(signed_in, dior, dbsession):
    send(signed_in, f"/companies/{dior.id}", "logo.png", image_bytes((1600, 800)))
    sheet = signed_in.get(f"/companies/{dior.id}")
    img = sheet.html.find("img", attrs={"data-image": ""})
    assert (img["width"], img["height"]) == (str(SIDE), str(SIDE // 2))
    served = signed_in.get(img["src"])
    assert served.content_type == "image/jpeg"
    assert Image.open(io.BytesIO(served.body)).size == (SIDE, SIDE // 2)


def test_transparency_is_kept_as_png(signed_in, dior):
    logo = image_bytes((100, 100), mode="RGBA")
    send(signed_in, f"/companies/{dior.id}", "logo.png", logo)
    img = signed_in.get(f"/companies/{dior.id}").html.find(attrs={"data-image": ""})
    assert signed_in.get(img["src"]).content_type == "image/png"


def test_a_contact_photo(signed_in, factories):
    contact = factories.contact(factories.company("Dior"))
    send(
        signed_in, f"/contacts/{contact.id}", "moi.jpg", image_bytes((300, 400), "JPEG")
    )
    sheet = signed_in.get(f"/contacts/{contact.id}")
    assert sheet.html.find("img", attrs={"data-image": ""})["alt"] == "Photo"


def test_a_20_mb_logo_is_refused_beside_the_field(signed_in, dior, dbsession):
    big = image_bytes((10, 10)) + b"\0" * 20_000_000
    page = send(signed_in, f"/companies/{dior.id}", "logo.png", big, status=400)
    assert page.html.find(id="e-image").text == "This file is too large: 5 MB at most."
    assert images(dbsession) == 0


def test_a_pdf_named_png_is_refused(signed_in, dior, dbsession):
    page = send(signed_in, f"/companies/{dior.id}", "logo.png", PDF, status=400)
    assert "not accepted" in page.html.find(id="e-image").text
    assert images(dbsession) == 0


def test_a_jpeg_named_png_is_refused(signed_in, dior, dbsession):
    jpeg = image_bytes((10, 10), "JPEG")
    page = send(signed_in, f"/companies/{dior.id}", "logo.png", jpeg, status=400)
    expected = "The name says .png but the content is JPEG: rename the file."
    assert page.html.find(id="e-image").text == expected
    assert images(dbsession) == 0


def test_a_broken_image_is_refused(signed_in, dior, dbsession):
    broken = image_bytes((50, 50))[:60]
    page = send(signed_in, f"/companies/{dior.id}", "logo.png", broken, status=400)
    assert page.html.find(id="e-image").text == "This image cannot be read."
    assert images(dbsession) == 0


def test_a_refused_logo_keeps_the_previous_one(signed_in, dior, dbsession):
    send(signed_in, f"/companies/{dior.id}", "logo.png", image_bytes((40, 40)))
    before = dbsession.scalar(select(RecordImage.data))
    send(signed_in, f"/companies/{dior.id}", "logo.png", PDF, status=400)
    assert dbsession.scalar(select(RecordImage.data)) == before


def test_the_logo_is_removed(signed_in, dior, dbsession):
    send(signed_in, f"/companies/{dior.id}", "logo.png", image_bytes((40, 40)))
    page = signed_in.get(f"/companies/{dior.id}/image/edit")
    page.forms["image-delete-form"].submit()
    assert images(dbsession) == 0
    signed_in.get(f"/companies/{dior.id}/image", status=404)
