"""Out-of-range input is refused with a message, never answered with a 500.

Record ids too large for the database, dates in year 1 or 9999, follow-ups
before their action: each kind is checked once, in ``core.forms``, and these
tests walk many routes to see that every one of them goes through it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from core.actions.models import Action
from core.auth.models import User
from core.directory.models import Contact
from core.forms import FieldError, parse_day, parse_id, parse_ids, validate
from core.opportunities.schemas import LineForm, OpportunityForm
from core.opportunities.testing import opportunity, status
from core.testing import SHIPPED_PLUGINS, csrf_token, sign_in
from tests.core.test_actions_form import new_action_form
from tests.core.test_api_support import assert_error

pytest_plugins = ["tests.core.test_api_support"]

HUGE = "99999999999999999999"
PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}")


def test_ids_beyond_the_database_are_not_ids():
    assert parse_id("42") == 42
    assert parse_id(HUGE) is None
    assert parse_id(str(2**31)) is None
    assert parse_id("0") is None
    assert parse_id("-3") is None
    assert parse_ids(["3", HUGE, "x", "3", "5"]) == [3, 5]


@pytest.mark.parametrize("text", ["31/12/9999", "0001-01-01", "31/02/2026", "demain"])
def test_implausible_or_impossible_days_are_refused(text):
    with pytest.raises(FieldError):
        parse_day(text)


def test_plausible_days_are_read_both_ways():
    assert parse_day("31/12/2026") == parse_day("2026-12-31") == dt.date(2026, 12, 31)


@pytest.fixture
def full_admin(make_app, factories):
    app = make_app(plugins=SHIPPED_PLUGINS)
    user = factories.user(profile="admin")
    sign_in(app, user.email)
    app.user = user
    return app


def id_routes(registry) -> list[tuple[str, str]]:
    """Every route whose pattern holds a placeholder, filled with a huge number."""
    found = []
    for item in registry.introspector.get_category("routes"):
        route = item["introspectable"]
        pattern = route["pattern"]
        if PLACEHOLDER.search(pattern) and not pattern.startswith("static"):
            path = PLACEHOLDER.sub(HUGE, pattern)
            found.append((route["name"], path if path.startswith("/") else "/" + path))
    return found


def test_every_route_with_an_id_answers_a_huge_one_as_not_found(full_admin, make_app):
    routes = id_routes(make_app.registry(plugins=SHIPPED_PLUGINS))
    assert len(routes) > 50
    names = {name for name, _path in routes}
    assert {"company", "contact", "action", "opportunity_status"} <= names
    token = csrf_token(full_admin)
    failures = []
    for name, path in routes:
        for method in ("GET", "POST"):
            response = full_admin.request(
                path,
                method=method,
                POST={"csrf_token": token} if method == "POST" else None,
                headers={"X-CSRF-Token": token},
                expect_errors=True,
            )
            # A number that cannot be an id names no page, whatever the method.
            if response.status_int != 404:
                failures.append(f"{method} {name} {path}: {response.status}")
    assert failures == []


@pytest.mark.parametrize(
    "kind", ["companies", "contacts", "actions", "opportunities", "lists", "budgets"]
)
def test_a_huge_record_id_in_the_address_is_not_found(full_admin, kind):
    page = full_admin.get(f"/{kind}/{HUGE}", status=404)
    assert "This page does not exist." in page.text


def test_a_huge_id_in_the_api_is_not_found_as_json(api):
    assert_error(api.get(f"/companies/{HUGE}", status=404), 404, "not_found")


@pytest.mark.parametrize(
    "path",
    [
        f"/search?entity=companies&group_id={HUGE}",
        f"/search?entity=companies&owner_ids={HUGE}",
        f"/search?entity=companies&type_ids={HUGE}",
        f"/search?entity=companies&sector_ids={HUGE}",
        f"/who-works-with-whom?sector_ids={HUGE}&type_ids={HUGE}",
        f"/reports/reporting.weekly_actions?visitor={HUGE}",
        f"/reports/reporting.weekly_actions?saved={HUGE}",
        f"/todo?user={HUGE}&team={HUGE}",
        f"/agenda/events?start=2026-03-01&end=2026-04-01&types={HUGE}",
    ],
)
def test_huge_ids_in_query_parameters_are_no_failure(full_admin, path):
    response = full_admin.get(path, expect_errors=True)
    assert response.status_int < 500, response.text[:500]


def test_huge_ids_in_posted_forms_are_no_failure(full_admin, factories, dbsession):
    token = csrf_token(full_admin)
    company = factories.company()
    record = opportunity(dbsession, full_admin.user, company, status=status(dbsession))
    moved = full_admin.post(
        "/agenda/move",
        {"action": HUGE, "start": "2026-03-30T15:00:00"},
        headers={"X-CSRF-Token": token},
        expect_errors=True,
    )
    assert moved.status_int == 404
    answer = full_admin.post(
        f"/opportunities/{record.id}/status",
        {"status_id": HUGE, "csrf_token": token},
        status=422,
    )
    assert answer.json["errors"]


def test_opportunity_dates_must_be_plausible():
    form, errors = validate(
        OpportunityForm,
        {
            "title": "Campagne",
            "company": "Brezh Lait",
            "status_id": "1",
            "decision_on": "9999-12-31",
            "campaign_on": "0001-01-01",
        },
    )
    assert form is None
    assert errors["decision_on"] == "Enter a date between 1900 and 2200."
    assert errors["campaign_on"] == "Enter a date between 1900 and 2200."
    _form, errors = validate(
        LineForm, {"product_id": "1", "amount": "10", "published_on": "9999-01-01"}
    )
    assert errors["published_on"] == "Enter a date between 1900 and 2200."


@pytest.mark.parametrize("start", ["31/12/9999 10:00", "01/01/0001 10:00"])
def test_an_action_in_an_impossible_year_is_refused_beside_the_field(
    signed_in, factories, dbsession, start
):
    contact = factories.contact()
    form = new_action_form(signed_in, contact)
    form["subject"] = "Rendez-vous"
    form["start"] = start
    form["end"] = ""
    page = form.submit("save", status=400).html
    assert page.find(id="e-start").text == "Enter a date between 1900 and 2200."
    assert dbsession.scalar(select(Action.id)) is None


def test_a_follow_up_before_its_action_is_refused(signed_in, factories, dbsession):
    contact = factories.contact()
    form = new_action_form(signed_in, contact)
    form["subject"] = "Rendez-vous"
    form["start"] = "2026-03-25T09:00"
    form["end"] = ""
    form["follow_up"] = "2026-03-20T09:00"
    page = form.submit("save", status=400).html
    assert page.find(id="e-follow_up").text == (
        "The follow-up cannot come before the action."
    )
    assert dbsession.scalar(select(Action.id)) is None


def test_postponing_a_follow_up_to_a_past_day_is_refused(
    signed_in, factories, dbsession
):
    action = factories.action(author=signed_in.user)
    before = action.follow_up_at
    back = signed_in.post(
        f"/actions/{action.id}/follow-up",
        {
            "follow_up": "2020-01-06T09:00",
            "postpone": "1",
            "csrf_token": csrf_token(signed_in),
        },
    ).follow()
    assert "Choose today or a later day." in back.text
    dbsession.refresh(action)
    assert action.follow_up_at == before


def api_action_body(contact, **fields):
    body = {
        "type": "rdv",
        "subject": "Rendez-vous",
        "start": "2026-03-25T09:00:00+01:00",
        "contact_ids": [contact.id],
    }
    return {**body, **fields}


@pytest.mark.parametrize("field", ["start", "follow_up"])
def test_the_api_refuses_year_9999_with_json(api, factories, field):
    contact = factories.contact()
    body = api_action_body(contact, **{field: "9999-12-31T23:59:00Z"})
    error = assert_error(api.post("/actions", body, status=422), 422, "invalid")
    assert error["fields"][field] == "Enter a date between 1900 and 2200."


def test_the_api_refuses_a_follow_up_before_the_action(api, factories):
    contact = factories.contact()
    body = api_action_body(contact, follow_up="2026-03-01T09:00:00+01:00")
    error = assert_error(api.post("/actions", body, status=422), 422)
    assert "follow_up" in error["fields"]


def test_the_api_follow_up_change_refuses_year_9999(api, factories):
    action = factories.action(author=api.user)
    answer = api.post(
        f"/actions/{action.id}/follow-up",
        {"follow_up": "9999-06-01T12:30:00+02:00"},
        status=422,
    )
    assert assert_error(answer, 422)["fields"]["follow_up"]


def test_an_unexpected_api_failure_answers_json(api, monkeypatch):
    from core.api import listing

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(listing, "count", broken)
    answer = api.get("/companies", status=500)
    assert_error(answer, 500, "internal")


def test_agenda_events_in_impossible_years_are_a_message(signed_in):
    answer = signed_in.get(
        "/agenda/events", {"start": "0001-01-01", "end": "9999-12-31"}, status=400
    )
    assert answer.json == {"error": "Enter a date between 1900 and 2200."}


def test_the_agenda_refuses_to_move_an_action_to_9999(signed_in, factories, dbsession):
    action = factories.action(author=signed_in.user)
    before = action.starts_at
    answer = signed_in.post(
        "/agenda/move",
        {"action": str(action.id), "kind": "action", "start": "9999-12-31T10:00"},
        headers={"X-CSRF-Token": csrf_token(signed_in)},
        status=422,
    )
    assert answer.json == {"error": "Enter a date between 1900 and 2200."}
    dbsession.refresh(action)
    assert action.starts_at == before


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"start": "01/01/0001"}, "start", "Enter a date between 1900 and 2200."),
        ({"end": "31/12/9999"}, "end", "Enter a date between 1900 and 2200."),
        (
            {"start": "01/06/2026", "end": "01/05/2026"},
            "end",
            "The end must not come before the start.",
        ),
    ],
)
def test_report_periods_out_of_bounds_get_a_message(full_admin, params, field, message):
    page = full_admin.get(
        "/reports/reporting.weekly_actions", params, expect_errors=True
    )
    assert page.status_int < 500
    assert message in page.text


def test_who_works_with_whom_reads_dates_strictly(signed_in):
    page = signed_in.get(
        "/who-works-with-whom",
        {"changes": "added", "since": "31/02/2026", "until": "31/12/9999"},
        expect_errors=True,
    )
    assert page.status_int < 500
    assert "Enter a date, e.g. 31/12/2026." in page.text
    assert "Enter a date between 1900 and 2200." in page.text


def test_a_departure_in_9999_is_refused(admin_app, factories, dbsession):
    contact = factories.contact(factories.company())
    page = admin_app.post(
        f"/contacts/{contact.id}/departure",
        {"departed_on": "9999-12-31", "csrf_token": csrf_token(admin_app)},
        expect_errors=True,
    )
    assert page.status_int == 400
    assert "Enter a date between 1900 and 2200." in page.text
    assert dbsession.get(Contact, contact.id).departed_at is None


@pytest.mark.parametrize(
    ("country", "postcode", "field", "message"),
    [
        ("ZZ", "75008", "country", "ISO 3166"),
        ("FR", "ABCDE", "postcode", "5 digits"),
    ],
)
def test_addresses_need_a_real_country_and_french_postal_code(
    country, postcode, field, message
):
    from core.directory.schemas import AddressForm

    form, errors = validate(
        AddressForm, {"street": "1 rue X", "country": country, "postcode": postcode}
    )
    assert form is None
    assert message in str(errors[field])
    form, errors = validate(
        AddressForm, {"street": "1 rue X", "country": "be", "postcode": "ABCDE"}
    )
    assert errors == {} and form.country == "BE"


def test_admin_user_names_refuse_html_like_contact_names(admin_app, dbsession):
    form = admin_app.get("/admin/users/new").forms["user-form"]
    form["email"] = "nouveau@example.fr"
    form["first_name"] = "<script>alert(1)</script>"
    form["last_name"] = "Durand"
    page = form.submit(status=400)
    assert "HTML tags" in page.html.select_one("#e-first_name").text
    created = select(User).where(User.email == "nouveau@example.fr")
    assert dbsession.scalar(created) is None


def test_an_old_implausible_date_is_exported_as_text(signed_in, factories, dbsession):
    import io

    import openpyxl

    company = factories.company()
    opportunity(
        dbsession,
        signed_in.user,
        company,
        amount="1000",
        decision_on=dt.date(9999, 12, 31),
        campaign_on=dt.date(1, 1, 1),
    )
    response = signed_in.get("/opportunities/export.xlsx?view=table")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.body)).active.values)
    assert (rows[1][4], rows[1][11]) == ("9999-12-31", "0001-01-01")


def test_who_works_with_whom_refuses_an_end_before_the_start(signed_in):
    page = signed_in.get(
        "/who-works-with-whom",
        {"changes": "added", "since": "2026-06-01", "until": "2026-05-01"},
        status=400,
    )
    assert page.html.select_one("#e-until").text == "The end comes before the start."
