"""The advanced search draws its rows first and counts them in a second request."""

from __future__ import annotations

from core.search import services
from core.search.criteria import Criteria
from core.search.services import count_matches, result_page

pytest_plugins = ["tests.core.test_api_support"]


def horizons(factories, number: int) -> None:
    for n in range(number):
        factories.company(name=f"Horizon {n:02d}")


def test_a_page_without_its_count_knows_whether_more_follow(
    dbsession, factories, registry
):
    from core.access import access_for

    horizons(factories, 3)
    access = access_for(dbsession, registry, factories.user())
    criteria = Criteria(q="horizon")
    first = result_page(dbsession, criteria, access, 1, per_page=2, count=False)
    assert [c.name for c in first.records] == ["Horizon 00", "Horizon 01"]
    assert (first.total, first.has_next) == (None, True)
    # The last page tells the count by itself.
    last = result_page(dbsession, criteria, access, 2, per_page=2, count=False)
    assert [c.name for c in last.records] == ["Horizon 02"]
    assert (last.total, last.has_next, last.pages) == (3, False, 2)
    # A page beyond the end shows the last one.
    beyond = result_page(dbsession, criteria, access, 9, per_page=2, count=False)
    assert (beyond.page, beyond.total) == (2, 3)
    assert count_matches(dbsession, criteria, access) == 3
    counted = result_page(dbsession, criteria, access, 1, per_page=2)
    assert (counted.total, counted.pages) == (3, 2)


def test_the_page_loads_its_count_apart(signed_in, factories):
    horizons(factories, 51)
    page = signed_in.get("/search", {"q": "horizon"}).html
    assert len(page.select("[data-result]")) == 50
    assert page.select_one("[data-total]") is None
    counting = page.select_one("[data-counting]")
    assert page.select_one('a[rel="next"]') is not None
    count = signed_in.get(counting["hx-get"]).html
    assert count.select_one("[data-total]")["data-total"] == "51"
    assert "51 results" in count.text
    # The second page is the last: its count needs no second request.
    second = signed_in.get("/search", {"q": "horizon", "page": "2"}).html
    assert second.select_one("[data-total]")["data-total"] == "51"
    assert second.select_one('a[rel="next"]') is None


def test_a_count_beyond_the_bound_says_more_than(signed_in, factories, monkeypatch):
    horizons(factories, 4)
    monkeypatch.setattr(services, "COUNT_BOUND", 2)
    count = signed_in.get("/search/count", {"q": "horizon"}).html
    assert count.select_one("[data-total]")["data-total"] == "3"
    assert "More than 10,000 results" in count.text


def test_bad_criteria_get_no_count(signed_in):
    answer = signed_in.get("/search/count", {"radius_km": "-3"}, status=400)
    assert "data-total" not in answer.text


def test_the_api_can_leave_the_count_out(api, factories):
    horizons(factories, 3)
    body = api.post(
        "/search/results",
        {"criteria": {"q": "horizon"}, "per_page": 2, "count": False},
        status=200,
    ).json
    assert (body["total"], body["has_next"], body["bounded"]) == (None, True, False)
    assert len(body["items"]) == 2
    counted = api.post(
        "/search/results", {"criteria": {"q": "horizon"}, "per_page": 2}, status=200
    ).json
    assert (counted["total"], counted["has_next"]) == (3, True)


def test_contacts_are_counted_as_the_page_lists_them(dbsession, factories, registry):
    """With or without a company criterion, the count and the rows agree.

    A contact without a company matches contact criteria alone, never a
    criterion on the company (its sector, its situation...).
    """
    from sqlalchemy import select

    from core.access import access_for
    from core.reference.models import Sector

    luxe = dbsession.scalar(select(Sector).where(Sector.code == "luxe.1"))
    auto = dbsession.scalar(select(Sector).where(Sector.code == "automobile"))
    maison = factories.company(name="Maison Luxe", sectors=[luxe])
    garage = factories.company(name="Garage Auto", sectors=[auto])
    gone = factories.company(name="Luxe Fermée", sectors=[luxe], active=False)
    for company, last_name in (
        (maison, "Dior"),
        (maison, "Hermès"),
        (garage, "Peugeot"),
        (gone, "Ancien"),
        (None, "Libre"),
    ):
        factories.contact(company=company, last_name=last_name)
    access = access_for(dbsession, registry, factories.user(profile="admin"))

    def found(**values):
        criteria = Criteria(entity="contact", **values)
        page = result_page(dbsession, criteria, access, count=False)
        names = {c.last_name for c in page.records}
        assert count_matches(dbsession, criteria, access) == len(names)
        return names

    assert found() >= {"Dior", "Hermès", "Peugeot", "Libre"}
    assert "Ancien" not in found()
    assert found(sector_ids=[luxe.id]) == {"Dior", "Hermès"}
    assert found(sector_ids=[luxe.id], active="all") == {"Dior", "Hermès", "Ancien"}
    assert found(sector_ids=[luxe.id], active="no") == {"Ancien"}
    assert found(contact_q="libre") == {"Libre"}
