"""Every change of a company or a contact is recorded: who, when, what."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.directory.testing import company_form
from core.history import services
from core.history.models import HistoryEvent
from core.history.recorder import record_changes, recording
from core.testing import csrf_token


def events(dbsession, entity, entity_id):
    return services.events_of(dbsession, entity, entity_id)


def changes_of(event):
    return {c.field: (c.old_value, c.new_value) for c in event.changes}


def test_a_company_edited_in_the_form_records_each_field(signed_in, dbsession):
    created = company_form(signed_in, dbsession, name="Maison Orsay", phone="")
    sheet = created.submit("save").follow()
    company_id = int(sheet.request.path.rsplit("/", 1)[1])

    form = signed_in.get(f"/companies/{company_id}/edit").forms["company-form"]
    form["name"] = "Maison d'Orsay"
    form["phone"] = "01 23 45 67 89"
    form["addresses.0.street"] = "3 quai Voltaire"
    form["addresses.0.city"] = "Paris"
    form.submit("save")

    latest, first = events(dbsession, "company", company_id)
    assert first.kind == "created" and first.actor_id == signed_in.user.id
    assert latest.kind == "updated" and latest.actor_id == signed_in.user.id
    assert changes_of(latest) == {
        "name": ("Maison Orsay", "Maison d'Orsay"),
        "phone": (None, "01 23 45 67 89"),
        "addresses": (None, "3 quai Voltaire, Paris"),
    }


def test_saving_unchanged_records_nothing(signed_in, dbsession, factories):
    company = company_form(signed_in, dbsession, name="Sans changement")
    sheet = company.submit("save").follow()
    company_id = int(sheet.request.path.rsplit("/", 1)[1])
    form = signed_in.get(f"/companies/{company_id}/edit").forms["company-form"]
    form.submit("save")
    kinds = [e.kind for e in events(dbsession, "company", company_id)]
    assert kinds == ["created"]


def test_sectors_and_type_changes_show_labels(signed_in, dbsession, factories):
    company = factories.company("Relabel")
    form = company_form(
        signed_in,
        dbsession,
        url=f"/companies/{company.id}/edit",
        name="Relabel",
        type="agence_media",
        sectors=["luxe", "beaute.1"],
    )
    form.submit("save")
    latest = events(dbsession, "company", company.id)[0]
    assert changes_of(latest)["type"] == ("Annonceur", "Agence média")
    assert changes_of(latest)["sectors"] == (None, "Luxe, Parfums")


def test_deactivation_and_reactivation_are_events(signed_in, dbsession, factories):
    company = factories.company("Bientôt inactive")
    token = csrf_token(signed_in)
    signed_in.post(f"/companies/{company.id}/deactivate", {"csrf_token": token})
    signed_in.post(f"/companies/{company.id}/reactivate", {"csrf_token": token})
    kinds = [e.kind for e in events(dbsession, "company", company.id)]
    assert kinds[:2] == ["reactivated", "deactivated"]
    assert all(
        e.actor_id == signed_in.user.id
        for e in events(dbsession, "company", company.id)[:2]
    )


def test_api_changes_are_recorded_too(make_app, factories, dbsession, registry):
    from core.auth.services import create_token

    user = factories.user()
    contact = factories.contact(factories.company("Par l'API"), title="Chef de pub")
    _row, token = create_token(dbsession, user, "test")
    app = make_app()
    path = f"/api/v1/contacts/{contact.id}"
    auth = {"Authorization": f"Bearer {token}"}
    etag = app.get(path, headers=auth).headers["ETag"]
    app.patch_json(
        path, {"title": "Directrice de pub"}, headers={**auth, "If-Match": etag}
    )
    latest = events(dbsession, "contact", contact.id)[0]
    assert latest.actor_id == user.id
    assert changes_of(latest) == {"title": ("Chef de pub", "Directrice de pub")}


def test_the_history_tab_shows_before_and_after(signed_in, dbsession, factories):
    contact = factories.contact(factories.company("Onglet"), title="Avant")
    # A record changed in the transaction creating it has only been created.
    dbsession.commit()
    with recording(dbsession, actor_id=signed_in.user.id):
        contact.title = "Après"
    page = signed_in.get(f"/contacts/{contact.id}").html
    tab = page.find(attrs={"data-tab": "history"})
    row = tab.find(attrs={"data-field": "title"})
    assert row.find(class_="old").text == "Avant"
    assert row.find(class_="new").text == "Après"
    assert signed_in.user.display_name in tab.text


def test_record_changes_compares_two_snapshots(dbsession, factories):
    user = factories.user()
    change = record_changes(
        dbsession,
        user.id,
        "company",
        42,
        {"amount": "100", "stage": "froid"},
        {"amount": "100", "stage": "tiède"},
    )
    assert [(c.field, c.old, c.new) for c in change.changes] == [
        ("stage", "froid", "tiède")
    ]
    assert record_changes(dbsession, user.id, "company", 42, {"a": 1}, {"a": 1}) is None


def test_changed_ids_filters_by_family_and_dates(dbsession, factories):
    old = factories.company("Créée avant")
    new = factories.company("Créée après")
    event = dbsession.scalar(
        select(HistoryEvent).where(
            HistoryEvent.entity_id == old.id, HistoryEvent.entity == "company"
        )
    )
    event.at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    dbsession.flush()
    since, until = services.day_bounds(dt.date(2021, 1, 1), None)
    found = set(dbsession.scalars(services.changed_ids("company", ["created"], since)))
    assert new.id in found and old.id not in found
    _since, until = services.day_bounds(None, dt.date(2020, 1, 1))
    found = set(
        dbsession.scalars(services.changed_ids("company", ["created"], None, until))
    )
    assert old.id in found and new.id not in found
    assert not set(dbsession.scalars(services.changed_ids("company", ["deleted"])))


def test_the_history_tab_shows_instants_in_the_readers_zone_and_words_for_booleans(
    signed_in, dbsession, factories
):
    signed_in.user.timezone, signed_in.user.locale = "America/Montreal", "fr"
    contact = factories.contact(factories.company("Fuseau"), title="Avant")
    dbsession.commit()
    with recording(dbsession, actor_id=signed_in.user.id):
        contact.do_not_contact = True
        contact.departed_at = dt.datetime(2026, 3, 31, 22, 0, tzinfo=dt.UTC)
    record_changes(
        dbsession,
        signed_in.user.id,
        "contact",
        contact.id,
        {"called": dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)},
        {"called": dt.datetime(2026, 3, 2, 0, 30, tzinfo=dt.UTC)},
    )
    dbsession.commit()

    tab = signed_in.get(f"/contacts/{contact.id}").html.find(
        attrs={"data-tab": "history"}
    )
    boolean = tab.find(attrs={"data-field": "do_not_contact"})
    assert boolean.find(class_="old").text == "Non"
    assert boolean.find(class_="new").text == "Oui"
    departed = tab.find(attrs={"data-field": "departed_at"})
    assert departed.find(class_="new").text == "31/03/2026"
    called = tab.find(attrs={"data-field": "called"})
    assert called.find(class_="old").text == "01/03/2026 05:00"
    assert called.find(class_="new").text == "01/03/2026 19:30"
    assert "UTC" not in tab.text
