"""What the ``budgets``, ``merges`` and ``history`` resources read and accept.

Roles and sectors travel as their stable ``code``; companies and contacts as
ids.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from core.api.schemas import Create, Filters, Patch, Resource
from core.api.types import Code, Id, Instant, optional_text, text
from core.forms import Moment


class AgencyIn(BaseModel):
    role: Code
    company_id: Id
    contact_ids: list[Id] = Field(default_factory=list, max_length=100)


class AgencyOut(BaseModel):
    role: str
    company_id: int
    contact_ids: list[int]


class BudgetOut(Resource):
    id: int
    name: str
    company_id: int
    sectors: list[str]
    brief: str | None
    advertiser_contact_ids: list[int]
    agencies: list[AgencyOut]
    active: bool
    created_at: Instant
    updated_at: Instant
    version: int

    @classmethod
    def of(cls, budget) -> BudgetOut:
        agencies = [
            AgencyOut(
                role=agency.role.code,
                company_id=agency.company_id,
                contact_ids=[
                    row.contact_id
                    for row in budget.contacts
                    if row.agency_id == agency.id
                ],
            )
            for agency in budget.agencies
        ]
        return cls(
            id=budget.id,
            name=budget.name,
            company_id=budget.company_id,
            sectors=[s.code for s in budget.sectors],
            brief=budget.brief,
            advertiser_contact_ids=[
                row.contact_id for row in budget.contacts if row.agency_id is None
            ],
            agencies=agencies,
            active=budget.active,
            created_at=budget.created_at,
            updated_at=budget.updated_at,
            version=budget.version,
        )


class BudgetFilters(Filters):
    company_id: Id | None = Field(
        default=None, description="The advertiser, or an agency of the budget."
    )
    active: bool | None = None
    q: text(100, min_length=1) | None = None


class BudgetCreate(Create):
    name: text(200, min_length=1)
    company_id: Id = Field(description="The advertiser the budget belongs to.")
    sectors: list[Code] = Field(default_factory=list, max_length=50)
    brief: optional_text(2000) = None
    advertiser_contact_ids: list[Id] = Field(default_factory=list, max_length=100)
    agencies: list[AgencyIn] = Field(default_factory=list, max_length=50)
    active: bool = True


class BudgetPatch(Patch):
    name: text(200, min_length=1) = None
    sectors: list[Code] = None
    brief: optional_text(2000) = None
    advertiser_contact_ids: list[Id] = None
    agencies: list[AgencyIn] = None
    active: bool = None


class MergeCreate(Create):
    entity: Code = Field(description='"company" or "contact".')
    source_id: Id = Field(description="The record merged away (deactivated).")
    target_id: Id = Field(description="The record kept.")


class MergeOut(Resource):
    id: int
    entity: str
    source_id: int
    target_id: int
    actor_id: int | None
    merged_at: Instant
    undone_at: Instant | None
    undone_by_id: int | None
    rows: int = Field(description="Rows moved (or removed as duplicates).")

    @classmethod
    def of(cls, merge) -> MergeOut:
        return cls(
            id=merge.id,
            entity=merge.entity,
            source_id=merge.source_id,
            target_id=merge.target_id,
            actor_id=merge.actor_id,
            merged_at=merge.merged_at,
            undone_at=merge.undone_at,
            undone_by_id=merge.undone_by_id,
            rows=len(merge.rows),
        )


class FieldChangeOut(BaseModel):
    field: str
    old: str | None
    new: str | None


class HistoryEventOut(Resource):
    id: int
    at: Instant
    actor_id: int | None
    entity: str
    entity_id: int
    kind: str
    detail: dict | None
    changes: list[FieldChangeOut]

    @classmethod
    def of(cls, event) -> HistoryEventOut:
        return cls(
            id=event.id,
            at=event.at,
            actor_id=event.actor_id,
            entity=event.entity,
            entity_id=event.entity_id,
            kind=event.kind,
            detail=event.detail,
            changes=[
                FieldChangeOut(field=c.field, old=c.old_value, new=c.new_value)
                for c in event.changes
            ],
        )


class HistoryFilters(Filters):
    entity: Code | None = None
    entity_id: Id | None = None
    kind: Code | None = None
    since: Moment | None = None
    until: Moment | None = None
