"""Criteria that say nothing together are refused beside the field, not ignored."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from webob.multidict import MultiDict

from core.directory.models import Address
from core.search.criteria import DEFAULT_RADIUS_KM, Criteria
from core.search.models import SavedSearch
from core.testing import csrf_token


def search_page(app, status=200, **params):
    return app.get("/search", params, status=status).html


def field_error(page, name: str) -> str:
    found = page.select_one(f"#e-{name}")
    return found.get_text(strip=True) if found else ""


def summary(page) -> dict[str, str]:
    box = page.select_one("[data-search-errors]")
    return {li["data-criterion"]: li.get_text() for li in box.select("li")}


def result_names(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select("[data-result] a")]


def test_a_place_without_a_radius_means_ten_kilometres(signed_in, factories):
    factories.company(
        name="Régie Lyonnaise",
        addresses=[Address(street="2 rue", postcode="69002", city="Lyon")],
    )
    factories.company(
        name="Régie Marseillaise",
        addresses=[Address(street="3 rue", postcode="13001", city="Marseille")],
    )
    criteria, errors = Criteria.from_params(MultiDict(near="69002"))
    assert errors == {}
    assert criteria.radius_km == DEFAULT_RADIUS_KM == 10
    page = search_page(signed_in, near="69002", radius_km="0")
    assert "Régie Lyonnaise" in page.text
    assert "Régie Marseillaise" not in page.text
    # The radius used is written in the form and in the chips.
    assert page.select_one("#f-radius_km")["value"] == "10"
    chips = " ".join(c.get_text(" ", strip=True) for c in page.select(".chip"))
    assert "10" in chips


def test_a_radius_without_a_place_is_refused_beside_the_place(signed_in):
    page = search_page(signed_in, status=400, radius_km="25", city="Lyon")
    assert field_error(page, "near") == "Give a postal code or commune for the radius."
    assert "near" in summary(page)
    # The other criteria stay filled in.
    assert page.select_one("#f-city")["value"] == "Lyon"


def test_an_inverted_date_range_is_refused_beside_the_end(signed_in):
    page = search_page(
        signed_in,
        status=400,
        changed="created",
        changed_from="2026-03-10",
        changed_to="2026-03-01",
    )
    assert field_error(page, "changed_to") == "This date is before the start date."
    assert page.select_one("details.more-criteria").has_attr("open")
    # One day is a range.
    search_page(
        signed_in, changed="created", changed_from="2026-03-10", changed_to="2026-03-10"
    )


def test_salespeople_portfolios_need_a_salesperson(signed_in, factories):
    page = search_page(signed_in, status=400, portfolio="users")
    assert summary(page) == {"portfolio": "Portfolio: Choose at least one salesperson."}
    beside = page.html.select_one("#e-portfolio")
    assert beside.get_text(strip=True) == "Choose at least one salesperson."
    seller = factories.user()
    search_page(signed_in, portfolio="users", owner_ids=str(seller.id))


def saved_count(dbsession, user) -> int:
    mine = SavedSearch.user_id == user.id
    return dbsession.scalar(select(func.count()).select_from(SavedSearch).where(mine))


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        "[1, 2]",
        json.dumps({"entity": "company", "colour": "blue"}),
        json.dumps({"entity": "planet"}),
        json.dumps({"radius_km": 5}),
        json.dumps({"changed_from": "2026-03-10", "changed_to": "2026-03-01"}),
    ],
)
def test_saving_bad_criteria_is_refused(signed_in, dbsession, raw):
    token = csrf_token(signed_in)
    page = signed_in.post(
        "/search/saved",
        {"csrf_token": token, "name": "Mauvaise", "criteria": raw},
        status=400,
    ).html
    assert "nothing was saved" in summary(page)["criteria"]
    assert saved_count(dbsession, signed_in.user) == 0


def test_saving_good_criteria_still_works(signed_in, dbsession):
    token = csrf_token(signed_in)
    signed_in.post(
        "/search/saved",
        {
            "csrf_token": token,
            "name": "Autour de Lyon",
            "criteria": json.dumps({"near": "69002"}),
        },
        status=303,
    )
    saved = dbsession.scalar(
        select(SavedSearch).where(SavedSearch.user_id == signed_in.user.id)
    )
    assert saved.criteria == {"near": "69002", "radius_km": 10}
