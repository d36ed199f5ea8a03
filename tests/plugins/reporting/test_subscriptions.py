"""Subscribing to a report, testing its rendering, sending what is due."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import openpyxl
from pypdf import PdfReader
from sqlalchemy import select

from plugins.reporting.models import Delivery, Subscription
from plugins.reporting.subscriptions import send_due
from tests.plugins.reporting.conftest import csrf

FORM_URL = "/reports/reporting.companies/subscribe"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def subscription_form(app, **fields):
    page = app.get(FORM_URL)
    values = {
        "csrf_token": csrf(page),
        "name": "Agencies every morning",
        "include_table": "1",
        "include_filters": "1",
        "output": "xlsx",
        "frequency": "daily",
        "time": "08:00",
        "weekday": "",
        "monthday": "",
        "recipient_ids": str(app.user.id),
        "addresses": "",
        "type": "agence_media",
        "situation": "",
        "created_from": "start of month",
        "action": "save",
    }
    values.update(fields)
    return values


def subscribe(app, status=303, **fields):
    values = subscription_form(app, **fields)
    # An unticked box is not posted at all.
    values = {key: value for key, value in values.items() if value is not None}
    return app.post(FORM_URL, values, status=status)


def only_subscription(dbsession) -> Subscription:
    return dbsession.scalars(select(Subscription)).one()


def test_the_report_page_links_to_the_subscription_form(reporting):
    page = reporting.get("/reports/reporting.companies", {"type": "agence_media"})
    link = page.html.find("a", attrs={"data-action": "subscribe"})
    form = reporting.get(link["href"])
    assert form.html.find("select", attrs={"name": "type"}).find(
        "option", selected=True
    )["value"] == ("agence_media")


def test_a_subscription_keeps_the_filter_texts_and_its_schedule(reporting, dbsession):
    subscribe(reporting, addresses="direction@agence.example")
    subscription = only_subscription(dbsession)
    assert subscription.filters["created_from"] == "start of month"
    assert subscription.filters["type"] == "agence_media"
    assert subscription.addresses == ["direction@agence.example"]
    assert [u.id for u in subscription.recipients] == [reporting.user.id]
    # 08:00 in Paris is 07:00 or 06:00 UTC depending on the season.
    assert subscription.next_run_at.hour in (6, 7)
    listing = reporting.get("/reports/subscriptions")
    assert "Agencies every morning" in listing.text


def test_bad_subscription_fields_are_shown_beside_them(reporting, dbsession):
    page = subscribe(
        reporting,
        status=400,
        name="",
        time="25:00",
        frequency="weekly",
        addresses="not-an-address",
        created_from="someday",
    )
    for name in ("name", "time", "weekday", "addresses"):
        assert page.html.find(id=f"e-{name}") is not None, name
    assert (
        "has-error"
        in page.html.find("div", attrs={"data-filter": "created_from"})["class"]
    )
    assert page.html.find("textarea", attrs={"name": "addresses"}).text == (
        "not-an-address"
    )
    assert dbsession.scalars(select(Subscription)).all() == []


def test_a_subscription_must_include_something(reporting):
    page = subscribe(reporting, status=400, include_table=None, include_filters=None)
    assert "Include the table, the filters or both." in page.text


def test_test_rendering_sends_it_now_to_me_only(reporting, outbox, dbsession):
    values = subscription_form(
        reporting, action="test", output="pdf-a4-landscape", addresses="x@y.example"
    )
    page = reporting.post(FORM_URL, values, status=200)
    assert "test rendering" in page.text

    message = outbox.wait_for_recipient(reporting.user.email)
    assert "x@y.example" not in message["To"]
    attachment = next(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    reader = PdfReader(io.BytesIO(attachment.get_content()))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    assert dbsession.scalars(select(Subscription)).all() == []


def test_a_due_subscription_is_mailed_with_its_attachment(
    reporting, reporting_registry, factories, dbsession, outbox
):
    factories.company("Agence Sweep", type_code="agence_media")
    subscribe(reporting, addresses="direction@agence.example")
    subscription = only_subscription(dbsession)
    due = subscription.next_run_at

    result = send_due(reporting_registry, due + dt.timedelta(seconds=30))

    assert result["sent"] == 1
    message = outbox.wait_for_recipient("direction@agence.example")
    assert reporting.user.email in message["To"]
    assert "Agencies every morning" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "Type : Agence média" in body
    attachment = next(message.iter_attachments())
    assert attachment.get_filename().endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(attachment.get_content())).active
    names = [row[1].value for row in sheet.iter_rows()]
    assert "Agence Sweep" in names

    dbsession.expire_all()
    subscription = only_subscription(dbsession)
    assert subscription.last_sent_at is not None
    assert subscription.next_run_at == due + dt.timedelta(days=1) or (
        # The day after may be across a daylight-saving change.
        abs(subscription.next_run_at - due - dt.timedelta(days=1))
        == dt.timedelta(hours=1)
    )


def test_a_run_is_sent_once_even_if_the_sweep_runs_again(
    reporting, reporting_registry, dbsession, outbox
):
    subscribe(reporting)
    due = only_subscription(dbsession).next_run_at
    now = due + dt.timedelta(seconds=5)
    send_due(reporting_registry, now)
    send_due(reporting_registry, now + dt.timedelta(minutes=1))
    outbox.wait_for_recipient(reporting.user.email)
    assert len(outbox.to(reporting.user.email)) == 1
    assert len(dbsession.scalars(select(Delivery)).all()) == 1


def test_nothing_is_sent_before_it_is_due(reporting, reporting_registry, dbsession):
    subscribe(reporting)
    due = only_subscription(dbsession).next_run_at
    assert send_due(reporting_registry, due - dt.timedelta(minutes=1))["claimed"] == 0


def test_filters_are_resolved_on_the_day_it_runs(
    reporting, reporting_registry, dbsession, outbox
):
    subscribe(reporting, frequency="monthly", monthday="1")
    subscription = only_subscription(dbsession)
    for month in (2, 3):
        subscription.next_run_at = dt.datetime(2027, month, 1, 7, tzinfo=dt.UTC)
        dbsession.flush()
        send_due(reporting_registry, subscription.next_run_at)
        dbsession.expire_all()
        subscription = only_subscription(dbsession)
    bodies = [
        m.get_body(("plain",)).get_content() for m in outbox.to(reporting.user.email)
    ]
    assert "Created from : 01/02/2027 (start of month)" in bodies[0]
    assert "Created from : 01/03/2027 (start of month)" in bodies[1]


def test_a_failed_mail_is_kept_and_retried(
    reporting, reporting_registry, make_app, dbsession, outbox
):
    from core.testing import free_port

    subscribe(reporting)
    due = only_subscription(dbsession).next_run_at
    mail_down = make_app.registry("reporting", **{"mail.port": str(free_port())})

    assert send_due(mail_down, due)["pending"] == 1
    dbsession.expire_all()
    delivery = dbsession.scalars(select(Delivery)).one()
    assert delivery.attempts == 1
    assert "Connection" in delivery.error or "refused" in delivery.error
    assert delivery.next_attempt_at > due
    assert send_due(reporting_registry, due + dt.timedelta(minutes=1))["sent"] == 0

    result = send_due(reporting_registry, delivery.next_attempt_at)
    assert result["sent"] == 1
    outbox.wait_for_recipient(reporting.user.email)
    dbsession.expire_all()
    assert dbsession.scalars(select(Delivery)).one().status == "sent"


def test_after_the_last_attempt_the_owner_is_told(
    reporting, reporting_registry, dbsession, outbox
):
    subscribe(reporting)
    subscription = only_subscription(dbsession)
    # The report is no longer there (its plugin was switched off, say).
    subscription.report = "gone.report"
    dbsession.flush()
    now = subscription.next_run_at
    for _attempt in range(3):
        send_due(reporting_registry, now)
        dbsession.expire_all()
        now = dbsession.scalars(select(Delivery)).one().next_attempt_at

    delivery = dbsession.scalars(select(Delivery)).one()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    notice = outbox.wait_for_recipient(reporting.user.email)
    assert "Report not sent: Agencies every morning" in notice["Subject"]
    assert "gone.report" in notice.get_body(("plain",)).get_content()


def test_a_subscription_is_edited_and_deleted_by_its_owner_only(
    reporting, make_app, factories, dbsession
):
    from tests.plugins.reporting.conftest import signed_in_app

    subscribe(reporting)
    subscription = only_subscription(dbsession)
    url = f"/reports/subscriptions/{subscription.id}"
    form = reporting.get(url)
    assert form.html.find("input", attrs={"name": "name"})["value"] == (
        "Agencies every morning"
    )
    values = subscription_form(
        reporting, name="Agencies on Mondays", frequency="weekly", weekday="0"
    )
    values["csrf_token"] = csrf(form)
    reporting.post(url, values, status=303)
    dbsession.expire_all()
    subscription = only_subscription(dbsession)
    assert (subscription.name, subscription.weekday) == ("Agencies on Mondays", 0)
    assert subscription.next_run_at.astimezone(PARIS).weekday() == 0

    other = signed_in_app(make_app, factories)
    other.get(url, status=404)
    page = other.get("/reports/subscriptions")
    other.post(f"{url}/delete", {"csrf_token": csrf(page)}, status=404)

    page = reporting.get("/reports/subscriptions")
    reporting.post(f"{url}/delete", {"csrf_token": csrf(page)}, status=303)
    assert dbsession.scalars(select(Subscription)).all() == []
