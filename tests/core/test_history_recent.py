"""The records each user opened last, for the empty quick-search box."""

from __future__ import annotations

from types import SimpleNamespace

from core.history.recent import KEEP, recent_hits, recently_opened


def hits(dbsession, user, entity):
    # What recent_hits reads of a request: the session, the user, route_url.
    request = SimpleNamespace(
        dbsession=dbsession,
        identity=user,
        route_url=lambda route, id: f"/{route}/{id}",
    )
    return recent_hits(request, entity)


def test_opened_sheets_come_back_newest_first(signed_in, factories, dbsession):
    first = factories.company("Première")
    second = factories.company("Seconde")
    contact = factories.contact(first, last_name="Ouverte")
    for path in (f"/companies/{first.id}", f"/companies/{second.id}"):
        signed_in.get(path)
    signed_in.get(f"/contacts/{contact.id}")
    signed_in.get(f"/companies/{first.id}")
    user = signed_in.user
    assert recently_opened(dbsession, user, "company") == [first.id, second.id]
    assert recently_opened(dbsession, user, "contact") == [contact.id]


def test_only_the_last_ten_are_kept_per_kind(signed_in, factories, dbsession):
    companies = [factories.company(f"Société {n}") for n in range(KEEP + 2)]
    for company in companies:
        signed_in.get(f"/companies/{company.id}")
    kept = recently_opened(dbsession, signed_in.user, "company", limit=50)
    assert kept == [c.id for c in reversed(companies)][:KEEP]


def test_each_user_has_their_own(signed_in, make_app, factories, dbsession):
    from core.testing import sign_in

    company = factories.company("À moi")
    signed_in.get(f"/companies/{company.id}")
    other = factories.user()
    app = make_app()
    sign_in(app, other.email)
    assert recently_opened(dbsession, other, "company") == []


def test_hits_leave_out_deactivated_records(signed_in, factories, dbsession):
    kept = factories.company("Toujours là")
    gone = factories.company("Partie")
    signed_in.get(f"/companies/{kept.id}")
    signed_in.get(f"/companies/{gone.id}")
    gone.active = False
    dbsession.flush()
    found = hits(dbsession, signed_in.user, "company")
    assert [(h.title, h.url) for h in found] == [("Toujours là", f"/company/{kept.id}")]
