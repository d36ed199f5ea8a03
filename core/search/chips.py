"""The applied criteria shown as chips, each with the address that drops it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel import Locale
from sqlalchemy import select

from core.auth.models import User
from core.budgets.models import BudgetRole
from core.directory.models import Company
from core.i18n import _
from core.keywords.models import Keyword
from core.reference.models import (
    CompanyType,
    Function,
    FunctionFamily,
    Sector,
    Situation,
)
from core.search import geo
from core.search.criteria import Criteria

LABELS = {
    "q": _("Company"),
    "portfolio": _("Portfolio"),
    "owner_ids": _("Portfolio of"),
    "followed": _("Followed"),
    "type_ids": _("Type"),
    "sector_ids": _("Sector"),
    "situation_ids": _("Situation"),
    "country": _("Country"),
    "region": _("Region"),
    "department": _("Département"),
    "postcode": _("Postal code"),
    "city": _("City"),
    "near": _("Around"),
    "near_lat": _("Around me"),
    "radius_km": _("Within (km)"),
    "active": _("Active"),
    "group_id": _("Subsidiaries of"),
    "duplicates": _("Likely duplicates"),
    "works_with_id": _("Working with"),
    "changed": _("Changed"),
    "changed_from": _("Changed from"),
    "changed_to": _("Changed until"),
    "contact_q": _("Contact"),
    "contact_followed": _("Contact followed"),
    "family_ids": _("Function family"),
    "function_ids": _("Function"),
    "title": _("Title contains"),
    "civilities": _("Civility"),
    "in_position": _("In position"),
    "has_email": _("With an email"),
    "do_not_contact": _("Do not contact"),
    "keyword_ids": _("Keyword"),
    "keywords_match": _("Keywords"),
    "budget_q": _("Budget"),
    "budget_sector_ids": _("Budget sector"),
    "advertiser_id": _("Advertiser"),
    "agency_id": _("Agency"),
    "role_ids": _("Agency role"),
}
VALUES = {
    "yes": _("yes"),
    "no": _("no"),
    "all": _("all"),
    "mine": _("mine"),
    "none": _("nobody's"),
    "users": _("chosen salespeople"),
    "created": _("created"),
    "updated": _("updated"),
    "deleted": _("deleted"),
    "True": _("yes"),
    "any": _("any of them"),
}
MODELS = {
    "type_ids": CompanyType,
    "sector_ids": Sector,
    "situation_ids": Situation,
    "family_ids": FunctionFamily,
    "function_ids": Function,
    "keyword_ids": Keyword,
    "budget_sector_ids": Sector,
    "role_ids": BudgetRole,
}
COMPANY_NUMBERS = ("group_id", "works_with_id", "advertiser_id", "agency_id")
# Criteria that only make sense together leave together.
COMPANIONS = {
    "near": ("near_lat", "near_lon", "radius_km"),
    "near_lat": ("near_lon", "near", "radius_km"),
    "portfolio": ("owner_ids",),
    "changed": ("changed_from", "changed_to"),
    "keywords_match": (),
}
HIDDEN = ("near_lon",)


@dataclass(frozen=True)
class Chip:
    name: str
    label: str
    value: str
    remove_params: list[tuple[str, str]]


def chips(session, criteria: Criteria, locale: str = "fr_FR") -> list[Chip]:
    """The chips of the given criteria, their values as the reader reads them.

    ``locale`` (a babel name) spells the countries.
    """
    found = []
    defaults = Criteria()
    for name in criteria.given():
        if name in HIDDEN:
            continue
        value = getattr(criteria, name)
        if isinstance(value, list):
            names = _names(session, name, value)
            for item in value:
                rest = [v for v in value if v != item]
                without = criteria.replace(**{name: rest})
                shown = names.get(item, str(item))
                found.append(Chip(name, LABELS[name], shown, _params(without)))
            continue
        reset = {name: getattr(defaults, name)}
        for companion in COMPANIONS.get(name, ()):
            reset[companion] = getattr(defaults, companion)
        without = criteria.replace(**reset)
        shown = _shown(session, name, value, locale)
        found.append(Chip(name, LABELS[name], shown, _params(without)))
    return found


def _params(criteria: Criteria) -> list[tuple[str, str]]:
    return criteria.to_params()


def _names(session, name: str, ids: list) -> dict:
    if name == "owner_ids":
        users = session.scalars(select(User).where(User.id.in_(ids)))
        return {user.id: user.display_name for user in users}
    if name in MODELS:
        model = MODELS[name]
        return {
            row.id: row.label
            for row in session.scalars(select(model).where(model.id.in_(ids)))
        }
    return {}


def _shown(session, name: str, value, locale: str = "fr_FR") -> str:
    if name in COMPANY_NUMBERS:
        company = session.get(Company, value)
        return company.name if company else _("unknown company")
    if name == "region":
        return geo.REGIONS.get(value, (value,))[0]
    if name == "country":
        return country_name(str(value), locale)
    if isinstance(value, dt.date):
        # As every date of the application reads: 01/01/2026.
        return value.strftime("%d/%m/%Y")
    if name == "near_lat":
        return ""
    return VALUES.get(str(value), str(value))


def country_name(code: str, locale: str = "fr_FR") -> str:
    """``FR`` → ``France`` in the reader's language; an unknown code as typed."""
    try:
        names = Locale.parse(locale).territories
    except (ValueError, LookupError):
        names = {}
    return names.get(code.upper(), code)
