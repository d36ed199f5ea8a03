"""Weekly action tracking against a count made directly on the demo data."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter

import pytest
from sqlalchemy import select

from core.actions.models import Action
from plugins.reporting.services import build
from tests.plugins.reporting import demo

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def seeded(dbsession, reporting_registry):
    demo.seed(dbsession, reporting_registry)
    return dbsession


def expected_counts(session, first: dt.date, last: dt.date, visitor=None):
    counts = Counter()
    for action in session.scalars(select(Action)):
        day = action.starts_at.astimezone(PARIS).date()
        if action.cancelled_at is None and first <= day <= last:
            people = {u.id for u in action.visitors} | {action.author_id}
            if visitor is None or visitor in people:
                counts[action.type.label] += 1
    return counts


def run(session, registry, user, **filters):
    definition = registry.relais_reports["reporting.weekly_actions"]
    return build(definition, session, filters, user, "Europe/Paris")


def test_counts_by_type_match_the_demo_data(seeded, reporting_registry, factories):
    user = factories.user(profile="manager")
    table = run(seeded, reporting_registry, user, start="2026-03-23", end="2026-03-29")

    expected = expected_counts(seeded, dt.date(2026, 3, 23), dt.date(2026, 3, 29))
    assert expected  # the demo week holds actions
    shown = {group.label: group.totals["actions"] for group in table.groups}
    assert shown == dict(expected)
    assert table.totals["actions"] == sum(expected.values())


def test_one_visitor_sees_their_own_actions(seeded, reporting_registry, factories):
    user = factories.user(profile="manager")
    hugo = seeded.scalar(select(Action.author_id).order_by(Action.id).limit(1))
    table = run(
        seeded,
        reporting_registry,
        user,
        start="2026-03-16",
        end="2026-04-05",
        visitor=str(hugo),
    )
    expected = expected_counts(
        seeded, dt.date(2026, 3, 16), dt.date(2026, 4, 5), visitor=hugo
    )
    assert table.totals["actions"] == sum(expected.values())


def test_rows_carry_the_columns_of_the_manual(reporting_registry, factories, dbsession):
    author = factories.user(first_name="Claire", last_name="Martin")
    company = factories.company("Nike Test")
    contact = factories.contact(
        company, civility="Mme", first_name="Stéphanie", last_name="Delahaye"
    )
    start = dt.datetime(2026, 6, 16, 10, 0, tzinfo=dt.UTC)
    factories.action(
        author=author,
        contacts=[contact],
        type_code="dejeuner",
        subject="Catalogue rentrée",
        start=start,
        end=start + dt.timedelta(minutes=90),
        follow_up=start + dt.timedelta(days=7),
    )
    table = run(
        dbsession, reporting_registry, author, start="2026-06-15", end="2026-06-21"
    )
    (group,) = table.groups
    (row,) = group.rows
    assert group.label == "Déjeuner"
    assert row["visitor"] == "Claire Martin"
    assert row["company"] == "Nike Test"
    assert (row["civility"], row["first_name"], row["last_name"]) == (
        "Mme",
        "Stéphanie",
        "Delahaye",
    )
    assert row["follow_up_at"] == start + dt.timedelta(days=7)


def test_the_week_across_the_spring_change_keeps_its_local_edges(
    reporting_registry, factories, dbsession
):
    # Sunday 29 March 2026, 23:30 in Paris is 21:30 UTC (summer time).
    late_sunday = dt.datetime(2026, 3, 29, 21, 30, tzinfo=dt.UTC)
    # Monday 30 March, 00:30 in Paris is 22:30 UTC on Sunday.
    early_monday = dt.datetime(2026, 3, 29, 22, 30, tzinfo=dt.UTC)
    author = factories.user()
    factories.action(author=author, subject="Late Sunday", start=late_sunday)
    factories.action(author=author, subject="Early Monday", start=early_monday)

    now = dt.datetime(2026, 3, 27, 9, 0, tzinfo=dt.UTC)
    definition = reporting_registry.relais_reports["reporting.weekly_actions"]
    table = build(definition, dbsession, {}, author, "Europe/Paris", now)
    subjects = [row["subject"] for group in table.groups for row in group.rows]
    assert "Late Sunday" in subjects
    assert "Early Monday" not in subjects


def test_the_demo_gives_a_manager_a_saved_filter_and_a_subscription(seeded):
    from plugins.reporting.models import SavedFilter, Subscription

    subscription = seeded.scalars(select(Subscription)).one()
    assert subscription.owner.email == "claire.martin@relais.example"
    assert subscription.next_run_at.astimezone(PARIS).strftime("%a %H:%M") == (
        "Mon 08:00"
    )
    saved = seeded.scalars(select(SavedFilter)).one()
    assert saved.values["start"] == "start of last week"
