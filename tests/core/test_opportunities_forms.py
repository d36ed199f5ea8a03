"""Creating an opportunity, its lines, archiving and duplicating them."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from core.opportunities.models import Opportunity
from core.opportunities.testing import opportunity, product, status


def new_form(app, for_company, **values):
    form = app.get(f"/opportunities/new?company_id={for_company.id}").forms[
        "opportunity-form"
    ]
    form["title"] = values.pop("title", "Salon du luxe 2027")
    for name, value in values.items():
        form[name] = value
    return form


def test_create_an_opportunity_from_a_company(signed_in, factories, dbsession):
    company = factories.company("Valmont Parfums")
    agency = factories.company("Horizon Média", type_code="agence_media")
    contact = factories.contact(company)
    page = signed_in.get(f"/opportunities/new?contact_id={contact.id}")
    form = page.forms["opportunity-form"]
    assert form["company"].value == f"Valmont Parfums #{company.id}"
    assert form["contact_id"].value == str(contact.id)
    form["title"] = "Salon du luxe 2027"
    form["client"] = f"Horizon Média #{agency.id}"
    form["amount"] = "70 000,00"
    form["decision_on"] = "2027-01-15"
    form["status_id"] = str(status(dbsession, "chaude").id)
    sheet = form.submit("save").follow()
    assert "Salon du luxe 2027" in sheet.text
    summary = sheet.html.select_one(".opportunity-summary")
    assert summary.select_one('[data-field="total"]').text == "€70,000.00"
    assert summary.select_one('[data-field="weighted"]').text == "€52,500.00"
    record = dbsession.scalar(
        select(Opportunity).where(Opportunity.title == "Salon du luxe 2027")
    )
    assert record.amount == Decimal("70000.00")
    assert record.client_id == agency.id
    assert record.contact_id == contact.id
    assert record.owner_id == signed_in.user.id
    assert record.decision_on == dt.date(2027, 1, 15)


def test_french_users_read_french_amounts(signed_in, factories, dbsession):
    signed_in.user.locale = "fr"
    dbsession.flush()
    record = opportunity(dbsession, signed_in.user, factories.company(), amount="70000")
    sheet = signed_in.get(f"/opportunities/{record.id}")
    total = sheet.html.select_one('.opportunity-summary [data-field="total"]').text
    assert total == "70\u202f000,00\u00a0€"


def test_a_negative_amount_is_refused_beside_the_field(signed_in, factories):
    form = new_form(signed_in, factories.company(), amount="-5")
    page = form.submit("save", status=400)
    assert page.html.select_one("#e-amount").text == "An amount cannot be negative."


def test_a_missing_title_and_unknown_company_are_refused(signed_in, factories):
    form = new_form(signed_in, factories.company(), title="", company="Nobody #999999")
    page = form.submit("save", status=400)
    assert page.html.select_one("#e-title").text == "This field is required."
    page.forms["opportunity-form"]["title"] = "Again"
    page = page.forms["opportunity-form"].submit("save", status=400)
    assert page.html.select_one("#e-company").text == "Choose a company from the list."


def test_add_a_line_and_the_total_follows_the_lines(signed_in, factories, dbsession):
    record = opportunity(dbsession, signed_in.user, factories.company(), amount="5000")
    sheet = signed_in.get(f"/opportunities/{record.id}")
    form = sheet.forms["line-form"]
    form["product_id"] = str(product(dbsession, "web").id)
    form["amount"] = "1 234,56"
    form["published_on"] = "2027-02-01"
    sheet = form.submit("add-line").follow()
    total = sheet.html.select_one('.opportunity-summary [data-field="total"]').text
    assert total == "€1,234.56"


def test_a_line_without_product_is_refused(signed_in, factories, dbsession):
    record = opportunity(dbsession, signed_in.user, factories.company())
    form = signed_in.get(f"/opportunities/{record.id}").forms["line-form"]
    form["amount"] = "100"
    page = form.submit("add-line", status=400)
    assert page.html.select_one("#e-product_id").text == "Choose a product."
    assert page.forms["line-form"]["amount"].value == "100"


def test_a_negative_line_is_refused(signed_in, factories, dbsession):
    record = opportunity(dbsession, signed_in.user, factories.company())
    form = signed_in.get(f"/opportunities/{record.id}").forms["line-form"]
    form["product_id"] = str(product(dbsession).id)
    form["amount"] = "-0,01"
    page = form.submit("add-line", status=400)
    assert page.html.select_one("#e-amount").text == "An amount cannot be negative."


def archive_button(sheet, line_id, how):
    row = sheet.html.select_one(f'tr[data-line="{line_id}"]')
    action = row.select_one(f'button[data-action="line-{how}"]').find_parent("form")
    return next(f for f in sheet.forms.values() if f.action == action["action"])


def test_partial_archiving_keeps_the_open_lines_in_the_pipe(
    signed_in, factories, dbsession
):
    record = opportunity(
        dbsession,
        signed_in.user,
        factories.company(),
        lines=[("print", "1000", None), ("web", "400", None), ("event", "250", None)],
        status=status(dbsession, "tiede"),
    )
    won, lost, kept = record.lines
    sheet = signed_in.get(f"/opportunities/{record.id}")
    archive_button(sheet, won.id, "won").submit("archive", value="won")
    sheet = signed_in.get(f"/opportunities/{record.id}")
    archive_button(sheet, lost.id, "lost").submit("archive", value="lost")
    sheet = signed_in.get(f"/opportunities/{record.id}")
    summary = sheet.html.select_one(".opportunity-summary")
    assert summary.select_one('[data-field="total"]').text == "€250.00"
    assert summary.select_one('[data-field="weighted"]').text == "€125.00"
    stamps = {
        li["data-line"]: li.select_one("[data-stamp]")
        for li in summary.select("li[data-line]")
    }
    assert stamps[str(won.id)]["data-stamp"] == "won"
    assert stamps[str(won.id)].text == "WON"
    assert stamps[str(lost.id)]["data-stamp"] == "lost"
    assert stamps[str(kept.id)] is None


def duplicate(app, record, status=303, **fields):
    """Send the duplicate form of the first line of ``record`` with ``fields``."""
    sheet = app.get(f"/opportunities/{record.id}")
    row = sheet.html.select_one(f'tr[data-line="{record.lines[0].id}"]')
    action = row.select_one('form[data-form="duplicate"]')["action"]
    form = next(f for f in sheet.forms.values() if f.action == action)
    for name, value in fields.items():
        form[name] = value
    return form.submit("duplicate", status=status)


def test_duplicate_a_line_monthly_across_month_ends(signed_in, factories, dbsession):
    record = opportunity(
        dbsession,
        signed_in.user,
        factories.company(),
        lines=[("print", "1500", dt.date(2027, 1, 31))],
    )
    duplicate(signed_in, record, copies="3", every="1", unit="months")
    dbsession.expire_all()
    assert [line.published_on for line in record.lines] == [
        dt.date(2027, 1, 31),
        dt.date(2027, 2, 28),
        dt.date(2027, 3, 31),
        dt.date(2027, 4, 30),
    ]
    assert {line.amount for line in record.lines} == {Decimal("1500.00")}


def test_duplicate_weekly_and_share_the_amount(signed_in, factories, dbsession):
    record = opportunity(
        dbsession,
        signed_in.user,
        factories.company(),
        lines=[("web", "1000", dt.date(2026, 12, 28))],
    )
    duplicate(signed_in, record, copies="2", every="2", unit="weeks", split=True)
    dbsession.expire_all()
    assert [(line.published_on, line.amount) for line in record.lines] == [
        (dt.date(2026, 12, 28), Decimal("333.33")),
        (dt.date(2027, 1, 11), Decimal("333.33")),
        (dt.date(2027, 1, 25), Decimal("333.34")),
    ]


def test_duplicating_zero_times_is_refused(signed_in, factories, dbsession):
    record = opportunity(
        dbsession, signed_in.user, factories.company(), lines=[("web", "10", None)]
    )
    page = duplicate(signed_in, record, status=400, copies="0")
    assert page.html.select_one("#e-copies").text == "This value is too small."


def test_each_copy_can_then_be_edited(signed_in, factories, dbsession):
    record = opportunity(
        dbsession,
        signed_in.user,
        factories.company(),
        lines=[("web", "10", dt.date(2027, 3, 1)), ("print", "20", None)],
    )
    line = record.lines[0]
    form = signed_in.get(f"/opportunities/{record.id}/lines/{line.id}/edit").forms[
        "line-form"
    ]
    form["amount"] = "12,50"
    form["comment"] = "Double page"
    form.submit("save").follow()
    dbsession.expire_all()
    assert line.amount == Decimal("12.50")
    assert line.comment == "Double page"


def test_closing_takes_the_opportunity_out_of_the_pipe(signed_in, factories, dbsession):
    record = opportunity(dbsession, signed_in.user, factories.company(), amount="10")
    sheet = signed_in.get(f"/opportunities/{record.id}")
    form = next(f for f in sheet.forms.values() if f.action.endswith("/close"))
    form.submit("outcome", value="won").follow()
    table = signed_in.get("/opportunities")
    assert table.html.select_one(f'tr[data-row="{record.id}"]') is None
    closed = signed_in.get(
        f"/opportunities?filtered=1&closed=closed&owner_ids={signed_in.user.id}"
    )
    assert closed.html.select_one(f'tr[data-row="{record.id}"]') is not None


def test_a_probability_of_120_percent_is_refused(admin_app, dbsession):
    row = status(dbsession, "chaude")
    form = admin_app.get(f"/admin/reference/opportunity_status/{row.id}").forms[
        "row-form"
    ]
    form["rate"] = "120"
    page = form.submit(status=400)
    assert page.html.select_one("#e-rate").text == (
        "Enter a percentage between 0 and 100."
    )
    dbsession.refresh(row)
    assert row.rate == 75
