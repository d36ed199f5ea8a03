"""Dropping a logo on the company sheet, and a bad file refused beside the field."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image
from sqlalchemy import select

from core.db import run_in_transaction
from core.directory.images import RecordImage
from core.directory.models import Company
from tests.browser.steps import sign_in

pytestmark = pytest.mark.browser

DROP = """([data, name, type]) => {
  const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, {type}));
  return transfer;
}"""


def png(size=(900, 300)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#3c8d5a").save(out, "PNG")
    return out.getvalue()


def drop(page, selector, data: bytes, name: str, content_type: str) -> None:
    encoded = base64.b64encode(data).decode()
    transfer = page.evaluate_handle(DROP, [encoded, name, content_type])
    page.dispatch_event(selector, "dragenter", {"dataTransfer": transfer})
    page.dispatch_event(selector, "drop", {"dataTransfer": transfer})


def a_company(registry, name: str) -> int:
    def work(session):
        return session.scalar(select(Company.id).where(Company.name == name))

    return run_in_transaction(registry, work)


def logo_of(registry, company_id):
    def work(session):
        row = session.scalar(
            select(RecordImage).where(
                RecordImage.target_kind == "company",
                RecordImage.target_id == company_id,
            )
        )
        return (row.width, row.height) if row else None

    return run_in_transaction(registry, work)


def test_a_dropped_logo_is_shown_and_a_pdf_named_png_is_refused(
    page, live_server, demo_password, screenshot
):
    company_id = a_company(live_server.registry, "Maison Orsay")
    sign_in(page, live_server, "hugo.bernard@relais.example", demo_password)
    page.wait_for_url(live_server.url + "/")
    page.goto(f"{live_server.url}/companies/{company_id}")

    with page.expect_navigation():
        drop(page, "[data-drop-zone]", png(), "orsay.png", "image/png")
    image = page.locator("[data-image-block] img[data-image]")
    image.wait_for()
    assert page.evaluate("img => img.naturalWidth", image.element_handle()) == 400
    assert logo_of(live_server.registry, company_id) == (400, 133)
    screenshot(page, "logo-dropped")

    with page.expect_navigation():
        drop(page, "[data-drop-zone]", b"%PDF-1.4\n%%EOF\n", "faux.png", "image/png")
    # The message stands beside the file field (its text follows the
    # demo user's language).
    error = page.locator(".field.has-error #e-image")
    error.wait_for()
    assert error.inner_text().strip()
    assert logo_of(live_server.registry, company_id) == (400, 133)
    screenshot(page, "logo-refused")
