"""Comments and documents on actions: the sheet, the todo, the lists."""

from __future__ import annotations

import datetime as dt

from core.comments.services import add_comment
from core.documents.services import attach_document

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_comments_and_documents_on_the_action_sheet(signed_in, factories):
    action = factories.action(author=signed_in.user)
    sheet = signed_in.get(f"/actions/{action.id}")
    form = sheet.forms[
        next(k for k, f in sheet.forms.items() if f.action.endswith("/comments/new"))
    ]
    form["body"] = "Le client rappelle <lundi>"
    page = form.submit().follow()
    comments = page.html.select("[data-panel=comments] [data-comment]")
    assert [c.select_one(".comment-body").text for c in comments] == [
        "Le client rappelle <lundi>"
    ]

    upload = page.forms[
        next(k for k, f in page.forms.items() if f.action.endswith("/documents/new"))
    ]
    upload["file"] = ("proposition.pdf", PDF, "application/pdf")
    page = upload.submit().follow()
    names = [a.text for a in page.html.select("[data-panel=documents] [data-name]")]
    assert names == ["proposition.pdf"]

    contact_sheet = signed_in.get(f"/contacts/{action.contacts[0].id}").html
    row = contact_sheet.find(attrs={"data-action-row": str(action.id)})
    assert row.find(attrs={"data-documents": "1"}) is not None


def test_new_comments_on_my_actions_show_in_the_todo(
    signed_in, factories, registry, dbsession
):
    action = factories.action(
        author=signed_in.user,
        subject="Offre couplée",
        start=dt.datetime.now(dt.UTC) - dt.timedelta(days=2),
        follow_up=None,
    )
    colleague = factories.user()
    comment = add_comment(dbsession, registry, colleague, action, "Vu leur agence")
    page = signed_in.get("/todo")
    row = page.html.find(attrs={"data-todo-row": f"comment-{comment.id}"})
    assert "Vu leur agence" in row.text
    page = signed_in.get("/todo", {"filtered": "1", "kind": "follow_ups"})
    assert page.html.find(attrs={"data-todo-row": f"comment-{comment.id}"}) is None


def test_the_period_report_shows_comments(signed_in, factories, registry, dbsession):
    action = factories.action(
        author=signed_in.user,
        start=dt.datetime(2026, 2, 3, 9, 0, tzinfo=dt.UTC),
        report_html="<p>Rapport</p>",
    )
    add_comment(dbsession, registry, signed_in.user, action, "Relancer en mars")
    attach_document(dbsession, registry, signed_in.user, action, "devis.pdf", PDF)
    page = signed_in.get(
        "/actions/period", {"start": "2026-02-01", "end": "2026-02-28"}
    ).html
    row = page.find(attrs={"data-period-row": str(action.id)})
    assert "Relancer en mars" in row.find(attrs={"data-comments": True}).text
