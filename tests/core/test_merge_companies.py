"""Merging companies: what moves, what is refused, the undo, the pages."""

from __future__ import annotations

from sqlalchemy import func, select

from core.directory.models import (
    Address,
    CompanyFollow,
    CompanyPortfolio,
    Contact,
    ContactPosition,
)
from core.directory.services import merge as service
from core.directory.services.companies import picker_label
from core.history.models import HistoryEvent, Merge
from core.reference.models import Sector
from tests.core.merge_support import pointing_at, snapshot


def sector(dbsession, code):
    return dbsession.scalar(select(Sector).where(Sector.code == code))


def two_companies(factories, dbsession):
    source = factories.company(
        "Loréal Luxe (doublon)",
        sectors=[sector(dbsession, "beaute.1"), sector(dbsession, "luxe")],
        addresses=[Address(street="1 rue A", city="Paris", is_default=True)],
    )
    target = factories.company(
        "L'Oréal Luxe",
        sectors=[sector(dbsession, "beaute.1")],
        addresses=[Address(street="14 rue Royale", city="Paris", is_default=True)],
    )
    return source, target


def test_merge_moves_contacts_portfolios_and_addresses(factories, dbsession, registry):
    source, target = two_companies(factories, dbsession)
    seller, other = factories.user(), factories.user()
    contacts = [factories.contact(source) for _ in range(3)]
    factories.contact(target)
    dbsession.add_all(
        [
            CompanyPortfolio(user_id=seller.id, company_id=source.id),
            CompanyPortfolio(user_id=seller.id, company_id=target.id),
            CompanyPortfolio(user_id=other.id, company_id=source.id),
            CompanyFollow(user_id=other.id, company_id=source.id),
        ]
    )
    subsidiary = factories.company("Lancôme", group=source)
    mover = factories.contact(target)
    mover.positions.append(ContactPosition(company_id=source.id))
    dbsession.flush()

    service.merge(dbsession, registry, seller, source, target)

    assert {c.company_id for c in contacts} == {target.id}
    assert len(target.contacts) == 5
    assert sorted(u.id for u in target.owners) == sorted([seller.id, other.id])
    assert subsidiary.group_id == target.id
    assert [a.street for a in target.addresses if a.is_default] == ["14 rue Royale"]
    assert {a.street for a in target.addresses} == {"1 rue A", "14 rue Royale"}
    assert {s.code for s in target.sectors} == {"beaute.1", "luxe"}
    assert not source.active
    assert pointing_at(dbsession, "company", source.id) == {}


def test_undo_gives_back_exactly_the_state_before(factories, dbsession, registry):
    source, target = two_companies(factories, dbsession)
    seller = factories.user()
    for _ in range(2):
        factories.contact(source)
    dbsession.add_all(
        [
            CompanyPortfolio(user_id=seller.id, company_id=source.id),
            CompanyPortfolio(user_id=seller.id, company_id=target.id),
            CompanyFollow(user_id=seller.id, company_id=source.id),
        ]
    )
    before = snapshot(dbsession)

    journal = service.merge(dbsession, registry, seller, source, target)
    assert snapshot(dbsession) != before
    service.undo(dbsession, registry, seller, journal)

    assert snapshot(dbsession) == before
    assert source.active
    assert journal.undone_by_id == seller.id


def test_the_merge_is_in_both_histories_with_its_author(factories, dbsession, registry):
    source, target = two_companies(factories, dbsession)
    seller = factories.user()
    journal = service.merge(dbsession, registry, seller, source, target)
    events = {
        (e.entity_id, e.kind): e
        for e in dbsession.scalars(
            select(HistoryEvent).where(HistoryEvent.entity == "company")
        )
    }
    assert events[(target.id, "merged")].actor_id == seller.id
    assert events[(target.id, "merged")].detail["merge_id"] == journal.id
    assert events[(source.id, "merged_into")].actor_id == seller.id
    service.undo(dbsession, registry, seller, journal)
    kinds = set(
        dbsession.scalars(
            select(HistoryEvent.kind).where(HistoryEvent.entity_id == source.id)
        )
    )
    assert "merge_undone" in kinds


def test_refused_merges_change_nothing(factories, dbsession, registry):
    import pytest

    from core.directory.services import FormErrors

    group = factories.company("Groupe")
    brand = factories.company("Marque", group=group)
    gone = factories.company("Ancienne", active=False)
    seller = factories.user()
    cases = [
        (group, group, "another record"),
        (group, brand, "subsidiaries"),
        (group, gone, "inactive"),
        (gone, group, "inactive"),
        (group, None, "Choose a company"),
    ]
    for source, target, message in cases:
        with pytest.raises(FormErrors) as refused:
            service.merge(dbsession, registry, seller, source, target)
        assert message in refused.value.errors["target"]
    assert dbsession.scalar(select(func.count(Merge.id))) == 0
    assert group.active and brand.active


def test_undoing_twice_is_refused(factories, dbsession, registry):
    import pytest

    from core.directory.services import FormErrors

    source, target = two_companies(factories, dbsession)
    seller = factories.user()
    journal = service.merge(dbsession, registry, seller, source, target)
    service.undo(dbsession, registry, seller, journal)
    with pytest.raises(FormErrors):
        service.undo(dbsession, registry, seller, journal)


def test_merge_page_previews_then_merges(signed_in, factories, dbsession):
    source, target = two_companies(factories, dbsession)
    for _ in range(3):
        factories.contact(source)
    sheet = signed_in.get(f"/companies/{source.id}")
    page = sheet.click(href=f"/companies/{source.id}/merge")
    form = page.forms["merge-form"]
    form["target"] = picker_label(target)
    preview = form.submit("preview")
    rows = {
        row["data-step"]: row.find_all("td")[1].text
        for row in preview.html.select("[data-merge-preview] tr")
    }
    assert rows["Contacts"] == "3"
    assert rows["Addresses"] == "1"
    assert source.active

    done = preview.forms["merge-form"].submit("confirm")
    assert done.status_int == 303
    sheet = done.follow()
    assert "L'Oréal Luxe" in sheet.html.find("h1").text
    dbsession.expire_all()
    assert not source.active
    assert len(target.contacts) == 3


def test_opening_the_merged_company_leads_to_the_kept_one(
    signed_in, factories, dbsession, registry
):
    source, target = two_companies(factories, dbsession)
    service.merge(dbsession, registry, signed_in.user, source, target)
    response = signed_in.get(f"/companies/{source.id}")
    assert response.status_int == 303
    assert response.location.endswith(f"/companies/{target.id}")
    assert "was merged into this record" in response.follow().text


def test_undo_button_in_the_history_tab(signed_in, factories, dbsession, registry):
    source, target = two_companies(factories, dbsession)
    contact = factories.contact(source)
    journal = service.merge(dbsession, registry, signed_in.user, source, target)
    sheet = signed_in.get(f"/companies/{target.id}")
    history = sheet.html.find(attrs={"data-tab": "history"})
    assert "Merged in" in history.text
    assert signed_in.user.display_name in history.text
    form = sheet.forms[f"undo-{journal.id}"]
    back = form.submit().follow()
    assert "Loréal Luxe (doublon)" in back.html.find("h1").text
    dbsession.expire_all()
    assert source.active and contact.company_id == source.id
    # An undone merge offers no second undo.
    sheet = signed_in.get(f"/companies/{target.id}")
    assert f"undo-{journal.id}" not in sheet.forms


def test_a_wrong_target_is_flagged_beside_the_field(signed_in, factories, dbsession):
    source, _target = two_companies(factories, dbsession)
    form = signed_in.get(f"/companies/{source.id}/merge").forms["merge-form"]
    form["target"] = "Nobody #999999"
    page = form.submit("preview", status=400).html
    assert page.find(id="e-target").text == "Choose a company from the list."
    assert dbsession.scalar(select(func.count(Merge.id))) == 0


def test_merge_needs_the_permission(make_app, factories, dbsession):
    from core.testing import sign_in

    app = make_app()
    assistant = factories.user(profile="assistant")
    sign_in(app, assistant.email)
    source, _target = two_companies(factories, dbsession)
    app.get(f"/companies/{source.id}/merge", status=403)


def test_contacts_keep_their_other_fields(factories, dbsession, registry):
    source, target = two_companies(factories, dbsession)
    contact = factories.contact(source, title="Directrice média")
    service.merge(dbsession, registry, factories.user(), source, target)
    moved = dbsession.get(Contact, contact.id)
    assert (moved.company_id, moved.title) == (target.id, "Directrice média")


def test_two_agencies_of_one_budget_become_one_place(
    signed_in, factories, dbsession, registry
):
    from core.budgets.models import Budget, BudgetAgency, BudgetContact
    from tests.core.budget_support import role_id

    advertiser = factories.company("Lumen Parfums")
    double = factories.company("Havas Média (doublon)", type_code="agence_media")
    kept = factories.company("Havas Media", type_code="agence_media")
    web = factories.company("Agence Pixel", type_code="agence_web")
    lydia = factories.contact(double, first_name="Lydia", last_name="Kchiche")
    marc = factories.contact(kept, first_name="Marc", last_name="Lenoir")
    both = factories.contact(kept, first_name="Inès", last_name="Morel")
    media = role_id(dbsession, "agence_media")
    budget = Budget(name="Lumen Eau", company=advertiser)
    budget.agencies += [
        BudgetAgency(role_id=media, company=double, position=0),
        BudgetAgency(role_id=media, company=kept, position=1),
        # In another role the merged agency keeps a place of its own.
        BudgetAgency(role_id=role_id(dbsession, "agence_web"), company=double),
        BudgetAgency(role_id=role_id(dbsession, "agence_web"), company=web),
    ]
    dbsession.add(budget)
    dbsession.flush()
    first, second, third, _fourth = budget.agencies
    dbsession.add_all(
        [
            BudgetContact(budget_id=budget.id, agency_id=first.id, contact_id=lydia.id),
            BudgetContact(budget_id=budget.id, agency_id=first.id, contact_id=both.id),
            BudgetContact(budget_id=budget.id, agency_id=second.id, contact_id=marc.id),
            BudgetContact(budget_id=budget.id, agency_id=second.id, contact_id=both.id),
        ]
    )
    dbsession.flush()
    before = snapshot(dbsession)

    def roles() -> list[tuple[str, list[str]]]:
        sheet = signed_in.get(f"/budgets/{budget.id}").html
        people = sheet.find(attrs={"data-budget-people": True})
        return sorted(
            (dd["data-role"], sorted(a.text for a in dd.find_all("a")))
            for dd in people.find_all("dd")
            if dd["data-role"] != "advertiser"
        )

    journal = service.merge(dbsession, registry, signed_in.user, double, kept)
    dbsession.expire_all()
    assert roles() == [
        ("agence_media", ["Havas Media", "Inès Morel", "Lydia Kchiche", "Marc Lenoir"]),
        ("agence_web", ["Agence Pixel"]),
        ("agence_web", ["Havas Media"]),
    ]
    assert pointing_at(dbsession, "company", double.id) == {}
    assert dbsession.get(BudgetAgency, third.id).company_id == kept.id

    service.undo(dbsession, registry, signed_in.user, journal)
    assert snapshot(dbsession) == before
