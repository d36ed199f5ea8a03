"""Activity by salesperson against counts made directly on the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.opportunities import testing as opps
from plugins.reporting.services import build

D = dt.date


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
