"""Weekly action tracking: the actions of a period, by type, with a total."""

from __future__ import annotations

from sqlalchemy.orm import aliased

from core.actions.models import Action
from core.actions.queries import involving, visible_actions
from core.i18n import _
from core.reference.models import ActionType
from plugins.reporting.definitions import Column, Parameter, ReportDefinition
from plugins.reporting.reports.common import between, codes_of


def _joined(values) -> str:
    return ", ".join(value for value in values if value)


def weekly_actions_query(context):
    """One row per action that is not cancelled; several contacts are joined."""
    values = context.values
    kind = aliased(ActionType)
    query = (
        visible_actions(context.access)
        .join(kind, Action.type_id == kind.id)
        .where(Action.cancelled_at.is_(None), *between(Action.starts_at, context))
        .order_by(kind.position, kind.label, Action.starts_at, Action.id)
    )
    if values.get("visitor"):
        query = query.where(involving([values["visitor"]]))
    if values.get("type"):
        query = query.where(kind.code == values["type"])
    for action in context.dbsession.scalars(query):
        contacts = action.contacts
        visitors = action.visitors or [action.author]
        companies = [c.company.name for c in contacts if c.company is not None]
        yield {
            "type": action.type.label,
            "visitor": _joined(user.display_name for user in visitors),
            "starts_at": action.starts_at,
            "ends_at": action.ends_at,
            "follow_up_at": action.follow_up_at,
            "subject": action.subject,
            "company": _joined(dict.fromkeys(companies)),
            "civility": _joined(c.civility for c in contacts),
            "first_name": _joined(c.first_name for c in contacts),
            "last_name": _joined(c.last_name for c in contacts),
            "actions": 1,
        }


def reports() -> list[ReportDefinition]:
    return [
        ReportDefinition(
            name="reporting.weekly_actions",
            title=_("Weekly action tracking"),
            description=_("The actions between two dates, by type, with a total."),
            parameters=(
                Parameter("start", _("Start from"), "date", "start of week"),
                Parameter("end", _("Start until"), "date", "end of week"),
                Parameter("visitor", _("Visitor"), "user"),
                Parameter(
                    "type", _("Action type"), "choice", choices=codes_of(ActionType)
                ),
            ),
            columns=(
                Column("visitor", _("Visitor")),
                Column("type", _("Action type")),
                Column("starts_at", _("Start"), "datetime"),
                Column("ends_at", _("End"), "datetime"),
                Column("follow_up_at", _("Follow-up"), "datetime"),
                Column("subject", _("Subject")),
                Column("company", _("Company")),
                Column("civility", _("Civility")),
                Column("first_name", _("First name")),
                Column("last_name", _("Last name")),
                Column("actions", _("Actions"), "integer", total=True),
            ),
            group_by="type",
            query=weekly_actions_query,
            order=10,
        )
    ]
