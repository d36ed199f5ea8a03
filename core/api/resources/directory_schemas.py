"""What the ``companies`` and ``contacts`` resources read and accept.

Reference rows (company type, situation, function) travel as their stable
``code``, never as ids, so integrations survive a database rebuild.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from stdnum.fr import siret

from core.api.schemas import Create, Filters, Patch, Resource
from core.api.types import Code, Id, Instant, optional_text, text
from core.auth.schemas import check_email
from core.directory.services.companies import MAX_SOURCES
from core.forms import FieldError
from core.i18n import _

CIVILITIES = ("M.", "Mme")
Civility = Literal[CIVILITIES]


def _check_siret(value: str) -> str:
    if not siret.is_valid(value):
        raise FieldError(_("Enter a valid SIRET number (14 digits)."))
    return siret.compact(value)


def _check_website(value: str) -> str:
    if not value.lower().startswith(("http://", "https://")):
        raise FieldError(_("Enter an address starting with http:// or https://."))
    return value


def _blank_or(check):
    def checked(value: str) -> str | None:
        return check(value) if value else None

    return AfterValidator(checked)


Siret = Annotated[text(20), _blank_or(_check_siret)] | None
Website = Annotated[text(300), _blank_or(_check_website)] | None
Email = Annotated[text(254), _blank_or(check_email)] | None
Phone = optional_text(20)


class SourceIn(BaseModel):
    """A source the company came from, and its id there (``LEFAC`` / ``12345``)."""

    model_config = ConfigDict(extra="forbid")

    name: text(100, min_length=1)
    reference: optional_text(100) = None


class SourceOut(BaseModel):
    name: str
    reference: str | None


def _few_sources(rows: list[SourceIn]) -> list[SourceIn]:
    if len(rows) > MAX_SOURCES:
        raise FieldError(_("Twenty sources at most."))
    return rows


Sources = Annotated[list[SourceIn], AfterValidator(_few_sources)]


class CompanyOut(Resource):
    id: int
    name: str
    trade_name: str | None
    type: str
    situation: str | None
    group_id: int | None
    phone: str | None
    fax: str | None
    siret: str | None
    website: str | None
    brief: str | None
    sources: list[SourceOut] = Field(
        description="Where the company came from, with its id there."
    )
    active: bool
    created_at: Instant
    updated_at: Instant
    version: int

    @classmethod
    def of(cls, company) -> CompanyOut:
        values = {name: getattr(company, name) for name in _COMPANY_COLUMNS}
        values["type"] = company.type.code
        values["situation"] = company.situation.code if company.situation else None
        values["sources"] = [
            SourceOut(name=source.name, reference=source.reference)
            for source in company.sources
        ]
        return cls(**values)


_COMPANY_COLUMNS = tuple(
    name
    for name in CompanyOut.model_fields
    if name not in ("type", "situation", "sources")
)


class CompanyFilters(Filters):
    active: bool | None = None
    type: Code | None = None
    situation: Code | None = None
    group_id: Id | None = None
    q: text(100, min_length=1) | None = Field(
        None,
        description="What the search box finds: names, SIRET, phones, source "
        "ids; accents and case aside, `*` anchors.",
    )


class CompanyCreate(Create):
    name: text(200, min_length=1)
    trade_name: optional_text(200) = None
    type: Code
    situation: Code | None = None
    group_id: Id | None = None
    phone: Phone = None
    fax: Phone = None
    siret: Siret = None
    website: Website = None
    brief: optional_text(10_000) = None
    sources: Sources = Field(default_factory=list)
    active: bool = True


class CompanyPatch(Patch):
    name: text(200, min_length=1) = None
    trade_name: optional_text(200) = None
    type: Code = None
    situation: Code | None = None
    group_id: Id | None = None
    phone: Phone = None
    fax: Phone = None
    siret: Siret = None
    website: Website = None
    brief: optional_text(10_000) = None
    sources: Sources = Field(
        None, description="The whole list of sources, replacing the current one."
    )
    active: bool = None


class ContactOut(Resource):
    id: int
    civility: str
    first_name: str
    last_name: str
    display_name: str
    company_id: int | None
    function: str | None
    title: str | None
    email: str | None
    previous_emails: list[str] = Field(
        description="Addresses the contact used before, newest first."
    )
    phone: str | None
    mobile: str | None
    do_not_contact: bool
    departed_at: Instant | None
    active: bool
    created_at: Instant
    updated_at: Instant
    version: int

    @classmethod
    def of(cls, contact) -> ContactOut:
        values = {name: getattr(contact, name) for name in _CONTACT_COLUMNS}
        values["function"] = contact.function.code if contact.function else None
        values["previous_emails"] = [p.email for p in contact.previous_emails]
        return cls(**values)


_CONTACT_COLUMNS = tuple(
    name
    for name in ContactOut.model_fields
    if name not in ("function", "previous_emails")
)


class ContactFilters(Filters):
    active: bool | None = None
    company_id: Id | None = None
    function: Code | None = None
    email: text(254, min_length=1) | None = None
    q: text(100, min_length=1) | None = Field(
        None,
        description="What the search box finds: names, e-mails, phones; "
        "accents and case aside, `*` anchors.",
    )


class ContactCreate(Create):
    civility: Civility
    first_name: text(80) = ""
    last_name: text(120, min_length=1)
    company_id: Id | None = None
    function: Code | None = None
    title: optional_text(200) = None
    email: Email = None
    phone: Phone = None
    mobile: Phone = None
    do_not_contact: bool = False
    active: bool = True


class ContactPatch(Patch):
    civility: Civility = None
    first_name: text(80) = None
    last_name: text(120, min_length=1) = None
    company_id: Id | None = None
    function: Code | None = None
    title: optional_text(200) = None
    email: Email = None
    phone: Phone = None
    mobile: Phone = None
    do_not_contact: bool = None
    active: bool = None
