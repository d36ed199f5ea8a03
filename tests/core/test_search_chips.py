"""The applied criteria read as the user reads them, and the form around them."""

from __future__ import annotations


def chip_texts(page) -> dict:
    return {
        chip["data-chip"]: " ".join(chip.select_one("span").get_text().split())
        for chip in page.select("[data-chip]")
    }


def test_dates_countries_and_companies_read_as_words(signed_in, factories):
    group = factories.company(name="Groupe Horizon")
    page = signed_in.get(
        "/search",
        {
            "country": "fr",
            "changed": "updated",
            "changed_from": "2026-01-01",
            "changed_to": "2026-02-28",
            "group_id": str(group.id),
            "works_with_id": "987654321",
        },
    ).html
    chips = chip_texts(page)
    assert chips["country"].endswith("France")
    assert chips["changed_from"].endswith("01/01/2026")
    assert chips["changed_to"].endswith("28/02/2026")
    assert "2026-01-01" not in page.select_one("ul.chips").get_text()
    assert chips["group_id"].endswith("Groupe Horizon")
    assert chips["works_with_id"].endswith("unknown company")
    # The form shows the company picked by its name, the id goes along hidden.
    assert page.select_one("#f-group_id-pick")["value"] == (
        f"Groupe Horizon #{group.id}"
    )
    assert page.select_one("#f-group_id")["type"] == "hidden"
    assert page.select_one("#f-group_id")["value"] == str(group.id)


def test_regions_in_alphabetical_order_accents_aside(signed_in):
    page = signed_in.get("/search").html
    names = [o.get_text() for o in page.select("#f-region option")][1:]
    assert names.index("Île-de-France") == names.index("Hauts-de-France") + 1
    assert names.index("Île-de-France") < names.index("Normandie")


def test_the_criteria_fold_away_once_results_show(signed_in):
    first = signed_in.get("/search").html
    assert first.select_one("details.search-criteria").has_attr("open")
    searched = signed_in.get("/search", {"city": "Lyon"}).html
    assert not searched.select_one("details.search-criteria").has_attr("open")
    wrong = signed_in.get("/search", {"sector_ids": "abc"}, status=400).html
    assert wrong.select_one("details.search-criteria").has_attr("open")
