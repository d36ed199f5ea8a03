"""The list pages stay French after an in-place update, not only on reload."""

import re
from pathlib import Path

from sqlalchemy import select

from core.lists import services
from core.lists.models import ListOperation, ListRow
from core.testing import csrf_token, sign_in

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = re.compile(r'i18n:domain="relais"')


def test_every_template_names_its_translation_domain():
    # A template rendered on its own (an Ajax fragment) without a domain shows
    # its text, and the macros it borrows, in English.
    templates = [
        path
        for folder in ("core", "plugins", "themes")
        for path in sorted((ROOT / folder).rglob("*.pt"))
    ]
    assert templates
    missing = [
        str(path.relative_to(ROOT))
        for path in templates
        if not DOMAIN.search(path.read_text(encoding="utf-8"))
    ]
    assert missing == []


def french_app(make_app, factories):
    app = make_app(**{"relais.default_locale": "fr"})
    user = factories.user(profile="salesperson", locale="fr")
    sign_in(app, user.email)
    factories.dbsession.refresh(user)
    app.user = user
    return app


def test_a_row_updated_in_place_stays_french(make_app, dbsession, factories):
    app = french_app(make_app, factories)
    company = factories.company("Radio Nord")
    record_list = services.create_list(dbsession, app.user, "Prospects", "company")
    services.add_records(dbsession, record_list, [company.id])
    row = dbsession.scalar(select(ListRow).where(ListRow.list_id == record_list.id))
    headers = {"HX-Request": "true", "X-CSRF-Token": csrf_token(app)}
    base = f"/lists/{record_list.id}/rows/{row.id}"

    for answer in (
        app.post(f"{base}/info", {"info": "À rappeler"}, headers=headers),
        app.post(f"{base}/select", headers=headers),
        app.post(f"{base}/hide", headers=headers),
    ):
        counters = answer.html.find(attrs={"data-counters": ""}).get_text(" ")
        assert "Shown" not in counters and "hidden" not in counters
        assert "Affiché" in counters or "Affichés" in counters
    shown = app.post(f"{base}/show", headers=headers)
    tr = shown.html.find("tr", id=f"row-{row.id}")
    labels = " ".join(
        [button.get_text(" ") for button in tr.find_all("button")]
        + [tag.get("aria-label", "") for tag in tr.find_all(True)]
    )
    assert "Hide" not in labels
    assert "Select" not in labels


def test_bulk_action_statuses_are_translated(make_app, dbsession, factories):
    app = french_app(make_app, factories)
    record_list = services.create_list(dbsession, app.user, "Prospects", "company")
    finished = {}
    for status in ("done", "failed"):
        record = ListOperation(
            list_id=record_list.id,
            user_id=app.user.id,
            operation="hide",
            target="selected",
            total=3,
            done=3,
            status=status,
        )
        dbsession.add(record)
        dbsession.flush()
        finished[status] = record.id

    page = app.get(f"/lists/{record_list.id}")
    texts = {
        li["data-status"]: li.get_text(" ")
        for li in page.html.select("ul.operations li")
    }
    assert "(terminé)" in texts["done"] and "(done)" not in texts["done"]
    assert "(échoué)" in texts["failed"]
    # The live progress, polled while it runs, ends on the same label.
    polled = app.get(f"/lists/{record_list.id}/operations/{finished['done']}")
    assert "3 / 3 (terminé)" in polled.text


def test_a_saved_info_says_so_and_other_marks_do_not(signed_in, dbsession, factories):
    company = factories.company("Radio Nord")
    record_list = services.create_list(
        dbsession, signed_in.user, "Prospects", "company"
    )
    services.add_records(dbsession, record_list, [company.id])
    row = dbsession.scalar(select(ListRow).where(ListRow.list_id == record_list.id))
    headers = {"HX-Request": "true", "X-CSRF-Token": csrf_token(signed_in)}
    base = f"/lists/{record_list.id}/rows/{row.id}"

    saved = signed_in.post(f"{base}/info", {"info": "OUI"}, headers=headers)
    assert saved.html.find(attrs={"data-saved": True}).get_text() == "Saved"
    selected = signed_in.post(f"{base}/select", headers=headers)
    assert selected.html.find(attrs={"data-saved": True}) is None
    page = signed_in.get(f"/lists/{record_list.id}")
    assert page.html.find(attrs={"data-saved": True}) is None
