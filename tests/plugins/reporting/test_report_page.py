"""The report page: the menu entry, filters beside their fields, the table."""

from __future__ import annotations

from tests.plugins.reporting.conftest import csrf, signed_in_app


def test_reporting_menu_lists_the_reports(reporting):
    home = reporting.get("/")
    menu = home.html.find("details", attrs={"data-menu": "reporting"})
    assert menu.find("a", attrs={"data-entry": "reports"})["href"].endswith("/reports")
    catalogue = reporting.get("/reports")
    assert catalogue.html.find("li", attrs={"data-report": "reporting.companies"})


def test_companies_report_groups_by_type_with_totals(reporting, factories):
    factories.company("Mediapolis Test", type_code="agence_media")
    brand = factories.company("Brezh Test")
    factories.contact(brand)
    factories.contact(brand)

    page = reporting.get("/reports/reporting.companies")

    groups = {g["data-group"]: g for g in page.html.select("tbody[data-group]")}
    assert set(groups) == {"Annonceur", "Agence média"}
    assert "Brezh Test" in groups["Annonceur"].text
    total = groups["Annonceur"].find("tr", class_="total")
    contacts = total.find("td", attrs={"data-column": "contacts"})
    assert contacts.text.strip() == "2"
    grand = page.html.find("tr", class_="grand-total")
    assert grand.find("td", attrs={"data-column": "companies"}).text.strip() == "2"


def test_a_filter_narrows_the_rows(reporting, factories):
    factories.company("Only Agency", type_code="agence_media")
    factories.company("Only Advertiser")
    page = reporting.get("/reports/reporting.companies", {"type": "agence_media"})
    assert "Only Agency" in page.text
    assert "Only Advertiser" not in page.text


def test_an_unreadable_date_is_refused_beside_its_field(reporting):
    page = reporting.get(
        "/reports/reporting.companies", {"created_from": "someday"}, status=400
    )
    field = page.html.find("div", attrs={"data-filter": "created_from"})
    assert "has-error" in field["class"]
    assert "start of month" in field.find(class_="field-error").text
    assert page.html.find("table", class_="report-table") is None


def test_a_saved_filter_comes_back_under_its_name(reporting, factories):
    factories.company("Saved Agency", type_code="agence_media")
    factories.company("Saved Advertiser")
    page = reporting.get("/reports/reporting.companies")
    reporting.post(
        "/reports/reporting.companies/filters",
        {
            "type": "agence_media",
            "situation": "",
            "created_from": "today-1y",
            "filter_name": "Agencies this year",
            "csrf_token": csrf(page),
        },
        status=303,
    )

    page = reporting.get("/reports/reporting.companies")
    link = page.html.find("a", attrs={"data-saved-filter": "Agencies this year"})
    shown = reporting.get(link["href"])
    assert shown.html.find("input", attrs={"name": "created_from"})["value"] == (
        "today-1y"
    )
    assert "Saved Agency" in shown.text
    assert "Saved Advertiser" not in shown.text


def test_a_filter_needs_a_name_to_be_saved(reporting):
    page = reporting.get("/reports/reporting.companies")
    refused = reporting.post(
        "/reports/reporting.companies/filters",
        {"created_from": "today", "csrf_token": csrf(page)},
        status=400,
    )
    assert "Name the filter" in refused.text


def test_saved_filters_are_per_user(reporting, make_app, factories):
    page = reporting.get("/reports/reporting.companies")
    reporting.post(
        "/reports/reporting.companies/filters",
        {"filter_name": "Mine", "csrf_token": csrf(page)},
        status=303,
    )
    other = signed_in_app(make_app, factories)
    page = other.get("/reports/reporting.companies")
    assert page.html.find("a", attrs={"data-saved-filter": "Mine"}) is None


def test_an_assistant_has_no_reporting(make_app, factories):
    app = signed_in_app(make_app, factories, profile="assistant")
    assert app.get("/").html.find("details", attrs={"data-menu": "reporting"}) is None
    app.get("/reports", status=403)
    app.get("/reports/reporting.companies", status=403)


def test_an_unknown_report_is_not_found(reporting):
    reporting.get("/reports/reporting.nothing", status=404)


def test_a_report_shows_only_what_the_user_may_see(reporting, factories, dbsession):
    from core.access.services import set_reach
    from core.directory.models import CompanyPortfolio

    set_reach(dbsession, reporting.user.profile, "company", "own", "own")
    mine = factories.company("In My Portfolio")
    factories.company("Outside Portfolio")
    dbsession.add(CompanyPortfolio(user_id=reporting.user.id, company_id=mine.id))
    dbsession.flush()

    page = reporting.get("/reports/reporting.companies")
    assert "In My Portfolio" in page.text
    assert "Outside Portfolio" not in page.text
    export = reporting.get(
        "/reports/reporting.companies/export", {"output": "pdf-a4-portrait"}
    )
    assert export.content_type == "application/pdf"
