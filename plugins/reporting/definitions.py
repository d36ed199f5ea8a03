"""What a report is: its parameters, columns, grouping, totals and query.

Reports are declared through the ``relais_register_reports`` hook (see
:mod:`plugins.reporting.hookspecs`), collected once at start-up, checked and
frozen into ``registry.relais_reports``. Every output (the page, XLSX, PDF,
the mailed subscription) builds the same :class:`ReportTable` from them, so
filters and figures cannot differ from one format to another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pyramid.exceptions import ConfigurationError

from plugins.reporting.relative_dates import is_valid

PARAMETER_KINDS = ("date", "choice", "user", "text")
COLUMN_KINDS = ("text", "date", "datetime", "money", "integer", "bool")


@dataclass(frozen=True)
class Parameter:
    """A filter of a report, with its default as the user would type it.

    ``date`` takes absolute or relative dates ("start of month"); ``choice``
    one of ``choices(session)`` as ``(value, label)`` pairs, "" meaning all;
    ``user`` a user id, "me" or "" for everyone; ``text`` free text.
    """

    name: str
    label: Any
    kind: str = "text"
    default: str = ""
    choices: Callable[..., list[tuple[str, str]]] | None = None


@dataclass(frozen=True)
class Column:
    """One column: ``key`` in the query's rows, a label, a kind for formatting.

    Columns with ``total`` are summed per group and over the whole report.
    """

    key: str
    label: Any
    kind: str = "text"
    total: bool = False


@dataclass(frozen=True)
class ReportContext:
    """What a query receives: the session, resolved values, who and when.

    ``access`` is the user's :class:`core.access.Access`: a query narrows its
    records with ``context.access.filter(kind)`` as any page does.
    """

    dbsession: Any
    values: Mapping[str, Any]
    user: Any
    timezone: str
    now: dt.datetime
    access: Any = None


@dataclass(frozen=True)
class ReportDefinition:
    """A report; ``columns`` may be a callable of the context (month columns).

    ``query(context)`` returns rows as mappings of column key to value (text,
    ``date``, aware ``datetime``, ``Decimal``, ``int``, ``bool`` or ``None``),
    ordered by ``group_by`` first when the report is grouped.
    """

    name: str
    title: Any
    query: Callable[[ReportContext], Iterable[Mapping[str, Any]]]
    columns: tuple[Column, ...] | Callable[[ReportContext], tuple[Column, ...]]
    parameters: tuple[Parameter, ...] = ()
    group_by: str | None = None
    description: Any = ""
    permission: str = "reporting.view"
    order: int = 100

    def columns_for(self, context: ReportContext) -> tuple[Column, ...]:
        if callable(self.columns):
            return tuple(self.columns(context))
        return self.columns

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


@dataclass
class Group:
    """The rows sharing one value of ``group_by``, with their totals."""

    label: Any
    rows: list[Mapping[str, Any]] = field(default_factory=list)
    totals: dict[str, Any] = field(default_factory=dict)


@dataclass
class ReportTable:
    """A report computed once, ready for any output."""

    definition: ReportDefinition
    columns: tuple[Column, ...]
    groups: list[Group]
    totals: dict[str, Any]
    filters: list[tuple[Any, str]]
    generated_at: dt.datetime
    timezone: str

    @property
    def title(self):
        return self.definition.title

    @property
    def row_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    @property
    def grouped(self) -> bool:
        return self.definition.group_by is not None

    @property
    def has_totals(self) -> bool:
        return any(column.total for column in self.columns)


def _sum(values: Iterable[Any]) -> Any:
    numbers = [v for v in values if isinstance(v, int | Decimal)]
    return sum(
        numbers, Decimal(0) if any(isinstance(v, Decimal) for v in numbers) else 0
    )


def totals_of(rows: list[Mapping[str, Any]], columns: tuple[Column, ...]) -> dict:
    return {c.key: _sum(row.get(c.key) for row in rows) for c in columns if c.total}


def group_rows(definition, rows, columns) -> list[Group]:
    """Split rows by ``group_by`` in the order groups first appear."""
    if definition.group_by is None:
        return [Group(None, list(rows), totals_of(list(rows), columns))]
    groups: dict[Any, Group] = {}
    for row in rows:
        key = row.get(definition.group_by)
        groups.setdefault(key, Group(key)).rows.append(row)
    for group in groups.values():
        group.totals = totals_of(group.rows, columns)
    return list(groups.values())


def check_definitions(definitions: list[ReportDefinition]) -> dict:
    """Refuse definitions that no output could render; return them by name."""
    found: dict[str, ReportDefinition] = {}
    for report in definitions:
        if not isinstance(report, ReportDefinition):
            raise ConfigurationError(f"not a ReportDefinition: {report!r}")
        if report.name in found:
            raise ConfigurationError(f"report {report.name} is declared twice")
        for parameter in report.parameters:
            if parameter.kind not in PARAMETER_KINDS:
                raise ConfigurationError(
                    f"report {report.name}: parameter {parameter.name} has unknown"
                    f" kind {parameter.kind!r}"
                )
            if parameter.kind == "date" and not is_valid(parameter.default):
                raise ConfigurationError(
                    f"report {report.name}: default of {parameter.name} is not a date"
                )
        if not callable(report.columns):
            keys = {column.key for column in report.columns}
            if report.group_by is not None and report.group_by not in keys:
                raise ConfigurationError(
                    f"report {report.name}: group_by {report.group_by} is no column"
                )
            unknown = {c.kind for c in report.columns} - set(COLUMN_KINDS)
            if unknown:
                raise ConfigurationError(
                    f"report {report.name}: unknown column kinds {sorted(unknown)}"
                )
        found[report.name] = report
    return dict(sorted(found.items(), key=lambda item: (item[1].order, item[0])))
