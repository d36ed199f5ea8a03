"""What the ``/actions`` and ``/todo`` resources of the JSON API read and accept.

Action types travel as their ``code``; contacts and visitors as ids; times
as ISO 8601 instants with an offset (a time without one is refused, since
nobody could tell which zone it meant).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from core.api.schemas import Create, Filters, Patch, Resource
from core.api.types import Code, Id, Instant, optional_text, text
from core.forms import Day, FieldError, check_plausible
from core.i18n import _


def _aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise FieldError(
            _("Give the time with its offset, e.g. 2026-03-31T09:30:00+02:00.")
        )
    return value


AwareInstant = Annotated[
    dt.datetime, AfterValidator(_aware), AfterValidator(check_plausible)
]
Ids = Annotated[list[Id], Field(max_length=200)]
Report = optional_text(100_000)


class ActionOut(Resource):
    id: int
    type: str
    subject: str
    start: Instant
    end: Instant | None
    follow_up: Instant | None
    follow_up_state: str
    follow_up_done_at: Instant | None
    chain_id: int
    previous_id: int | None
    author_id: int
    contact_ids: list[int]
    visitor_ids: list[int]
    report_html: str | None
    budget_id: int | None
    origin: str
    invited: bool
    cancelled_at: Instant | None
    created_at: Instant
    updated_at: Instant
    version: int

    @classmethod
    def of(cls, action) -> ActionOut:
        return cls(
            id=action.id,
            type=action.type.code,
            subject=action.subject,
            start=action.starts_at,
            end=action.ends_at,
            follow_up=action.follow_up_at,
            follow_up_state=_state(action),
            follow_up_done_at=action.follow_up_done_at,
            chain_id=action.chain_id,
            previous_id=action.previous_id,
            author_id=action.author_id,
            contact_ids=[contact.id for contact in action.contacts],
            visitor_ids=[visitor.id for visitor in action.visitors],
            report_html=action.report_html,
            budget_id=action.budget_id,
            origin=action.origin,
            invited=action.invited,
            cancelled_at=action.cancelled_at,
            created_at=action.created_at,
            updated_at=action.updated_at,
            version=action.version,
        )


def _state(action) -> str:
    """The follow-up's state on its author's calendar (the API has no page
    viewer whose day would count)."""
    from core.actions.models import FollowUpState
    from core.actions.timezones import local_day

    if action.follow_up_at is None or action.cancelled_at is not None:
        return FollowUpState.NONE.value
    if action.follow_up_done_at is not None:
        return FollowUpState.DONE.value
    try:
        zone = zoneinfo.ZoneInfo(action.author.timezone or "Europe/Paris")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("Europe/Paris")
    today = local_day(dt.datetime.now(dt.UTC), zone)
    day = local_day(action.follow_up_at, zone)
    if day < today:
        return FollowUpState.LATE.value
    return (FollowUpState.DUE if day == today else FollowUpState.UPCOMING).value


class ActionFilters(Filters):
    user_id: Id | None = Field(None, description="An author or visitor.")
    contact_id: Id | None = None
    company_id: Id | None = None
    chain_id: Id | None = None
    budget_id: Id | None = None
    type: Code | None = None
    start_from: AwareInstant | None = None
    start_before: AwareInstant | None = None
    q: text(100, min_length=1) | None = None
    follow_up: Literal["open", "none", "done"] | None = None
    cancelled: bool | None = None


class ActionCreate(Create):
    type: Code
    subject: text(300, min_length=1)
    start: AwareInstant
    end: AwareInstant | None = None
    follow_up: AwareInstant | None = Field(
        None,
        description="Omit for the default (the start plus the follow-up days "
        "setting, on the author's wall clock); null for no follow-up.",
    )
    contact_ids: Ids
    visitor_ids: Ids | None = Field(None, description="Defaults to the author.")
    report_html: Report = None
    budget_id: Id | None = Field(None, description="The budget it is about.")
    previous_id: Id | None = Field(
        None, description="Chain after this action, closing its follow-up."
    )
    invite: bool = False


class ActionPatch(Patch):
    type: Code = None
    subject: text(300, min_length=1) = None
    start: AwareInstant = None
    end: AwareInstant | None = None
    follow_up: AwareInstant | None = None
    contact_ids: Ids = None
    visitor_ids: Ids = None
    report_html: Report = None
    budget_id: Id | None = Field(None, description="null: about no budget.")


class FollowUpChange(Create):
    follow_up: AwareInstant | None = Field(
        description="The new follow-up time; null means do not follow up."
    )


class ChainOut(Resource):
    id: int
    actions: list[ActionOut]
    time_spent_minutes: int


class TodoFilters(Filters):
    user_id: Id | None = None
    start: Day | None = None
    end: Day | None = None
    q: text(100, min_length=1) | None = None
    kind: Literal["comments", "follow_ups", "actions", "all"] = "all"
    without_report: bool = False
    order: Literal["asc", "desc"] = "asc"


class TodoItemOut(Resource):
    kind: str
    at: Instant
    state: str
    action: ActionOut
    comment: str | None = Field(None, description="The text, for a comment.")


class TodoCounters(Resource):
    today: int
    late: int
    without_report: int


class TodoOut(Resource):
    counters: TodoCounters
    items: list[TodoItemOut]
