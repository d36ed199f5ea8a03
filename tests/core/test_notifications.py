"""Notifications: fan-out per event, follows, the centre's filters, sharing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.directory.models import CompanyFollow, CompanyPortfolio, ContactFollow
from core.directory.testing import company_form, contact_form
from core.notifications.models import Notification
from core.notifications.services import set_subscriptions
from core.reference.models import Sector
from core.testing import csrf_token, sign_in


def timeline_of(dbsession, user) -> list[Notification]:
    dbsession.expire_all()
    query = select(Notification).where(Notification.user_id == user.id)
    return list(dbsession.scalars(query.order_by(Notification.id)))


def events_of(dbsession, user) -> list[str]:
    return [n.event for n in timeline_of(dbsession, user)]


@pytest.fixture
def colleague(factories, dbsession):
    """A user subscribed to the companies and contacts channels (no e-mail)."""
    user = factories.user(first_name="Colette")
    set_subscriptions(dbsession, user, {"companies": False, "contacts": False})
    return user


def post(app, url, values):
    return app.post(url, {**values, "csrf_token": csrf_token(app)})


def test_creating_a_company_reaches_the_companies_channel(
    signed_in, colleague, dbsession
):
    company_form(signed_in, dbsession, name="Nouvelle Régie").submit("save")

    (item,) = timeline_of(dbsession, colleague)
    assert (item.channel, item.event, item.summary) == (
        "companies",
        "company_created",
        "Nouvelle Régie",
    )
    assert item.actor_id == signed_in.user.id
    # The author is never told about what they did.
    assert timeline_of(dbsession, signed_in.user) == []


def test_an_address_change_is_told_but_other_edits_are_not(
    signed_in, colleague, factories, dbsession
):
    company = factories.company(name="Régie Sud")
    url = f"/companies/{company.id}/edit"
    company_form(signed_in, dbsession, url, name="Régie Sud").submit("save")
    assert events_of(dbsession, colleague) == []

    company_form(
        signed_in,
        dbsession,
        url,
        name="Régie Sud",
        **{"addresses.0.street": "1 rue de la Paix", "addresses.0.city": "Paris"},
    ).submit("save")
    assert events_of(dbsession, colleague) == ["company_address_changed"]


def test_a_new_contact_reaches_both_channels_and_the_company_followers(
    signed_in, colleague, factories, dbsession
):
    company = factories.company(name="Régie Est")
    follower = factories.user(first_name="Fabien")
    dbsession.add(CompanyFollow(user_id=follower.id, company_id=company.id))
    dbsession.flush()

    contact_form(
        signed_in,
        dbsession,
        last_name="Lambert",
        company=f"{company.name} #{company.id}",
    ).submit("save")

    assert events_of(dbsession, colleague) == [
        "company_contact_added",
        "contact_created",
    ]
    # A follow brings the record's events whatever the channels.
    followed = timeline_of(dbsession, follower)
    assert [n.event for n in followed] == ["company_contact_added", "contact_created"]
    assert all(n.followed for n in followed)


def test_departure_and_function_change_reach_the_contacts_channel(
    signed_in, colleague, factories, dbsession
):
    company = factories.company(name="Régie Ouest")
    contact = factories.contact(company, title="Acheteuse")
    follower = factories.user(first_name="Sacha")
    dbsession.add(ContactFollow(user_id=follower.id, contact_id=contact.id))
    dbsession.flush()
    contact_form(
        signed_in,
        dbsession,
        f"/contacts/{contact.id}/edit",
        last_name=contact.last_name,
        function="pdg",
        title="Directrice des achats",
    ).submit("save")
    post(signed_in, f"/contacts/{contact.id}/departure", {"departed_on": "2026-11-30"})

    assert events_of(dbsession, colleague) == [
        "contact_function_changed",
        "contact_departed",
    ]
    assert events_of(dbsession, follower) == [
        "contact_function_changed",
        "contact_departed",
    ]


def test_subscribers_by_email_get_a_mail(signed_in, factories, dbsession, outbox):
    reader = factories.user(email="lectrice@relais.example")
    set_subscriptions(dbsession, reader, {"companies": True})

    company_form(signed_in, dbsession, name="Régie Mail").submit("save")

    message = outbox.wait_for_recipient("lectrice@relais.example")
    assert message["Subject"] == "Company created: Régie Mail"


def test_the_centre_filters_by_channel_sector_and_portfolio_and_marks_read(
    make_app, factories, dbsession
):
    reader = factories.user()
    set_subscriptions(dbsession, reader, {"companies": False, "contacts": False})
    author = factories.user()
    luxe = dbsession.scalar(select(Sector).where(Sector.code == "luxe"))
    mode = dbsession.scalar(select(Sector).where(Sector.code == "luxe.1"))
    mine = factories.company(name="Maison Couture", sectors=[mode])
    other = factories.company(name="Garage Central")
    dbsession.add(CompanyPortfolio(user_id=reader.id, company_id=other.id))
    dbsession.flush()
    from core.notifications.services import Event, fan_out

    fan_out(dbsession, Event("companies", "company_created", author, mine))
    fan_out(dbsession, Event("companies", "company_created", author, other))
    fan_out(dbsession, Event("contacts", "contact_created", author, other))
    app = make_app()
    sign_in(app, reader.email)

    page = app.get("/notifications")
    assert len(page.html.select("[data-notification]")) == 3
    assert page.html.select_one("[data-unread]")["data-unread"] == "3"
    page = app.get("/notifications", {"channel": "contacts"})
    assert [li["data-event"] for li in page.html.select("[data-notification]")] == [
        "contact_created"
    ]
    page = app.get("/notifications", {"sector_ids": str(luxe.id)})
    assert len(page.html.select("[data-notification]")) == 1
    assert "Maison Couture" in page.html.select_one("[data-notification]").text
    page = app.get("/notifications", {"portfolio": "1"})
    assert len(page.html.select("[data-notification]")) == 2

    first = page.html.select_one("[data-notification]")["data-notification"]
    post(app, "/notifications/read", {"id": first})
    assert app.get("/notifications").html.select_one("[data-unread]").text == "2"
    post(app, "/notifications/read", {})
    page = app.get("/notifications")
    assert page.html.select_one("[data-unread]") is None
    assert not page.html.select(".unread")


def test_channels_are_chosen_in_the_centre(signed_in, dbsession):
    from core.notifications.services import subscriptions

    post(
        signed_in,
        "/notifications/subscriptions",
        {"channel.contacts": "1", "email.contacts": "1", "channel.messages": "1"},
    )
    assert subscriptions(dbsession, signed_in.user) == {
        "contacts": True,
        "messages": False,
    }
    page = signed_in.get("/notifications")
    row = page.html.select_one("[data-channel='contacts']")
    assert len(row.select("input[checked]")) == 2


def test_sharing_an_information_notifies_and_mails_the_colleagues(
    signed_in, factories, dbsession, outbox
):
    company = factories.company(name="Annonceur Partagé")
    colleague = factories.user(email="collegue@relais.example")
    page = signed_in.get(f"/companies/{company.id}")
    form = page.html.select_one("[data-panel='share'] form")
    assert form is not None

    post(
        signed_in,
        "/share",
        {
            "kind": "company",
            "id": str(company.id),
            "user_ids": str(colleague.id),
            "message": "Ils préparent une campagne d'automne.",
        },
    )

    (item,) = timeline_of(dbsession, colleague)
    assert (item.channel, item.event) == ("messages", "information_shared")
    assert item.message == "Ils préparent une campagne d'automne."
    assert item.company_id == company.id
    mail = outbox.wait_for_recipient("collegue@relais.example")
    assert "Ils préparent une campagne d'automne." in mail.get_content()


def test_sharing_without_a_message_says_so(signed_in, factories, dbsession):
    contact = factories.contact(factories.company())
    colleague = factories.user()
    page = post(
        signed_in,
        "/share",
        {"kind": "contact", "id": str(contact.id), "user_ids": str(colleague.id)},
    ).follow()
    assert "write a message" in page.text
    assert timeline_of(dbsession, colleague) == []


def test_an_action_by_another_user_reaches_the_contacts_channel(
    registry, colleague, factories, dbsession
):
    import datetime as dt

    from core.actions.services import create_action

    author = factories.user(first_name="Bruno")
    contact = factories.contact(factories.company(name="Régie Nord"))
    create_action(
        dbsession,
        registry,
        author=author,
        type_code="rdv",
        subject="Présentation de l'offre",
        start=dt.datetime(2026, 12, 8, 9, tzinfo=dt.UTC),
        contacts=[contact],
    )

    (item,) = timeline_of(dbsession, colleague)
    assert (item.event, item.summary, item.contact_id) == (
        "action_created",
        "Présentation de l'offre",
        contact.id,
    )
    assert timeline_of(dbsession, author) == []


def test_sharing_from_an_action_points_at_the_action(
    signed_in, make_app, registry, factories, dbsession
):
    import datetime as dt

    from core.actions.services import create_action

    contact = factories.contact(factories.company(name="Régie Centre"))
    action = create_action(
        dbsession,
        registry,
        author=signed_in.user,
        type_code="rdv",
        subject="Rendez-vous annuel",
        start=dt.datetime(2026, 12, 9, 9, tzinfo=dt.UTC),
        contacts=[contact],
    )
    colleague = factories.user()
    assert signed_in.get(f"/actions/{action.id}").html.select_one(
        "[data-panel='share'] form"
    )

    post(
        signed_in,
        "/share",
        {
            "kind": "action",
            "id": str(action.id),
            "user_ids": str(colleague.id),
            "message": "Compte rendu à lire.",
        },
    )

    (item,) = timeline_of(dbsession, colleague)
    assert (item.action_id, item.summary, item.contact_id) == (
        action.id,
        "Rendez-vous annuel",
        None,
    )
    reader = make_app()
    sign_in(reader, colleague.email)
    link = reader.get("/notifications").html.select_one("[data-notification] a")
    assert link["href"].endswith(f"/actions/{action.id}")


def test_an_action_reaches_the_followers_of_each_of_its_contacts(
    registry, factories, dbsession
):
    import datetime as dt

    from core.actions.services import create_action

    author = factories.user(first_name="Bruno")
    first = factories.contact(factories.company(name="Régie Nord"))
    agency = factories.company(name="Agence Ouest")
    second = factories.contact(agency)
    follows_contact = factories.user(first_name="Odile")
    follows_company = factories.user(first_name="Paul")
    bystander = factories.user(first_name="Quentin")
    dbsession.add_all(
        [
            ContactFollow(user_id=follows_contact.id, contact_id=second.id),
            CompanyFollow(user_id=follows_company.id, company_id=agency.id),
        ]
    )
    dbsession.flush()

    create_action(
        dbsession,
        registry,
        author=author,
        type_code="rdv",
        subject="Réunion à trois",
        start=dt.datetime(2026, 12, 8, 9, tzinfo=dt.UTC),
        contacts=[first, second],
    )

    for follower in (follows_contact, follows_company):
        (item,) = timeline_of(dbsession, follower)
        assert (item.event, item.summary, item.followed) == (
            "action_created",
            "Réunion à trois",
            True,
        )
    assert timeline_of(dbsession, bystander) == []
