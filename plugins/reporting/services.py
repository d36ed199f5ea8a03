"""Run a report for one user: resolve the filters, query, group and total."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping

from core.access import access_for
from plugins.reporting import filters
from plugins.reporting.definitions import (
    ReportContext,
    ReportDefinition,
    ReportTable,
    group_rows,
    totals_of,
)

log = logging.getLogger(__name__)


class FilterErrors(Exception):
    """Some filter values cannot be read; ``errors`` maps each to a message."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


class UnknownReport(LookupError):
    """No enabled plugin declares a report of that name."""


def report_named(registry, name: str) -> ReportDefinition:
    try:
        return registry.relais_reports[name]
    except KeyError:
        raise UnknownReport(name) from None


def user_zone(user, registry) -> str:
    default = registry.relais_settings["relais.default_timezone"]
    return (user.timezone if user is not None else None) or default


def build(
    definition: ReportDefinition,
    dbsession,
    given: Mapping[str, str],
    user,
    zone: str,
    now: dt.datetime | None = None,
    translate=str,
    registry=None,
) -> ReportTable:
    """Compute ``definition`` with the filter texts ``given``, for ``user``.

    ``registry`` gives the query the user's access rules (``context.access``);
    a subscription runs with its owner's. Raises :class:`FilterErrors` when a
    filter cannot be read, so a form can show the message beside the field.
    """
    now = now or dt.datetime.now(dt.UTC)
    raw = filters.raw_values(definition, given)
    values, errors = filters.resolve_values(definition, raw, dbsession, user, zone, now)
    if errors:
        raise FilterErrors(errors)

    access = access_for(dbsession, registry, user) if registry is not None else None
    context = ReportContext(dbsession, values, user, zone, now, access)
    columns = definition.columns_for(context)
    rows = list(definition.query(context))
    groups = group_rows(definition, rows, columns)
    log.info(
        "reporting.built report=%s rows=%d user_id=%s",
        definition.name,
        len(rows),
        getattr(user, "id", None),
    )
    return ReportTable(
        definition=definition,
        columns=columns,
        groups=groups,
        totals=totals_of(rows, columns),
        filters=filters.describe(definition, raw, values, dbsession, translate),
        generated_at=now,
        timezone=zone,
    )
