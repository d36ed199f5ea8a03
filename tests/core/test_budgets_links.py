""" "Who works with whom?": budgets filtered, grouped by sector, every role shown."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.budgets.models import Budget
from core.history.models import HistoryEvent
from core.reference.models import CompanyType, Sector
from tests.core.budget_support import agency_fields, post_budget


def ident(dbsession, model, code):
    return str(dbsession.scalar(select(model.id).where(model.code == code)))


def market(signed_in, factories, dbsession):
    dior = factories.company("Parfums Christian Dior")
    lvmh = factories.company("Louis Vuitton")
    wavemaker = factories.company("KR Wavemaker", type_code="agence_media")
    fauve = factories.company("Atelier Fauve", type_code="agence_comm")
    perfume = ident(dbsession, Sector, "beaute.1")
    fashion = ident(dbsession, Sector, "luxe.1")
    budgets = [
        (dior, "Dior Parfums", perfume, [("agence_media", wavemaker)]),
        (dior, "Dior Homme", fashion, [("agence_comm", fauve)]),
        (lvmh, "Maroquinerie LV", fashion, []),
    ]
    for advertiser, name, sector, agencies in budgets:
        fields = [("sector_ids", sector)]
        for index, (role, agency) in enumerate(agencies):
            fields += agency_fields(dbsession, index, role, agency)
        url = f"/budgets/new?company_id={advertiser.id}"
        assert post_budget(signed_in, url, name, fields).status_int == 303
    return dior, wavemaker


def search(app, **params):
    page = app.get("/who-works-with-whom", params).html
    groups = {
        group["data-sector"]: [
            a.find("h4").find("a").text for a in group.find_all("article")
        ]
        for group in page.find_all(attrs={"data-sector": True})
    }
    return page, groups


def test_the_menu_entry_opens_the_page(signed_in):
    home = signed_in.get("/")
    entry = home.html.find(attrs={"data-entry": "links"})
    assert entry is not None
    page = signed_in.get(entry["href"])
    assert page.html.find(id="links-form") is not None


def test_quick_search_finds_advertisers_and_agencies(signed_in, factories, dbsession):
    market(signed_in, factories, dbsession)
    page, groups = search(signed_in, q="dior")
    assert groups == {"Beauté - Hygiène": ["Dior Parfums"], "Luxe": ["Dior Homme"]}
    assert page.find(attrs={"data-total": True}).text == "2"
    _page, groups = search(signed_in, q="wavemaker")
    assert groups == {"Beauté - Hygiène": ["Dior Parfums"]}
    result = _page.find(attrs={"data-sector": "Beauté - Hygiène"})
    assert "Agence média" in result.text and "KR Wavemaker" in result.text
    assert "Parfums Christian Dior" in result.text


def test_results_are_grouped_by_top_sector(signed_in, factories, dbsession):
    market(signed_in, factories, dbsession)
    _page, groups = search(signed_in, sector_ids=ident(dbsession, Sector, "luxe"))
    assert groups == {"Luxe": ["Dior Homme", "Maroquinerie LV"]}


def test_company_type_matches_the_advertiser_or_an_agency(
    signed_in, factories, dbsession
):
    market(signed_in, factories, dbsession)
    comm = ident(dbsession, CompanyType, "agence_comm")
    _page, groups = search(signed_in, type_ids=comm)
    assert groups == {"Luxe": ["Dior Homme"]}
    page, _groups = search(signed_in, type_ids=comm, q="dior")
    chips = [li.text for li in page.find(attrs={"data-chips": True}).find_all("li")]
    assert chips == ["Quick search: dior", "Company type: Agence communication"]


def test_change_tracking_between_two_dates(signed_in, factories, dbsession):
    market(signed_in, factories, dbsession)
    old = dbsession.scalar(select(Budget).where(Budget.name == "Dior Homme"))
    event = dbsession.scalar(
        select(HistoryEvent).where(
            HistoryEvent.entity == "budget", HistoryEvent.entity_id == old.id
        )
    )
    event.at = dt.datetime(2025, 6, 1, 10, tzinfo=dt.UTC)
    dbsession.flush()
    today = dt.date.today().isoformat()
    _page, groups = search(signed_in, changes="created", since=today)
    assert sorted(sum(groups.values(), [])) == ["Dior Parfums", "Maroquinerie LV"]
    _page, groups = search(
        signed_in, changes="created", since="2025-06-01", until="2025-06-01"
    )
    assert groups == {"Luxe": ["Dior Homme"]}


def test_deleted_budgets_are_found_by_the_deleted_filter_only(
    signed_in, factories, dbsession
):
    from core.testing import csrf_token

    market(signed_in, factories, dbsession)
    budget = dbsession.scalar(select(Budget).where(Budget.name == "Dior Homme"))
    signed_in.post(
        f"/budgets/{budget.id}/deactivate", {"csrf_token": csrf_token(signed_in)}
    )
    _page, groups = search(signed_in, q="dior")
    assert groups == {"Beauté - Hygiène": ["Dior Parfums"]}
    page, groups = search(signed_in, q="dior", changes="deleted")
    assert groups == {"Luxe": ["Dior Homme"]}
    assert "deleted" in page.find(attrs={"data-budget": str(budget.id)}).text


def test_an_inactive_advertiser_takes_its_budgets_away(signed_in, factories, dbsession):
    dior, _wavemaker = market(signed_in, factories, dbsession)
    dior.active = False
    dbsession.flush()
    _page, groups = search(signed_in, q="dior")
    assert groups == {}


def test_bad_dates_are_flagged_and_search_nothing(signed_in, factories, dbsession):
    market(signed_in, factories, dbsession)
    response = signed_in.get(
        "/who-works-with-whom",
        {"changes": "created", "since": "31/02/2026", "until": "2026-01-01"},
        status=400,
    )
    assert response.html.find(id="e-since").text == "Enter a date, e.g. 31/12/2026."
    assert response.html.find(attrs={"data-results": True}) is None
    response = signed_in.get(
        "/who-works-with-whom",
        {"changes": "created", "since": "2026-02-01", "until": "2026-01-01"},
        status=400,
    )
    assert "before the start" in response.html.find(id="e-until").text
    response = signed_in.get(
        "/who-works-with-whom", {"since": "2026-02-01"}, status=400
    )
    assert response.html.find(id="e-changes") is not None


def test_budget_names_match_whatever_the_accents_and_case(
    signed_in, factories, dbsession
):
    advertiser = factories.company("Maison Lumen")
    for name in ("Éclat Été", "Crème Brûlée"):
        url = f"/budgets/new?company_id={advertiser.id}"
        post_budget(signed_in, url, name, [("sector_ids", "1")])
    for typed, found in (
        ("eclat ete", ["Éclat Été"]),
        ("ÉCLAT", ["Éclat Été"]),
        ("brulee", ["Crème Brûlée"]),
        ("CRÈME*", ["Crème Brûlée"]),
        ("*ete", ["Éclat Été"]),
    ):
        _page, groups = search(signed_in, q=typed)
        assert [n for names in groups.values() for n in names] == found, typed
