"""Comments on the opportunity page: written there, shown to whom they may be."""

from __future__ import annotations

from core.opportunities.testing import opportunity
from tests.core.test_comments import as_user, bodies, write


def test_a_comment_is_written_on_the_opportunity_page(signed_in, factories, dbsession):
    record = opportunity(dbsession, signed_in.user, factories.company("Dior"))
    url = f"/opportunities/{record.id}"

    back = write(signed_in, url, "Relancer après le comité").follow()

    assert back.request.path == url
    section = back.html.select_one('[data-section="comments"]')
    assert [p.text for p in section.select(".comment-body")] == [
        "Relancer après le comité"
    ]
    assert section.select_one('[data-visibility="public"]') is not None


def test_an_empty_comment_on_an_opportunity_is_refused(signed_in, factories, dbsession):
    record = opportunity(dbsession, signed_in.user, factories.company("Dior"))
    page = write(signed_in, f"/opportunities/{record.id}", "  ", status=400)
    assert page.html.find(id="e-body").text == "Write the comment."


def test_private_and_shared_comments_on_an_opportunity(make_app, factories, dbsession):
    north, south = factories.team("Nord"), factories.team("Sud")
    lea = factories.user(team=north)
    hugo = factories.user(team=north)
    paul = factories.user(team=south)
    record = opportunity(dbsession, lea, factories.company("Dior"))
    dbsession.commit()
    app = as_user(make_app, lea)
    url = f"/opportunities/{record.id}"
    write(app, url, "privé", "private")
    write(app, url, "équipe", "shared")
    write(app, url, "public", "public")

    assert set(bodies(app, url)) == {"privé", "équipe", "public"}
    assert set(bodies(as_user(make_app, hugo), url)) == {"équipe", "public"}
    assert bodies(as_user(make_app, paul), url) == ["public"]
