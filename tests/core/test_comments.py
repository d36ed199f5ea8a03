"""Comments on companies and contacts: author, date, privacy, removal."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.comments.models import Comment
from core.testing import csrf_token, sign_in


def as_user(make_app, user):
    app = make_app()
    sign_in(app, user.email)
    app.user = user
    return app


def write(app, record_url, body, visibility="public", status=303):
    sheet = app.get(record_url)
    form = sheet.html.find("form", attrs={"data-add-comment": ""})
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input")}
    fields.update(body=body, visibility=visibility)
    return app.post(form["action"], fields, status=status)


def bodies(app, record_url) -> list[str]:
    panel = app.get(record_url).html.find(attrs={"data-comments": ""})
    return [p.text for p in panel.select(".comment-body")]


@pytest.fixture
def dior(factories):
    return factories.company("Dior")


def test_a_comment_shows_its_author_and_date(signed_in, dior):
    sheet = write(signed_in, f"/companies/{dior.id}", "Rendez-vous en mars").follow()
    item = sheet.html.find(attrs={"data-comments": ""}).find("li")
    assert item.select_one(".comment-body").text == "Rendez-vous en mars"
    assert signed_in.user.display_name in item.text
    assert item.find(attrs={"data-visibility": "public"}).text == "Public"


def test_contacts_take_comments(signed_in, factories):
    contact = factories.contact(factories.company("Dior"))
    write(signed_in, f"/contacts/{contact.id}", "Préfère le téléphone")
    assert bodies(signed_in, f"/contacts/{contact.id}") == ["Préfère le téléphone"]


def test_markup_in_a_comment_is_text(signed_in, dior):
    text = "<script>alert(1)</script> & <b>gras</b>"
    sheet = write(signed_in, f"/companies/{dior.id}", text).follow()
    panel = sheet.html.find(attrs={"data-comments": ""})
    assert panel.find("script") is None and panel.find("b") is None
    assert panel.select_one(".comment-body").text == text


def test_an_empty_comment_is_refused_beside_the_field(signed_in, dior, dbsession):
    page = write(signed_in, f"/companies/{dior.id}", "   ", status=400)
    assert page.html.find(id="e-body").text == "Write the comment."
    assert dbsession.scalar(select(func.count(Comment.id))) == 0


def test_an_unknown_visibility_is_refused(signed_in, dior, dbsession):
    page = write(signed_in, f"/companies/{dior.id}", "Texte", "everyone", status=400)
    assert (
        page.html.find(id="e-visibility").text == "Choose one of the proposed values."
    )
    assert page.html.find(id="f-body").text == "Texte"
    assert dbsession.scalar(select(func.count(Comment.id))) == 0


def test_a_comment_on_a_record_that_does_not_exist_is_404(signed_in):
    signed_in.post(
        "/comments/new",
        {
            "csrf_token": csrf_token(signed_in),
            "target_kind": "company",
            "target_id": "999999",
            "body": "x",
        },
        status=404,
    )
    signed_in.post(
        "/comments/new",
        {"csrf_token": csrf_token(signed_in), "target_kind": "user", "target_id": "1"},
        status=404,
    )


def test_private_and_shared_comments(make_app, factories, dior):
    north, south = factories.team("Nord"), factories.team("Sud")
    lea = factories.user(team=north)
    marc = factories.user(team=north, profile="manager")
    hugo = factories.user(team=north)
    paul = factories.user(team=south)
    app = as_user(make_app, lea)
    url = f"/companies/{dior.id}"
    write(app, url, "privé", "private")
    write(app, url, "équipe", "shared")
    write(app, url, "public", "public")

    assert set(bodies(app, url)) == {"privé", "équipe", "public"}
    assert set(bodies(as_user(make_app, marc), url)) == {"privé", "équipe", "public"}
    assert set(bodies(as_user(make_app, hugo), url)) == {"équipe", "public"}
    assert bodies(as_user(make_app, paul), url) == ["public"]


def test_only_the_author_removes_a_comment(make_app, factories, dior, dbsession):
    lea, hugo = factories.user(), factories.user()
    app = as_user(make_app, lea)
    write(app, f"/companies/{dior.id}", "à retirer")
    comment = dbsession.scalar(select(Comment))
    other = as_user(make_app, hugo)
    other.post(
        f"/comments/{comment.id}/delete", {"csrf_token": csrf_token(other)}, status=403
    )
    app.post(f"/comments/{comment.id}/delete", {"csrf_token": csrf_token(app)})
    assert dbsession.scalar(select(func.count(Comment.id))) == 0


def test_its_author_edits_a_comment_and_the_edit_is_in_its_history(
    make_app, factories, dior, dbsession
):
    from core.history.services import events_of

    north = factories.team("Nord")
    lea, hugo = factories.user(team=north), factories.user(team=north)
    app = as_user(make_app, lea)
    url = f"/companies/{dior.id}"
    write(app, url, "Rendez-vous en mars")
    comment = dbsession.scalar(select(Comment))

    sheet = app.get(url)
    edit = sheet.html.find(attrs={"data-comments": ""}).find(
        attrs={"data-action": "edit-comment"}
    )
    form = app.get(edit["href"]).forms["comment-form"]
    assert form["body"].value == "Rendez-vous en mars"
    form["body"] = ""
    refused = form.submit(status=400)
    assert refused.html.select_one("#e-body").text == "Write the comment."
    form = refused.forms["comment-form"]
    form["body"] = "Rendez-vous en avril"
    form["visibility"] = "shared"
    sheet = form.submit().follow()
    item = sheet.html.find(attrs={"data-comment": str(comment.id)})
    assert item.select_one(".comment-body").text == "Rendez-vous en avril"
    assert item.find(attrs={"data-edited": True}) is not None
    assert item.find(attrs={"data-visibility": "shared"}) is not None

    (event,) = [e for e in events_of(dbsession, "comment", comment.id)]
    assert event.actor_id == lea.id
    assert sorted((c.field, c.old_value, c.new_value) for c in event.changes) == [
        ("body", "Rendez-vous en mars", "Rendez-vous en avril"),
        ("visibility", "public", "shared"),
    ]

    # A teammate reads it but may neither edit it nor see the way to.
    other = as_user(make_app, hugo)
    seen = other.get(url).html.find(attrs={"data-comments": ""})
    assert seen.find(attrs={"data-action": "edit-comment"}) is None
    other.get(f"/comments/{comment.id}/edit", status=403)
    other.post(
        f"/comments/{comment.id}/edit",
        {"csrf_token": csrf_token(other), "body": "piraté", "visibility": "public"},
        status=403,
    )
    dbsession.expire_all()
    assert comment.body == "Rendez-vous en avril"
