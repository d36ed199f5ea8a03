"""A salesperson builds a contact list, works it, acts in bulk and exports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from core.actions.models import Action
from core.db import run_in_transaction

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

PEOPLE = [
    ("Zoé", "Aubert"),
    ("Paul", "Blanc"),
    ("Inès", "Collin"),
    ("Marc", "Durand"),
    ("Léa", "Étienne"),
]


@pytest.fixture(scope="module")
def server(live_server_factory):
    return live_server_factory("sqlite")


@pytest.fixture
def page(browser, server):
    context = browser.new_context(
        base_url=server.url, locale="en-GB", accept_downloads=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/login")
    page.fill("#f-email", "lea.dubois@relais.example")
    page.fill("#f-password", server.registry.relais_settings["relais.demo.password"])
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    yield page
    context.close()


def contacts_file() -> bytes:
    lines = ["Société;Prénom;Nom;E-mail"]
    for first, last in PEOPLE:
        lines.append(f"Gazette Fictive;{first};{last};{last.lower()}@gazette.example")
    return "\n".join(lines).encode("utf-8")


def row(page, last_name):
    return page.locator("tr[data-row]", has_text=last_name)


def test_build_tag_hide_act_and_export(page, server):
    # The contacts met at a trade show come in from a file...
    page.goto("/import")
    page.set_input_files(
        "#f-file",
        {"name": "salon.csv", "mimeType": "text/csv", "buffer": contacts_file()},
    )
    page.click("[data-action=upload]")
    page.click("[data-action=dry-run]")
    page.click("[data-action=import]")
    page.wait_for_selector("[data-import-result=done]")

    # ...and the list is built from a search of their company's contacts.
    page.goto("/search?entity=contact&q=Gazette+Fictive")
    page.wait_for_selector("tr[data-result]")
    assert page.locator("tr[data-result]").count() == 5
    page.click("[data-action=add-to-list]")
    page.fill("#f-name", "Salon de la presse")
    page.click("[data-action=save]")
    page.wait_for_selector("[data-list-rows]")
    assert page.locator("tr[data-row]").count() == 5

    # Tag two rows: a value typed once is offered to the next row.
    box = row(page, "Aubert").locator("[data-action=info]")
    box.fill("OUI")
    box.press("Enter")
    page.wait_for_selector("[data-info-count=OUI]")
    box = row(page, "Blanc").locator("[data-action=info]")
    box.fill("A rappeler")
    box.press("Enter")
    page.wait_for_selector("[data-info-count='A rappeler']")
    options = page.locator("datalist option")
    assert sorted(options.evaluate_all("els => els.map(e => e.value)")) == [
        "A rappeler",
        "OUI",
    ]

    # Hide two rows with the eye.
    for name in ("Durand", "Étienne"):
        row(page, name).locator("[data-action=hide]").click()
        row(page, name).wait_for(state="hidden")
    assert page.locator("[data-counter=hidden]").inner_text() == "2"

    # Select the two tagged rows and create a call for each of them.
    for count, name in enumerate(("Aubert", "Blanc"), start=1):
        row(page, name).locator("[data-action=select]").check()
        page.wait_for_function(
            "n => document.querySelector('[data-counter=selected]').textContent === n",
            arg=str(count),
        )
    # The form shows only what the chosen action needs.
    page.select_option("#f-operation", "keyword_add")
    assert page.locator("#f-keyword_id").is_visible()
    for hidden in ("#f-subject", "#f-situation_id", "#f-mail_subject"):
        assert page.locator(hidden).is_hidden()
    page.select_option("#f-operation", "follow")
    assert page.locator("[data-bulk-field]:visible").count() == 0

    # A needed field left empty is refused beside it, the form as it was.
    page.select_option("#f-operation", "situation")
    page.click("[data-action=bulk]")
    error = page.locator("[data-bulk-field=situation_id] .field-error")
    error.wait_for()
    assert "Choose a situation" in error.inner_text()
    assert page.locator("#f-operation").input_value() == "situation"
    assert page.locator("#f-keyword_id").is_hidden()

    page.select_option("#f-operation", "actions")
    for shown in ("#f-type_code", "#f-subject", "#f-date"):
        assert page.locator(shown).is_visible()
    assert page.locator("#f-keyword_id").is_hidden()
    page.select_option("#f-type_code", "telephone")
    page.fill("#f-subject", "Relance salon")
    page.fill("#f-date", "2026-09-01")
    page.click("[data-action=bulk]")
    page.wait_for_selector(".flash")
    assert "done for 2 rows" in page.locator(".flash").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "lists_workflow.png"), full_page=True)

    # The marks are still there after a reload, and the export leaves out
    # the hidden rows.
    page.reload()
    assert row(page, "Aubert").locator("[data-action=info]").input_value() == "OUI"
    with page.expect_download() as download:
        page.click("[data-action=export]")
    body = Path(download.value.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert sorted(r[2] for r in rows[1:]) == ["Aubert", "Blanc", "Collin"]

    subjects = run_in_transaction(
        server.registry,
        lambda s: sorted(
            c.last_name
            for a in s.scalars(select(Action).where(Action.subject == "Relance salon"))
            for c in a.contacts
        ),
    )
    assert subjects == ["Aubert", "Blanc"]
