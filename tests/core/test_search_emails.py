"""The quick search finds e-mail actions by their subject and body."""

from __future__ import annotations

import datetime as dt

from core.actions.services import create_action
from tests.core.test_search_quick import groups


def mail(
    dbsession, registry, author, contact, subject, body, type_code="email", days=0
):
    return create_action(
        dbsession,
        registry,
        author=author,
        type_code=type_code,
        subject=subject,
        start=dt.datetime(2026, 11, 2 + days, 9, tzinfo=dt.UTC),
        contacts=[contact],
        follow_up=None,
        report_html=body,
    )


def test_email_text_is_searched_most_recent_first(
    signed_in, factories, dbsession, registry
):
    contact = factories.contact(first_name="Inès", last_name="Garnier")
    author = signed_in.user
    mail(
        dbsession,
        registry,
        author,
        contact,
        "Tarifs 2027",
        "<p>Le plan média <b>été</b></p>",
    )
    mail(
        dbsession,
        registry,
        author,
        contact,
        "Relance",
        "<p>Plan média révisé</p>",
        days=3,
    )
    mail(
        dbsession,
        registry,
        author,
        contact,
        "Plan média au déjeuner",
        "<p>plan média</p>",
        type_code="dejeuner",
    )
    found = groups(signed_in, "PLAN MEDIA")["emails"]
    assert found["titles"] == ["Relance", "Tarifs 2027"]
    assert groups(signed_in, "ete")["emails"]["titles"] == ["Tarifs 2027"]
    assert groups(signed_in, "tarifs*")["emails"]["titles"] == ["Tarifs 2027"]


def test_a_changed_type_or_body_follows_in_the_index(
    signed_in, factories, dbsession, registry
):
    contact = factories.contact()
    action = mail(
        dbsession, registry, signed_in.user, contact, "Devis", "<p>Ancien texte</p>"
    )
    action.report_html = "<p>Nouveau texte</p>"
    dbsession.flush()
    assert "emails" not in groups(signed_in, "ancien")
    assert groups(signed_in, "nouveau")["emails"]["titles"] == ["Devis"]
    dbsession.delete(action)
    dbsession.flush()
    assert "emails" not in groups(signed_in, "nouveau")
