"""Reports over the directory: companies by type and situation."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from core.directory.models import Company, Contact
from core.i18n import _
from core.reference.models import CompanyType, Situation
from plugins.reporting.definitions import Column, Parameter, ReportDefinition
from plugins.reporting.filters import day_start
from plugins.reporting.reports.common import codes_of


def companies_query(context):
    """Active companies with their contact count, grouped by type."""
    values = context.values
    kind, situation = aliased(CompanyType), aliased(Situation)
    contacts = (
        select(func.count(Contact.id))
        .where(Contact.company_id == Company.id, Contact.active.is_(True))
        .scalar_subquery()
    )
    query = (
        select(Company, kind.label, situation.label, contacts)
        .join(kind, Company.type_id == kind.id)
        .outerjoin(situation, Company.situation_id == situation.id)
        .where(Company.active.is_(True), context.access.filter("company"))
        .order_by(kind.position, kind.label, Company.name, Company.id)
    )
    if values.get("type"):
        query = query.where(kind.code == values["type"])
    if values.get("situation"):
        query = query.where(situation.code == values["situation"])
    if values.get("created_from"):
        query = query.where(
            Company.created_at >= day_start(values["created_from"], context.timezone)
        )
    for company, type_label, situation_label, count in context.dbsession.execute(query):
        yield {
            "type": type_label,
            "name": company.name,
            "situation": situation_label,
            "created_at": company.created_at,
            "contacts": count,
            "companies": 1,
        }


def reports() -> list[ReportDefinition]:
    return [
        ReportDefinition(
            name="reporting.companies",
            title=_("Companies by type and situation"),
            description=_("Active companies with their situation and contacts."),
            parameters=(
                Parameter("type", _("Type"), "choice", choices=codes_of(CompanyType)),
                Parameter(
                    "situation", _("Situation"), "choice", choices=codes_of(Situation)
                ),
                Parameter("created_from", _("Created from"), "date", "2000-01-01"),
            ),
            columns=(
                Column("type", _("Type")),
                Column("name", _("Company")),
                Column("situation", _("Situation")),
                Column("created_at", _("Created on"), "datetime"),
                Column("contacts", _("Contacts"), "integer", total=True),
                Column("companies", _("Companies"), "integer", total=True),
            ),
            group_by="type",
            query=companies_query,
            order=90,
        )
    ]
