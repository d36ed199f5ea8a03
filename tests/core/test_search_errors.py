"""A search refused for a bad criterion says so where the user is looking."""

from __future__ import annotations


def test_an_error_in_a_folded_section_opens_it_and_says_why(signed_in):
    page = signed_in.get(
        "/search",
        {
            "entity": "company",
            "changed": "custom",
            "changed_from": "9999-12-31",
            "city": "Lyon",
        },
        status=400,
    ).html
    more = page.select_one("details.more-criteria")
    assert more.has_attr("open")
    assert more.select_one("#e-changed_from").text == (
        "Enter a date between 1900 and 2200."
    )
    summary = page.select_one(".search-results [data-search-errors]")
    assert "The search was not run" in summary.text
    items = {li["data-criterion"]: li.text for li in summary.select("li")}
    assert items == {
        "changed": "Changed: Choose one of the proposed values.",
        "changed_from": "Changed from: Enter a date between 1900 and 2200.",
    }
    # The valid criteria stay filled in, ready to search again.
    assert page.select_one("#f-city")["value"] == "Lyon"


def test_a_valid_search_keeps_its_sections_folded(signed_in):
    page = signed_in.get("/search", {"entity": "company", "city": "Lyon"}).html
    assert not page.select_one("details.more-criteria").has_attr("open")
    assert page.select_one("[data-search-errors]") is None


def test_an_error_in_the_sectors_opens_them(signed_in):
    page = signed_in.get("/search", {"sector_ids": "abc"}, status=400).html
    sectors = page.select_one("input[name=sector_ids]").find_parent("details")
    assert sectors.has_attr("open")
    assert page.select_one("[data-search-errors] li[data-criterion=sector_ids]")
