"""Activity by salesperson against counts made directly on the data."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter, defaultdict
from decimal import Decimal

from sqlalchemy import select

from core.actions.models import Action
from core.opportunities import testing as opps
from core.opportunities.amounts import ZERO, weighted_of
from core.opportunities.models import Opportunity, OpportunityLine
from core.testing.factories import Factories
from plugins.reporting.services import build
from tests.plugins.reporting import demo

D = dt.date
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def run(session, registry, user, **filters):
    definition = registry.relais_reports["reporting.activity"]
    return build(definition, session, filters, user, "Europe/Paris", registry=registry)


def test_actions_by_type_and_week_and_the_pipe(
    factories, dbsession, reporting_registry
):
    seller = factories.user(first_name="Hugo", last_name="Bernard")
    admin = factories.user(profile="admin")
    monday = dt.datetime(2026, 3, 23, 8, 0, tzinfo=dt.UTC)
    for days, kind in ((0, "rdv"), (1, "rdv"), (2, "telephone"), (7, "dejeuner")):
        factories.action(
            author=seller,
            visitors=[seller],
            type_code=kind,
            start=monday + dt.timedelta(days=days),
        )
    company = factories.company()
    won = opps.opportunity(
        dbsession,
        seller,
        company,
        amount="1000",
        status=opps.status(dbsession, "chaude"),
    )
    won.outcome = "won"
    won.closed_at = monday + dt.timedelta(days=8)
    opps.opportunity(
        dbsession,
        seller,
        company,
        lines=[("print", "100", None), ("web", "200", None)],
        status=opps.status(dbsession, "tiede"),
    )
    dbsession.flush()

    table = run(
        dbsession,
        reporting_registry,
        admin,
        start="2026-03-23",
        end="2026-04-05",
        pipe_on="2026-12-31",
        salesperson=str(seller.id),
    )
    (group,) = table.groups
    first, second, pipe = group.rows
    assert (first["type_rdv"], first["type_telephone"], first["actions"]) == (2, 1, 3)
    assert (second["type_dejeuner"], second["actions"], second["won"]) == (1, 1, 1)
    assert pipe["pipe"] == Decimal("150.00")
    assert group.totals["actions"] == 4
    assert group.totals["pipe"] == Decimal("150.00")


class Clock:
    """The instant the pipe states are recorded at, moved by the test."""

    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


def pipe_on(session, registry, user, seller, day: str) -> Decimal:
    table = run(
        session,
        registry,
        user,
        start=day,
        end=day,
        pipe_on=day,
        salesperson=str(seller.id),
    )
    (group,) = table.groups
    return group.rows[-1]["pipe"]


def test_the_pipe_at_a_date_weighs_each_opportunity_as_it_stood_that_day(
    make_app, reporting_registry, monkeypatch
):
    # Changes go through a session of the application that has the plugin.
    session = reporting_registry.relais_session_factory()
    factories = Factories(session, reporting_registry)
    clock = Clock(dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC))
    monkeypatch.setattr("plugins.reporting.pipe_history.utcnow", clock)
    seller = factories.user(first_name="Hugo", last_name="Bernard")
    admin = factories.user(profile="admin")
    deal = opps.opportunity(
        session,
        seller,
        factories.company(),
        amount="1000",
        status=opps.status(session, "froid"),
        created_at=clock.now,
    )

    clock.now = dt.datetime(2026, 2, 10, 9, 0, tzinfo=dt.UTC)
    deal.status = opps.status(session, "chaude")
    deal.amount = Decimal("2000")
    session.flush()
    clock.now = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
    deal.lines.append(
        OpportunityLine(product=opps.product(session, "print"), amount=Decimal("400"))
    )
    session.flush()
    clock.now = dt.datetime(2026, 4, 10, 9, 0, tzinfo=dt.UTC)
    deal.outcome, deal.closed_at = "lost", clock.now
    session.flush()

    def pipe(day):
        return pipe_on(session, reporting_registry, admin, seller, day)

    assert pipe("2026-01-09") == Decimal("0.00")
    assert pipe("2026-01-31") == Decimal("250.00")
    assert pipe("2026-02-28") == Decimal("1500.00")
    assert pipe("2026-03-31") == Decimal("300.00")
    assert pipe("2026-04-30") == Decimal("0.00")
    session.close()


def test_an_opportunity_never_recorded_counts_as_it_is_now(
    factories, dbsession, reporting_registry
):
    # Written without the plugin (as before it was enabled): no state kept.
    seller = factories.user()
    admin = factories.user(profile="admin")
    opps.opportunity(
        dbsession,
        seller,
        factories.company(),
        amount="1000",
        status=opps.status(dbsession, "tiede"),
        created_at=dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC),
    )

    assert pipe_on(dbsession, reporting_registry, admin, seller, "2026-01-31") == (
        Decimal("500.00")
    )


def test_D04_the_pipe_at_a_date_leaves_out_deactivated_companies(
    factories, dbsession, reporting_registry
):
    seller = factories.user()
    admin = factories.user(profile="admin")
    kept, gone = factories.company("Restée"), factories.company("Partie")
    for company in (kept, gone):
        opps.opportunity(
            dbsession,
            seller,
            company,
            amount="10000",
            status=opps.status(dbsession, "tiede"),
            created_at=dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC),
        )

    def pipe():
        return pipe_on(dbsession, reporting_registry, admin, seller, "2026-01-31")

    assert pipe() == Decimal("10000.00")
    gone.active = False
    dbsession.flush()
    assert pipe() == Decimal("5000.00")
    gone.active = True
    dbsession.flush()
    assert pipe() == Decimal("10000.00")


def test_the_demo_figures_match_a_direct_count(
    dbsession, reporting_registry, factories
):
    demo.seed(dbsession, reporting_registry)
    admin = factories.user(profile="admin")
    first, last = dt.date(2026, 3, 16), dt.date(2026, 4, 5)
    today = dt.datetime.now(PARIS).date()
    end_of_today = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), PARIS)

    actions, created, pipe = Counter(), Counter(), defaultdict(lambda: ZERO)
    for action in dbsession.scalars(select(Action)):
        day = action.starts_at.astimezone(PARIS).date()
        if action.cancelled_at is None and first <= day <= last:
            for visitor in action.visitors:
                actions[visitor.display_name] += 1
    for opportunity in dbsession.scalars(select(Opportunity)):
        name = opportunity.owner.display_name
        if first <= opportunity.created_at.astimezone(PARIS).date() <= last:
            created[name] += 1
        closed = opportunity.closed_at
        if (
            opportunity.company.active
            and opportunity.created_at < end_of_today
            and (closed is None or closed >= end_of_today)
        ):
            pipe[name] += weighted_of(opportunity)
    assert actions and pipe  # the demo has both

    table = run(
        dbsession,
        reporting_registry,
        admin,
        start=str(first),
        end=str(last),
        pipe_on="today",
    )
    for group in table.groups:
        assert group.totals["actions"] == actions[group.label], group.label
        assert group.totals["created"] == created[group.label], group.label
        assert group.totals["pipe"] == pipe[group.label], group.label
    assert table.totals["actions"] == sum(actions.values())
    assert table.totals["pipe"] == sum(pipe.values(), ZERO)
