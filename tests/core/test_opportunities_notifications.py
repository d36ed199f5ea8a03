"""A new opportunity by another user reaches the Contacts channel.

Subscribers of the channel and the followers of the opportunity's company or
contact hear of it, whether it was made in the form or through the API; its
author does not, and later edits are not announced again.
"""

from __future__ import annotations

from sqlalchemy import select

from core.directory.models import CompanyFollow, ContactFollow
from core.notifications.models import Notification
from core.notifications.services import set_subscriptions
from core.opportunities.models import Opportunity
from core.opportunities.testing import status

pytest_plugins = ["tests.core.test_api_support"]


def timeline_of(dbsession, user) -> list[Notification]:
    dbsession.expire_all()
    query = select(Notification).where(Notification.user_id == user.id)
    return list(dbsession.scalars(query.order_by(Notification.id)))


def test_subscribers_and_followers_hear_of_a_new_opportunity(
    signed_in, factories, dbsession, outbox
):
    company = factories.company("Valmont Parfums")
    contact = factories.contact(company)
    subscriber = factories.user(email="abonnee@relais.example")
    set_subscriptions(dbsession, subscriber, {"contacts": True})
    company_follower, contact_follower, stranger = (factories.user() for _ in "abc")
    dbsession.add(CompanyFollow(user_id=company_follower.id, company_id=company.id))
    dbsession.add(ContactFollow(user_id=contact_follower.id, contact_id=contact.id))
    set_subscriptions(dbsession, signed_in.user, {"contacts": False})
    dbsession.flush()

    form = signed_in.get(f"/opportunities/new?contact_id={contact.id}").forms[
        "opportunity-form"
    ]
    form["title"] = "Salon du luxe 2027"
    form["status_id"] = str(status(dbsession, "chaude").id)
    form.submit("save").follow()
    record = dbsession.scalar(
        select(Opportunity).where(Opportunity.title == "Salon du luxe 2027")
    )

    for reader, followed in (
        (subscriber, False),
        (company_follower, True),
        (contact_follower, True),
    ):
        (item,) = timeline_of(dbsession, reader)
        assert (item.channel, item.event, item.summary) == (
            "contacts",
            "opportunity_created",
            "Salon du luxe 2027",
        )
        assert (item.opportunity_id, item.company_id, item.followed) == (
            record.id,
            company.id,
            followed,
        )
    assert timeline_of(dbsession, stranger) == []
    assert timeline_of(dbsession, signed_in.user) == []
    message = outbox.wait_for_recipient("abonnee@relais.example")
    assert message["Subject"] == "Opportunity created: Salon du luxe 2027"

    edit = signed_in.get(f"/opportunities/{record.id}/edit").forms["opportunity-form"]
    edit["title"] = "Salon du luxe 2028"
    edit.submit("save").follow()
    assert len(timeline_of(dbsession, subscriber)) == 1


def test_an_opportunity_created_through_the_api_is_announced(
    api_as, factories, dbsession
):
    reader = factories.user()
    set_subscriptions(dbsession, reader, {"contacts": False})
    api = api_as()
    company = factories.company("Dior")
    body = {"title": "Plan digital", "company_id": company.id, "status": "tiede"}
    created = api.post("/opportunities", body).json
    (item,) = timeline_of(dbsession, reader)
    assert (item.event, item.opportunity_id, item.actor_id) == (
        "opportunity_created",
        created["id"],
        api.user.id,
    )
