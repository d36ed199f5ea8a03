"""The action form: from a contact or a company, errors, edit, next, buttons."""

import datetime as dt
import zoneinfo

from icalendar import Calendar
from sqlalchemy import select

from core.actions.models import Action
from core.testing import csrf_token

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def new_action_form(app, contact):
    sheet = app.get(f"/contacts/{contact.id}")
    link = sheet.html.find("a", attrs={"data-action": "new-action"})
    return app.get(link["href"]).forms["action-form"]


def test_an_action_created_from_a_contact_sheet(signed_in, factories, dbsession):
    contact = factories.contact(last_name="Lefèvre")
    form = new_action_form(signed_in, contact)
    assert form.get("contacts", index=0).checked
    form["subject"] = "Appel de découverte"
    form["type"].select(text="Téléphone")
    form["start"] = "2026-03-25T09:00"
    form["end"] = "2026-03-25T09:20"
    form["report_html"] = "<div>Intéressé par <strong>le web</strong></div>"
    sheet = form.submit("save").follow()
    assert sheet.html.find("h1").text.startswith("Appel de découverte")

    action = dbsession.scalar(select(Action).where(Action.subject.like("Appel%")))
    assert action.contacts == [contact]
    assert action.visitors == [signed_in.user]
    assert action.type.code == "telephone"
    assert action.starts_at == dt.datetime(2026, 3, 25, 8, 0, tzinfo=dt.UTC)
    # Seven days later on the Paris wall clock, after the spring change.
    assert action.follow_up_at.astimezone(PARIS) == dt.datetime(
        2026, 4, 1, 9, 0, tzinfo=PARIS
    )
    assert action.report_html == "<div>Intéressé par <strong>le web</strong></div>"

    panel = signed_in.get(f"/contacts/{contact.id}").html
    rows = panel.select("[data-panel=actions] [data-action-row]")
    assert [row["data-action-row"] for row in rows] == [str(action.id)]


def test_errors_are_shown_beside_the_fields(signed_in):
    form = signed_in.get("/actions/new").forms["action-form"]
    form["subject"] = ""
    form["start"] = "le 32 mars"
    form["end"] = ""
    page = form.submit("save", status=400).html
    assert page.find(id="e-subject").text == "This field is required."
    assert page.find(id="e-start").text == (
        "Enter a date and time, e.g. 31/12/2026 14:30."
    )

    form = signed_in.get("/actions/new").forms["action-form"]
    form["subject"] = "Sans contact"
    form["start"] = "2026-05-04T10:00"
    form["end"] = "2026-05-04T09:00"
    page = form.submit("save", status=400).html
    assert page.find(id="e-contacts").text == "Choose at least one contact."
    assert page.find(id="e-end").text == "The end comes before the start."
    assert page.find(id="f-subject")["value"] == "Sans contact"


def test_an_unknown_contact_id_is_refused(signed_in):
    form = signed_in.get("/actions/new").forms["action-form"]
    form["subject"] = "Fantôme"
    form["start"] = "2026-05-04T10:00"
    params = dict(form.submit_fields()) | {"contacts": "999999"}
    page = signed_in.post("/actions/new", params, status=400).html
    assert page.find(id="e-contacts").text == "Choose contacts known in the base."


def test_a_company_sheet_suggests_its_contacts(signed_in, factories):
    company = factories.company("Maison Orsay")
    first = factories.contact(company=company, last_name="Arnaud")
    second = factories.contact(company=company, last_name="Blanc")
    sheet = signed_in.get(f"/companies/{company.id}")
    link = sheet.html.select_one("[data-tab=actions] a[data-action=new-action]")
    page = signed_in.get(link["href"])
    values = [box["value"] for box in page.html.select("#chosen-contacts input")]
    assert values == [str(first.id), str(second.id)]


def test_the_menu_new_action_on_a_company_sheet_is_for_that_company(
    signed_in, factories
):
    company = factories.company("Maison Orsay")
    contact = factories.contact(company=company, last_name="Arnaud")
    sheet = signed_in.get(f"/companies/{company.id}")
    link = sheet.html.select_one("a[data-entry=action_new]")
    page = signed_in.get(link["href"])
    values = [box["value"] for box in page.html.select("#chosen-contacts input")]
    assert values == [str(contact.id)]
    # Elsewhere the menu opens an empty form.
    home = signed_in.get("/todo").html.select_one("a[data-entry=action_new]")
    assert home["href"].endswith("/actions/new")


def test_the_contact_picker_finds_contacts_by_name_and_company(signed_in, factories):
    company = factories.company("Valmont Parfums")
    contact = factories.contact(company=company, first_name="Inès", last_name="Rivière")
    for text in ("riviere", "Inès", "valmont"):
        hits = signed_in.get("/actions/contacts/picker", {"q": text}).html
        button = hits.find("button", attrs={"data-pick-contact": str(contact.id)})
        assert button is not None, text
        assert button["data-label"] == "Inès Rivière · Valmont Parfums"
    # Wildcards and punctuation match themselves, not every contact.
    for text in ("%%", "__", "In%"):
        hits = signed_in.get("/actions/contacts/picker", {"q": text}).html
        assert hits.find("button", attrs={"data-pick-contact": True}) is None, text


def test_editing_keeps_reports_harmless(signed_in, factories):
    action = factories.action(author=signed_in.user)
    form = signed_in.get(f"/actions/{action.id}/edit").forms["action-form"]
    form["report_html"] = (
        '<p onclick="steal()">Vu <a href="javascript:alert(1)">ici</a>'
        "<script>alert(2)</script><u>confirmé</u></p>"
    )
    page = signed_in.get(form.submit("save").follow().request.url).html
    report = page.find(attrs={"data-section": "report"})
    assert report.find("script") is None
    assert report.find("u").text == "confirmé"
    assert "javascript" not in str(report)
    assert "onclick" not in str(report)


def test_another_salesperson_cannot_edit(signed_in, factories):
    action = factories.action()
    signed_in.get(f"/actions/{action.id}/edit", status=403)
    signed_in.post(
        f"/actions/{action.id}/follow-up",
        {"clear": "1", "csrf_token": csrf_token(signed_in)},
        status=403,
    )
    page = signed_in.get(f"/actions/{action.id}").html
    assert page.find(attrs={"data-action": "edit"}) is None


def test_planning_the_next_action_from_a_follow_up(signed_in, factories, dbsession):
    call = factories.action(
        author=signed_in.user, type_code="telephone", subject="Offre rentrée"
    )
    sheet = signed_in.get(f"/actions/{call.id}")
    page = signed_in.get(sheet.html.find(attrs={"data-action": "plan-next"})["href"])
    assert page.html.find(attrs={"data-previous": str(call.id)}) is not None
    form = page.forms["action-form"]
    assert form["subject"].value == "Offre rentrée"
    assert form.get("contacts", index=0).value == str(call.contacts[0].id)
    form["type"].select(text="Rendez-vous")
    form["start"] = "2026-05-12T14:00"
    form["end"] = "2026-05-12T15:00"
    meeting_sheet = form.submit("save").follow().html

    dbsession.expire_all()
    meeting = dbsession.scalar(select(Action).where(Action.previous_id == call.id))
    assert meeting.chain_id == call.chain_id
    assert dbsession.get(Action, call.id).follow_up_done_at is not None
    rows = meeting_sheet.select("[data-chain-action]")
    chain = [li["data-chain-action"] for li in rows]
    assert chain == [str(call.id), str(meeting.id)]


def test_postpone_today_and_do_not_follow_up(signed_in, factories, dbsession):
    action = factories.action(author=signed_in.user)
    form = signed_in.get(f"/actions/{action.id}").forms["follow-up-form"]
    # A day well ahead: postponing to a past day is refused.
    form["follow_up"] = "2035-10-29T14:30"
    form.submit("postpone").follow()
    dbsession.refresh(action)
    # 14:30 in Paris after the autumn change is 13:30 UTC.
    assert action.follow_up_at == dt.datetime(2035, 10, 29, 13, 30, tzinfo=dt.UTC)

    form = signed_in.get(f"/actions/{action.id}").forms["follow-up-form"]
    form.submit("today").follow()
    dbsession.refresh(action)
    assert action.follow_up_at.astimezone(PARIS).date() == dt.datetime.now(PARIS).date()
    assert action.follow_up_at.astimezone(PARIS).strftime("%H:%M") == "14:30"

    form = signed_in.get(f"/actions/{action.id}").forms["follow-up-form"]
    form.submit("clear").follow()
    dbsession.refresh(action)
    assert action.follow_up_at is None


def test_a_bad_postpone_date_changes_nothing(signed_in, factories, dbsession):
    action = factories.action(author=signed_in.user)
    before = action.follow_up_at
    form = signed_in.get(f"/actions/{action.id}").forms["follow-up-form"]
    form["follow_up"] = "demain"
    page = form.submit("postpone").follow()
    assert "Enter a date and time" in page.text
    dbsession.refresh(action)
    assert action.follow_up_at == before


def test_invitation_from_the_form_reaches_the_contact(signed_in, factories, outbox):
    contact = factories.contact(email="agence.invite@media.example")
    form = new_action_form(signed_in, contact)
    form["subject"] = "Déjeuner de présentation"
    form["start"] = "2026-06-10T12:30"
    form["end"] = "2026-06-10T14:00"
    form["invite"] = True
    form.submit("save").follow()
    message = outbox.wait_for_recipient("agence.invite@media.example")
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    event = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == dt.datetime(2026, 6, 10, 10, 30, tzinfo=dt.UTC)
    assert event["SEQUENCE"] == 0


def test_cancel_from_the_sheet(signed_in, factories, dbsession):
    action = factories.action(author=signed_in.user)
    sheet = signed_in.get(f"/actions/{action.id}")
    cancel = next(f for f in sheet.forms.values() if f.action.endswith("/cancel"))
    page = cancel.submit().follow().html
    assert page.find(attrs={"data-cancelled": ""}) is not None
    assert page.find(attrs={"data-action": "edit"}) is None
    dbsession.refresh(action)
    assert action.cancelled_at is not None


def test_mine_only_on_a_contact_sheet(signed_in, factories):
    contact = factories.contact()
    mine = factories.action(author=signed_in.user, contacts=[contact])
    other = factories.action(
        contacts=[contact], start=dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
    )
    page = signed_in.get(f"/contacts/{contact.id}").html
    rows = [r["data-action-row"] for r in page.select("[data-action-row]")]
    assert rows == [str(other.id), str(mine.id)]
    page = signed_in.get(f"/contacts/{contact.id}?actions_mine=1").html
    rows = [r["data-action-row"] for r in page.select("[data-action-row]")]
    assert rows == [str(mine.id)]
