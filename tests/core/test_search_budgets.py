"""Budgets in the searches: the box's column, the advanced criteria, "works with".

Also the change tracking of deletions (deactivated companies, contacts and
budgets) and the box's recently opened records, on both engines.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.access import access_for
from core.budgets.models import Budget, BudgetAgency
from core.budgets.services import set_active as set_budget_active
from core.directory.models import CompanyPortfolio
from core.directory.services.companies import set_active as set_company_active
from core.reference.models import Sector
from core.search.criteria import Criteria
from core.search.services import result_page
from tests.core.budget_support import role_id
from tests.core.test_search_quick import groups


def sector(session, code):
    return session.scalar(select(Sector).where(Sector.code == code))


@pytest.fixture
def market(factories, dbsession):
    """Two advertisers, two agencies, three budgets."""
    s = dbsession
    lumen = factories.company("Lumen Cosmétiques")
    garage = factories.company("Garage Central")
    havas = factories.company("Havas Média", type_code="agence_media")
    pixel = factories.company("Pixel Web", type_code="agence_media")
    factories.company("Sans Budget")
    parfums = Budget(name="Parfums d'été", company=lumen, sectors=[sector(s, "luxe.1")])
    parfums.agencies.append(
        BudgetAgency(company=havas, role_id=role_id(s, "agence_media"))
    )
    parfums.agencies.append(
        BudgetAgency(company=pixel, role_id=role_id(s, "agence_web"))
    )
    soins = Budget(name="Soins Éclat", company=lumen)
    soins.agencies.append(BudgetAgency(company=havas, role_id=role_id(s, "agence_web")))
    pneus = Budget(
        name="Pneus Hiver", company=garage, sectors=[sector(s, "automobile")]
    )
    s.add_all([parfums, soins, pneus])
    s.flush()
    return {
        "lumen": lumen,
        "garage": garage,
        "havas": havas,
        "pixel": pixel,
        "parfums": parfums,
        "soins": soins,
        "pneus": pneus,
    }


def found(dbsession, registry, user=None, **values) -> list[str]:
    user = user or _admin(dbsession, registry)
    criteria = Criteria.model_validate(values)
    page = result_page(dbsession, criteria, access_for(dbsession, registry, user))
    return [
        getattr(record, "name", None) or record.display_name for record in page.records
    ]


def _admin(dbsession, registry):
    from core.auth.models import User
    from core.auth.services import create_user

    admin = dbsession.scalar(select(User).where(User.email == "search-admin@x.example"))
    return admin or create_user(
        dbsession, registry, "search-admin@x.example", "Admin", profile_code="admin"
    )


def test_the_box_finds_budgets_by_name_advertiser_and_agency(signed_in, market):
    budgets = lambda text: groups(signed_in, text).get("budgets", {}).get("titles", [])  # noqa: E731
    assert budgets("parfums") == ["Parfums d'été"]
    assert budgets("ECLAT") == ["Soins Éclat"]
    # The advertiser's name brings all its budgets, an agency's all it holds.
    assert budgets("lumen") == ["Parfums d'été", "Soins Éclat"]
    assert budgets("havas") == ["Parfums d'été", "Soins Éclat"]
    assert budgets("pixel") == ["Parfums d'été"]
    assert budgets("*hiver") == ["Pneus Hiver"]
    assert budgets("hiver*") == []
    shown = groups(signed_in, "lumen")["budgets"]
    assert shown["count"] == "2"


def test_the_box_leaves_out_inactive_budgets_and_follows_the_portfolio(
    signed_in, market, dbsession
):
    budgets = lambda text, **p: (  # noqa: E731
        groups(signed_in, text, **p).get("budgets", {}).get("titles", [])
    )
    set_budget_active(dbsession, signed_in.user, market["soins"], False)
    assert budgets("lumen") == ["Parfums d'été"]
    assert budgets("lumen", all="1") == ["Parfums d'été", "Soins Éclat"]
    dbsession.add(
        CompanyPortfolio(user_id=signed_in.user.id, company_id=market["garage"].id)
    )
    dbsession.flush()
    assert budgets("p", portfolio="1") == []
    assert budgets("pneus", portfolio="1") == ["Pneus Hiver"]
    assert budgets("parfums", portfolio="1") == []


def test_the_count_opens_the_budget_search(signed_in, market, dbsession, factories):
    for number in range(11):
        dbsession.add(Budget(name=f"Gamme {number:02d}", company=market["lumen"]))
    dbsession.flush()
    group = groups(signed_in, "gamme")["budgets"]
    assert len(group["titles"]) == 10
    assert group["count"] == "11"
    page = signed_in.get(group["more"])
    rows = page.html.select("[data-result]")
    assert len(rows) == 11
    assert page.html.select_one("[data-total]")["data-total"] == "11"


def test_advanced_budget_criteria(dbsession, registry, market):
    n = lambda **v: found(dbsession, registry, entity="budget", **v)  # noqa: E731
    assert n() == ["Parfums d'été", "Pneus Hiver", "Soins Éclat"]
    assert n(budget_q="havas") == ["Parfums d'été", "Soins Éclat"]
    assert n(budget_q="pneus") == ["Pneus Hiver"]
    luxe = sector(dbsession, "luxe")
    # A sector stands for its sub-sectors.
    assert n(budget_sector_ids=[luxe.id]) == ["Parfums d'été"]
    assert n(advertiser_id=market["lumen"].id) == ["Parfums d'été", "Soins Éclat"]
    assert n(agency_id=market["pixel"].id) == ["Parfums d'été"]
    web = role_id(dbsession, "agence_web")
    assert n(role_ids=[web]) == ["Parfums d'été", "Soins Éclat"]
    assert n(role_ids=[web], agency_id=market["havas"].id) == ["Soins Éclat"]
    assert n(role_ids=[role_id(dbsession, "agence_media")]) == ["Parfums d'été"]
    # Combined, and with a company criterion on the advertiser.
    assert n(budget_q="lumen", agency_id=market["pixel"].id) == ["Parfums d'été"]
    assert n(q="garage") == ["Pneus Hiver"]
    automobile = sector(dbsession, "automobile")
    assert n(sector_ids=[automobile.id]) == []


def test_budget_search_page_and_api(signed_in, market, make_app, dbsession):
    page = signed_in.get(
        "/search", {"entity": "budget", "agency_id": market["havas"].id}
    )
    names = [
        r.select_one("a").get_text(strip=True)
        for r in page.html.select("[data-result]")
    ]
    assert names == ["Parfums d'été", "Soins Éclat"]
    chips = [c["data-chip"] for c in page.html.select("[data-chip]")]
    assert chips == ["agency_id"]
    assert "Havas Média" in page.html.select_one("[data-chip]").get_text()
    from tests.core.test_api_support import bearer_client

    api = bearer_client(make_app(), dbsession, signed_in.user)
    body = api.post(
        "/search/results",
        {"criteria": {"entity": "budget", "budget_q": "*hiver"}},
        status=200,
    ).json
    assert [item["title"] for item in body["items"]] == ["Pneus Hiver"]
    assert body["items"][0]["detail"] == "Garage Central"


def test_working_with_a_company_through_budgets(dbsession, registry, market):
    n = lambda **v: found(dbsession, registry, **v)  # noqa: E731
    assert n(works_with_id=market["lumen"].id) == ["Havas Média", "Pixel Web"]
    # Agencies on one budget work together too.
    assert n(works_with_id=market["havas"].id) == ["Lumen Cosmétiques", "Pixel Web"]
    assert n(works_with_id=market["pixel"].id) == ["Havas Média", "Lumen Cosmétiques"]
    assert n(works_with_id=market["garage"].id) == []
    # A deactivated budget no longer ties them.
    set_budget_active(dbsession, _admin(dbsession, registry), market["parfums"], False)
    assert n(works_with_id=market["lumen"].id) == ["Havas Média"]
    assert n(works_with_id=market["pixel"].id) == []


def next_transaction(dbsession) -> None:
    """What a commit does to the history's open events, without committing."""
    from core.history.recorder import _before_commit

    _before_commit(dbsession)


def test_change_tracking_finds_deletions(dbsession, registry, market, factories):
    admin = _admin(dbsession, registry)
    doomed = factories.contact(market["garage"], first_name="Paul", last_name="Parti")
    factories.contact(market["garage"], first_name="Rita", last_name="Reste")
    # Records are deleted after they were made, in transactions of their own.
    next_transaction(dbsession)
    set_company_active(dbsession, admin, market["pixel"], False)
    doomed.active = False
    dbsession.flush()
    set_budget_active(dbsession, admin, market["pneus"], False)
    today = dt.date.today()
    days = {
        "changed_from": (today - dt.timedelta(1)).isoformat(),
        "changed_to": (today + dt.timedelta(1)).isoformat(),
    }
    n = lambda **v: found(dbsession, registry, **v)  # noqa: E731
    assert n(changed="deleted", **days) == ["Pixel Web"]
    assert n(entity="contact", changed="deleted", **days) == ["Paul Parti"]
    assert n(entity="budget", changed="deleted", **days) == ["Pneus Hiver"]
    # Another period: nothing deleted then.
    before = {"changed_from": "2020-01-01", "changed_to": "2020-01-31"}
    assert n(changed="deleted", **before) == []
    assert n(entity="budget", changed="deleted", **before) == []
    # Created: every budget of the fixture, today.
    assert n(entity="budget", changed="created", active="all", **days) == [
        "Parfums d'été",
        "Pneus Hiver",
        "Soins Éclat",
    ]


def test_the_empty_box_shows_my_recently_opened_records(
    signed_in, market, factories, make_app
):
    contact = factories.contact(market["lumen"], first_name="Zoé", last_name="Zèle")
    signed_in.get(f"/companies/{market['havas'].id}")
    signed_in.get(f"/budgets/{market['pneus'].id}")
    signed_in.get(f"/contacts/{contact.id}")
    signed_in.get(f"/companies/{market['lumen'].id}")
    page = signed_in.get("/search/quick", {"q": ""})
    shown = {
        section["data-source"]: [
            a.contents[0].strip() for a in section.select("a.qs-hit")
        ]
        for section in page.html.select("section.qs-group")
    }
    assert shown == {
        "budgets": ["Pneus Hiver"],
        "companies": ["Lumen Cosmétiques", "Havas Média"],
        "contacts": ["Zoé Zèle"],
    }
    # Each user has their own.
    from core.testing import sign_in

    other = make_app()
    sign_in(other, factories.user().email)
    assert other.get("/search/quick", {"q": ""}).html.select("section") == []
