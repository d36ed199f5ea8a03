"""Merging two records of one person, and undoing it."""

from __future__ import annotations

from sqlalchemy import func, select

from core.actions.models import action_contact
from core.directory.models import ContactFollow
from core.directory.services import merge as service
from core.directory.views.merge import contact_label
from tests.core.merge_support import pointing_at, snapshot


def two_records(factories):
    company = factories.company("Havas Media")
    kept = factories.contact(company, first_name="Lydia", last_name="Kchiche")
    double = factories.contact(company, first_name="Lydia", last_name="KCHICHE")
    return kept, double


def test_merge_moves_follows_and_undo_restores(factories, dbsession, registry):
    kept, double = two_records(factories)
    user, other = factories.user(), factories.user()
    dbsession.add_all(
        [
            ContactFollow(user_id=user.id, contact_id=double.id),
            ContactFollow(user_id=user.id, contact_id=kept.id),
            ContactFollow(user_id=other.id, contact_id=double.id),
        ]
    )
    before = snapshot(dbsession)
    journal = service.merge(dbsession, registry, user, double, kept)
    follows = dbsession.scalars(
        select(ContactFollow.user_id).where(ContactFollow.contact_id == kept.id)
    )
    assert sorted(follows) == sorted([user.id, other.id])
    assert pointing_at(dbsession, "contact", double.id) == {}
    assert not double.active
    service.undo(dbsession, registry, user, journal)
    assert snapshot(dbsession) == before


def test_actions_of_the_double_follow_the_person(signed_in, factories, dbsession):
    from core.actions.models import Action, ActionChain
    from core.auth.models import utcnow
    from core.reference.models import ActionType

    kept, double = two_records(factories)
    kind = dbsession.scalar(select(ActionType).where(ActionType.code == "telephone"))
    chain = ActionChain()
    dbsession.add(chain)
    dbsession.flush()
    action = Action(
        type=kind,
        subject="Appel",
        starts_at=utcnow(),
        chain=chain,
        author_id=signed_in.user.id,
        contacts=[double],
    )
    dbsession.add(action)
    dbsession.flush()

    form = signed_in.get(f"/contacts/{double.id}/merge").forms["merge-form"]
    picked = signed_in.get("/contacts/pick", {"target": "kchi"}).text
    assert contact_label(kept) in picked
    form["target"] = contact_label(kept)
    preview = form.submit("preview")
    rows = {
        row["data-step"]: row.find_all("td")[1].text
        for row in preview.html.select("[data-merge-preview] tr")
    }
    assert rows["Actions"] == "1"
    sheet = preview.forms["merge-form"].submit("confirm").follow()
    assert "Kchiche" in sheet.html.find("h1").text
    linked = dbsession.scalar(
        select(func.count())
        .select_from(action_contact)
        .where(action_contact.c.contact_id == kept.id)
    )
    assert linked == 1
    opened = signed_in.get(f"/contacts/{double.id}")
    assert opened.location.endswith(f"/contacts/{kept.id}")


def test_a_contact_cannot_be_merged_into_itself(signed_in, factories):
    kept, _double = two_records(factories)
    form = signed_in.get(f"/contacts/{kept.id}/merge").forms["merge-form"]
    form["target"] = contact_label(kept)
    page = form.submit("preview", status=400).html
    assert "another record" in page.find(id="e-target").text
    form["target"] = "Personne"
    page = form.submit("preview", status=400).html
    assert page.find(id="e-target").text == "Choose a contact from the list."


def test_a_person_is_in_charge_of_a_budget_once_after_a_merge(
    signed_in, factories, dbsession, registry
):
    from core.budgets.models import Budget, BudgetAgency, BudgetContact
    from core.opportunities.models import Opportunity
    from core.opportunities.testing import opportunity
    from tests.core.budget_support import role_id

    advertiser = factories.company("Lumen Parfums")
    agency = factories.company("Havas Media", type_code="agence_media")
    # The person was at the advertiser, then joined the agency: two records,
    # each in charge of the budget on its own side.
    double = factories.contact(advertiser, first_name="Lydia", last_name="Kchiche")
    kept = factories.contact(agency, first_name="Lydia", last_name="Kchiche")
    colleague = factories.contact(advertiser, last_name="Morel")
    budget = Budget(name="Lumen Eau", company=advertiser)
    budget.agencies.append(
        BudgetAgency(role_id=role_id(dbsession, "agence_media"), company=agency)
    )
    dbsession.add(budget)
    dbsession.flush()
    dbsession.add_all(
        [
            BudgetContact(budget_id=budget.id, contact_id=double.id),
            BudgetContact(budget_id=budget.id, contact_id=colleague.id),
            BudgetContact(
                budget_id=budget.id,
                agency_id=budget.agencies[0].id,
                contact_id=kept.id,
            ),
        ]
    )
    deal = opportunity(dbsession, signed_in.user, advertiser, contact=double)
    before = snapshot(dbsession)

    def in_charge() -> list[str]:
        sheet = signed_in.get(f"/budgets/{budget.id}").html
        people = sheet.find(attrs={"data-budget-people": True})
        return sorted(a.text for a in people.select("a[href*='/contacts/']"))

    assert in_charge() == ["Lydia Kchiche", "Lydia Kchiche", "Zoé Morel"]
    journal = service.merge(dbsession, registry, signed_in.user, double, kept)
    dbsession.expire_all()
    assert in_charge() == ["Lydia Kchiche", "Zoé Morel"]
    assert dbsession.get(Opportunity, deal.id).contact_id == kept.id
    assert pointing_at(dbsession, "contact", double.id) == {}

    service.undo(dbsession, registry, signed_in.user, journal)
    assert snapshot(dbsession) == before
    assert in_charge() == ["Lydia Kchiche", "Lydia Kchiche", "Zoé Morel"]


def test_the_merged_records_address_still_reaches_the_person(
    factories, dbsession, registry
):
    from core.mail.headers import Address
    from core.mail.matching import contacts_for

    company = factories.company("Havas Media")
    kept = factories.contact(company, last_name="Kchiche", email="lydia@havas.com")
    double = factories.contact(company, last_name="KCHICHE", email="Lydia@Ancien.fr")
    user = factories.user()
    before = snapshot(dbsession)

    journal = service.merge(dbsession, registry, user, double, kept)
    assert [p.email for p in kept.previous_emails] == ["Lydia@Ancien.fr"]
    found = contacts_for(dbsession, Address("Lydia", "lydia@ancien.fr"))
    assert [c.id for c in found] == [kept.id]
    assert pointing_at(dbsession, "contact", double.id) == {}

    service.undo(dbsession, registry, user, journal)
    assert snapshot(dbsession) == before
    assert [c.id for c in contacts_for(dbsession, Address("", "lydia@ancien.fr"))] == [
        double.id
    ]
