"""Filter values: read from a form, resolved for one day, described in words.

Values are kept as the user typed them ("start of month"), in saved filters
and subscriptions alike, and resolved only when a report runs, in the time
zone of the user it runs for. Every output resolves them through here.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from typing import Any

from core.forms import FieldError, check_period, check_plausible, parse_id
from core.i18n import _
from plugins.reporting import formatting
from plugins.reporting.definitions import ReportDefinition
from plugins.reporting.relative_dates import RelativeDateError, resolve

EVERYONE, ME = "", "me"


def raw_values(definition: ReportDefinition, given: Mapping[str, Any]) -> dict:
    """The text of each parameter: what was given, else its default."""
    values = {}
    for parameter in definition.parameters:
        value = given.get(parameter.name)
        values[parameter.name] = (
            parameter.default if value is None else str(value).strip()
        )
    return values


def from_params(definition: ReportDefinition, params: Mapping[str, Any]) -> dict:
    """The filter texts of a query string or a posted form."""
    return raw_values(
        definition, {p.name: params.get(p.name) for p in definition.parameters}
    )


def choices_for(definition: ReportDefinition, dbsession) -> dict[str, list]:
    """The proposed values of every list filter of ``definition``."""
    return {
        p.name: choices_of(p, dbsession)
        for p in definition.parameters
        if p.kind in ("choice", "user")
    }


def local_today(zone: str, now: dt.datetime) -> dt.date:
    return now.astimezone(zoneinfo.ZoneInfo(zone)).date()


def day_start(day: dt.date, zone: str) -> dt.datetime:
    """The instant a local day begins (what "from this date" means)."""
    local = dt.datetime.combine(day, dt.time(0), tzinfo=zoneinfo.ZoneInfo(zone))
    return local.astimezone(dt.UTC)


def day_after(day: dt.date, zone: str) -> dt.datetime:
    """The instant a local day ends, exclusive (what "to this date" means)."""
    return day_start(day + dt.timedelta(days=1), zone)


def choices_of(parameter, dbsession) -> list[tuple[str, str]]:
    if parameter.kind == "user":
        from sqlalchemy import select

        from core.auth.models import User

        users = dbsession.scalars(
            select(User).where(User.active.is_(True)).order_by(User.last_name)
        )
        return [(EVERYONE, _("Everyone")), (ME, _("Me"))] + [
            (str(user.id), user.display_name) for user in users
        ]
    if parameter.choices is None:
        return []
    return [(EVERYONE, _("All"))] + list(parameter.choices(dbsession))


def resolve_values(definition, raw, dbsession, user, zone, now):
    """Turn texts into dates, ids and codes; return ``(values, errors)``."""
    today = local_today(zone, now)
    values: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for parameter in definition.parameters:
        text = raw.get(parameter.name, parameter.default)
        if parameter.kind == "date":
            try:
                values[parameter.name] = check_plausible(resolve(text, today))
            except RelativeDateError:
                errors[parameter.name] = _(
                    'Enter a date such as 31/12/2026, "today-2w" or "start of month".'
                )
            except FieldError as exc:
                errors[parameter.name] = exc.message
        elif parameter.kind == "user":
            if text == ME:
                values[parameter.name] = user.id if user is not None else None
            elif text == EVERYONE:
                values[parameter.name] = None
            elif parse_id(text) is not None:
                values[parameter.name] = parse_id(text)
            else:
                errors[parameter.name] = _("Choose one of the proposed values.")
        elif parameter.kind == "choice":
            allowed = {value for value, _label in choices_of(parameter, dbsession)}
            if text not in allowed:
                errors[parameter.name] = _("Choose one of the proposed values.")
            values[parameter.name] = text or None
        else:
            values[parameter.name] = text or None
    if "end" not in errors:
        try:
            check_period(values.get("start"), values.get("end"))
        except FieldError as exc:
            errors["end"] = exc.message
    return values, errors


def describe(definition, raw, values, dbsession, translate=str) -> list[tuple]:
    """Each filter in words, as the PDF header and the mail body show them.

    A relative date shows both what was typed and the day it meant, so a
    reader of an old report knows which period it covers.
    """
    described = []
    for parameter in definition.parameters:
        text = raw.get(parameter.name, "")
        value = values.get(parameter.name)
        if parameter.kind == "date":
            shown = formatting.day(value)
            if text and text != shown:
                shown = f"{shown} ({text})"
        elif parameter.kind in ("user", "choice"):
            labels = dict(choices_of(parameter, dbsession))
            label = labels.get(text, text)
            if parameter.kind == "user" and text == ME and value is not None:
                label = labels.get(str(value), label)
            shown = translate(label) if not isinstance(label, str) else label
        else:
            shown = text or "—"
        described.append((parameter.label, shown))
    return described
