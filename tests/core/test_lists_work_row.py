"""Working a list row in place: the call, its follow-up, maybe an opportunity."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from core.actions.models import Action
from core.lists import services
from core.lists.models import ListRow
from core.opportunities.models import Opportunity
from core.reference.models import ActionType, OpportunityStatus
from core.testing import csrf_token

HX = {"HX-Request": "true"}


def make_list(dbsession, owner, records, kind):
    record_list = services.create_list(dbsession, owner, "Rentrée 2027", kind)
    services.add_records(dbsession, record_list, [r.id for r in records])
    row = dbsession.scalar(select(ListRow).where(ListRow.list_id == record_list.id))
    return record_list, row


def type_id(dbsession, code):
    return dbsession.scalar(select(ActionType.id).where(ActionType.code == code))


def test_a_company_row_records_a_call_and_an_opportunity(
    signed_in, dbsession, factories
):
    company = factories.company("Radio Sud")
    zoe = factories.contact(company, first_name="Zoé", last_name="Bernard")
    factories.contact(company, first_name="Paul", last_name="Martin")
    record_list, row = make_list(dbsession, signed_in.user, [company], "company")
    url = f"/lists/{record_list.id}/rows/{row.id}/work"

    form = signed_in.get(url, headers=HX)
    # The form offers the company's contacts and the list's name as subject.
    names = [label.text.strip() for label in form.html.select("fieldset label")]
    assert names == ["Zoé Bernard", "Paul Martin"]
    assert form.html.find("input", attrs={"name": "subject"})["value"] == (
        "Rentrée 2027"
    )

    warm = dbsession.scalar(
        select(OpportunityStatus).where(OpportunityStatus.code == "tiede")
    )
    posted = {
        "csrf_token": csrf_token(signed_in),
        "type": str(type_id(dbsession, "telephone")),
        "subject": "Offre rentrée",
        "start": "2027-01-11T10:00",
        "contacts": str(zoe.id),
        "report_html": "<p><b>Intéressée</b><script>x()</script></p>",
        "opp_title": "Campagne radio",
        "opp_amount": "12 500,50",
        "opp_status_id": str(warm.id),
        "opp_decision_on": "2027-02-15",
    }
    done = signed_in.post(url, posted, headers=HX)
    assert done.html.find("tr", id=f"row-{row.id}").find(attrs={"data-worked": True})
    assert "Campagne radio" in done.html.find(attrs={"data-work-done": True}).text

    action = dbsession.scalar(select(Action))
    assert (action.subject, action.origin, action.contacts) == (
        "Offre rentrée",
        "list",
        [zoe],
    )
    assert action.report_html == "<p><b>Intéressée</b></p>"
    # The follow-up defaults to a week later, as on the action form.
    assert action.follow_up_at - action.starts_at == dt.timedelta(days=7)
    opportunity = dbsession.scalar(select(Opportunity))
    assert (opportunity.title, opportunity.amount) == (
        "Campagne radio",
        Decimal("12500.50"),
    )
    assert (opportunity.company, opportunity.contact) == (company, zoe)
    assert (opportunity.status, opportunity.action_id) == (warm, action.id)
    assert opportunity.decision_on == dt.date(2027, 2, 15)
    dbsession.refresh(row)
    assert row.last_action_id == action.id

    # The list page shows the row was worked.
    page = signed_in.get(f"/lists/{record_list.id}")
    worked = page.html.find("tr", id=f"row-{row.id}").find(attrs={"data-worked": True})
    assert "11/01/2027" in worked.text


def test_bad_input_comes_back_beside_the_fields_and_saves_nothing(
    signed_in, dbsession, factories
):
    company = factories.company("Radio Sud")
    factories.contact(company, last_name="Bernard")
    factories.contact(company, last_name="Martin")
    record_list, row = make_list(dbsession, signed_in.user, [company], "company")
    answer = signed_in.post(
        f"/lists/{record_list.id}/rows/{row.id}/work",
        {
            "csrf_token": csrf_token(signed_in),
            "type": str(type_id(dbsession, "telephone")),
            "subject": "Offre",
            "start": "2027-01-11T10:00",
            "opp_title": "Campagne",
            "opp_amount": "-5",
        },
        headers=HX,
        status=422,
    )
    assert answer.headers["HX-Retarget"] == f"#work-{row.id}"
    assert "Choose at least one contact" in answer.text
    assert "cannot be negative" in answer.text
    assert answer.html.find("input", attrs={"name": "opp_title"})["value"] == "Campagne"
    assert dbsession.scalar(select(Action)) is None
    assert dbsession.scalar(select(Opportunity)) is None


def test_a_contact_row_without_opportunity_and_regenerate_keeps_it(
    signed_in, dbsession, factories
):
    zoe = factories.contact(factories.company("Radio Sud"), last_name="Bernard")
    other = factories.contact(factories.company("Télé Nord"), last_name="Martin")
    record_list, row = make_list(dbsession, signed_in.user, [zoe], "contact")
    row.origin = "criteria"
    dbsession.flush()
    url = f"/lists/{record_list.id}/rows/{row.id}/work"
    base = {
        "csrf_token": csrf_token(signed_in),
        "type": str(type_id(dbsession, "rdv")),
        "subject": "Rendez-vous",
        "start": "2027-01-11T10:00",
        "no_follow_up": "1",
    }
    # A contact outside the row cannot be slipped in.
    signed_in.post(url, {**base, "contacts": str(other.id)}, headers=HX, status=422)
    signed_in.post(url, {**base, "contacts": str(zoe.id)}, headers=HX)
    action = dbsession.scalar(select(Action))
    assert (action.contacts, action.follow_up_at) == ([zoe], None)
    assert dbsession.scalar(select(Opportunity)) is None

    # The worked row no longer matches the criteria: it stays all the same.
    dbsession.expire_all()
    services.regenerate(dbsession, record_list, [])
    dbsession.refresh(row)
    assert row.last_action_id == action.id


def test_someone_who_may_not_change_the_list_cannot_work_it(
    signed_in, dbsession, factories
):
    owner = factories.user(profile="salesperson")
    company = factories.company("Radio Sud")
    record_list, row = make_list(dbsession, owner, [company], "company")
    record_list.visibility = "public"
    dbsession.flush()
    signed_in.get(f"/lists/{record_list.id}/rows/{row.id}/work", status=403)
