"""Action use cases: create, change, chain, follow up, cancel.

Every part of Relais that records an action goes through these functions
(the action form, the API, mail capture, lists, imports), so the rules hold
whoever writes: a subject, at least one contact and one visitor, an end after
the start, a follow-up defaulting to N days later on the author's wall clock,
a sanitised report, and an invitation kept in step with the action.

Functions take the session and the registry, flush but never commit, and
raise :class:`ActionErrors` with one message per field.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actions.budgets import BudgetRefused, in_use
from core.actions.models import Action, ActionChain, FollowUpState
from core.actions.richtext import clean_report
from core.actions.timezones import add_days, local_day, user_zone
from core.auth.models import User, utcnow
from core.budgets.models import Budget
from core.directory.models import Contact
from core.directory.services import FormErrors
from core.events import notify
from core.i18n import _
from core.reference.models import ActionType
from core.tasks import queue_outside_request

log = logging.getLogger(__name__)

FOLLOW_UP_DAYS_SETTING = "relais.actions.follow_up_days"


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


#: Pass as ``follow_up`` to get the default follow-up (start + N days).
DEFAULT: Any = _Default()


class ActionErrors(FormErrors):
    """The action cannot be saved as given: ``{field: message}``."""


def action_type(session: Session, code: str) -> ActionType:
    found = session.scalar(select(ActionType).where(ActionType.code == code))
    if found is None:
        raise ActionErrors({"type": _("Choose one of the proposed values.")})
    return found


def default_follow_up(registry, author: User, start: dt.datetime) -> dt.datetime:
    """The follow-up an action gets unless told otherwise (T-01)."""
    days = registry.relais_settings[FOLLOW_UP_DAYS_SETTING]
    return add_days(start, days, user_zone(author, registry))


def _check(
    subject: str,
    start: dt.datetime,
    end: dt.datetime | None,
    contacts: list[Contact],
    visitors: list[User],
    follow_up: Any = None,
) -> None:
    errors = {}
    if not subject.strip():
        errors["subject"] = _("This field is required.")
    elif len(subject) > 300:
        errors["subject"] = _("This text is too long.")
    if start.tzinfo is None or (end is not None and end.tzinfo is None):
        raise ValueError("naive datetime: give it a time zone")
    if end is not None and end < start:
        errors["end"] = _("The end comes before the start.")
    if isinstance(follow_up, dt.datetime) and follow_up < start:
        errors["follow_up"] = _("The follow-up cannot come before the action.")
    if not contacts:
        errors["contacts"] = _("Choose at least one contact.")
    if not visitors:
        errors["visitors"] = _("Choose at least one visitor.")
    if errors:
        raise ActionErrors(errors)


def _check_budget(budget: Budget | None, current: Budget | None = None) -> None:
    # A budget that went out of use stays on the actions that carried it.
    if budget is not None and budget is not current and not in_use(budget):
        raise ActionErrors({"budget": BudgetRefused.message})


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    # Stored values come back in UTC; keep the objects in memory the same.
    return value.astimezone(dt.UTC) if value is not None else None


def _unique(items: Iterable) -> list:
    seen: dict[int, Any] = {}
    for item in items:
        seen.setdefault(item.id, item)
    return list(seen.values())


def create_action(
    session: Session,
    registry,
    *,
    author: User,
    type_code: str,
    subject: str,
    start: dt.datetime,
    end: dt.datetime | None = None,
    contacts: Iterable[Contact],
    visitors: Iterable[User] | None = None,
    follow_up: dt.datetime | None = DEFAULT,
    report_html: str | None = None,
    budget: Budget | None = None,
    origin: str = "manual",
    previous: Action | None = None,
    invite: bool = False,
    tasks=None,
) -> Action:
    """Record an action and return it, flushed (its id is set).

    ``author`` is the user recording it; ``type_code`` the ``code`` of an
    action type (``rdv``, ``dejeuner``, ``telephone``, ``email``,
    ``pour_action``, ``agenda_externe`` or one an administrator added);
    ``start`` and ``end`` are aware datetimes (stored in UTC). ``contacts``
    must hold at least one contact; ``visitors`` defaults to the author.
    ``follow_up`` is left out for the default (``start`` plus
    ``relais.actions.follow_up_days`` calendar days in the author's zone),
    ``None`` for no follow-up, or an aware datetime. ``report_html`` is
    sanitised. ``budget`` is the budget the action is about (one in use), or
    ``None``. ``origin`` says who recorded it (``manual``, ``mail``,
    ``calendar``, ``list``, ``import``...). ``previous`` chains the action
    after another one: that action's follow-up is closed and the new one joins
    its chain. ``invite=True`` e-mails the contacts an iCalendar invitation
    through ``tasks`` (``request.tasks``) once the transaction commits.
    Raises :class:`ActionErrors`. Added in 0.1.
    """
    contacts = _unique(contacts)
    visitors = _unique(visitors if visitors is not None else [author])
    kind = action_type(session, type_code)
    _check(subject, start, end, contacts, visitors, follow_up)
    _check_budget(budget)
    if follow_up is DEFAULT:
        follow_up = default_follow_up(registry, author, start)

    if previous is not None:
        chain = previous.chain
        close_follow_up(previous)
    else:
        chain = ActionChain()
        session.add(chain)
    action = Action(
        type=kind,
        subject=subject.strip(),
        starts_at=_utc(start),
        ends_at=_utc(end),
        follow_up_at=_utc(follow_up),
        chain=chain,
        previous=previous,
        author=author,
        contacts=contacts,
        visitors=visitors,
        report_html=clean_report(report_html),
        budget=budget,
        origin=origin,
        created_by_id=author.id,
        updated_by_id=author.id,
    )
    session.add(action)
    session.flush()
    log.info(
        "actions.created action_id=%s chain_id=%s type=%s origin=%s",
        action.id,
        chain.id,
        kind.code,
        origin,
    )
    notify(session, "action_created", action=action, user=author)
    if invite:
        from core.actions.invitations import send_invitation

        send_invitation(action, tasks or queue_outside_request(registry))
    return action


def plan_next(
    session: Session,
    registry,
    previous: Action,
    *,
    author: User,
    type_code: str,
    start: dt.datetime,
    subject: str | None = None,
    contacts: Iterable[Contact] | None = None,
    **fields,
) -> Action:
    """Follow ``previous`` up with the next action of its chain.

    The subject and the contacts default to those of ``previous``; the other
    arguments are those of :func:`create_action`. Added in 0.1.
    """
    return create_action(
        session,
        registry,
        author=author,
        type_code=type_code,
        subject=previous.subject if subject is None else subject,
        start=start,
        contacts=previous.contacts if contacts is None else contacts,
        previous=previous,
        **fields,
    )


# The fields whose change the invited contacts must hear about.
_INVITATION_FIELDS = ("subject", "starts_at", "ends_at", "contacts")


def update_action(
    session: Session,
    registry,
    action: Action,
    *,
    actor: User,
    tasks=None,
    invite: bool = False,
    **changes,
) -> Action:
    """Change an action's fields; re-send its invitation when it matters.

    ``changes`` may hold ``type_code``, ``subject``, ``start``, ``end``,
    ``contacts``, ``visitors``, ``follow_up`` (``None`` clears it),
    ``report_html`` and ``budget`` (``None`` clears it). When an invitation
    went out and the subject, the times or the contacts change, the update is
    sent with the next SEQUENCE; ``invite`` sends a first invitation.
    Raises :class:`ActionErrors`. Added in 0.1.
    """
    unknown = set(changes) - {
        "type_code",
        "subject",
        "start",
        "end",
        "contacts",
        "visitors",
        "follow_up",
        "report_html",
        "budget",
    }
    if unknown:
        raise TypeError(f"unknown action fields {sorted(unknown)}")
    before = {name: _snapshot(action, name) for name in _INVITATION_FIELDS}

    subject = changes.get("subject", action.subject)
    start = changes.get("start", action.starts_at)
    end = changes.get("end", action.ends_at)
    contacts = _unique(changes.get("contacts", action.contacts))
    visitors = _unique(changes.get("visitors", action.visitors))
    _check(subject, start, end, contacts, visitors, changes.get("follow_up"))
    if "budget" in changes:
        _check_budget(changes["budget"], action.budget)
    if "type_code" in changes:
        action.type = action_type(session, changes["type_code"])
    action.subject = subject.strip()
    action.starts_at, action.ends_at = _utc(start), _utc(end)
    action.contacts, action.visitors = contacts, visitors
    if "follow_up" in changes:
        set_follow_up(action, changes["follow_up"])
    if "report_html" in changes:
        action.report_html = clean_report(changes["report_html"])
    if "budget" in changes:
        action.budget = changes["budget"]
    action.updated_by_id = actor.id
    session.flush()

    changed = any(before[name] != _snapshot(action, name) for name in before)
    if (action.invited and changed) or invite:
        from core.actions.invitations import send_invitation

        send_invitation(action, tasks or queue_outside_request(registry))
    log.info("actions.updated action_id=%s invited=%s", action.id, action.invited)
    return action


def _snapshot(action: Action, name: str):
    if name == "contacts":
        return sorted(contact.id for contact in action.contacts)
    return getattr(action, name)


def move_action(
    session: Session,
    registry,
    action: Action,
    *,
    actor: User,
    start: dt.datetime,
    end: dt.datetime | None,
    tasks=None,
) -> Action:
    """Move an action in time (the agenda's drag and drop).

    An open follow-up that was the default one moves with the action, so a
    meeting moved a day later keeps its follow-up seven days after it.
    """
    follow_up: Any = DEFAULT
    if action.follow_up_open:
        was_default = action.follow_up_at == default_follow_up(
            registry, action.author, action.starts_at
        )
        if was_default:
            follow_up = default_follow_up(registry, action.author, start)
    changes: dict[str, Any] = {"start": start, "end": end}
    if follow_up is not DEFAULT:
        changes["follow_up"] = follow_up
    return update_action(session, registry, action, actor=actor, tasks=tasks, **changes)


def set_follow_up(action: Action, when: dt.datetime | None) -> None:
    """Postpone (or bring forward) a follow-up; ``None`` clears it."""
    if when is not None and when.tzinfo is None:
        raise ValueError("naive datetime: give it a time zone")
    action.follow_up_at = _utc(when)
    action.follow_up_done_at = None
    # A new time deserves a new reminder.
    action.follow_up_reminded_at = None


def postpone_follow_up(
    action: Action, when: dt.datetime, actor: User, from_today: bool = False
) -> None:
    """ "Reporter la relance": the follow-up moves to ``when``. Added in 0.1.

    With ``from_today`` (the postpone button of the todo and the sheet), a
    past day is refused: it would put the follow-up straight back among the
    late ones, which is never what was meant. The agenda and the API may
    still place a follow-up on a past day, as records of what happened.
    Raises :class:`ActionErrors`.
    """
    if from_today and when.date() < dt.datetime.now(when.tzinfo).date():
        raise ActionErrors({"follow_up": _("Choose today or a later day.")})
    set_follow_up(action, when)
    action.updated_by_id = actor.id
    log.info("actions.follow_up.postponed action_id=%s", action.id)


def clear_follow_up(action: Action, actor: User) -> None:
    """ "Do not follow up": the action leaves the todo. Added in 0.1."""
    set_follow_up(action, None)
    action.updated_by_id = actor.id
    log.info("actions.follow_up.cleared action_id=%s", action.id)


def close_follow_up(action: Action) -> None:
    """Mark the follow-up done (the next action of the chain answers it)."""
    if action.follow_up_at is not None and action.follow_up_done_at is None:
        action.follow_up_done_at = utcnow()


def cancel_action(
    session: Session, registry, action: Action, *, actor: User, tasks=None
) -> None:
    """Cancel an action: it stays in its chain's history, its invitation is
    cancelled, and it leaves the todo and the agenda. Added in 0.1."""
    if action.cancelled_at is not None:
        return
    action.cancelled_at = utcnow()
    action.updated_by_id = actor.id
    session.flush()
    if action.invitation_uid is not None:
        from core.actions.invitations import send_cancellation

        send_cancellation(action, tasks or queue_outside_request(registry))
    log.info("actions.cancelled action_id=%s", action.id)


def follow_up_state(action: Action, registry, viewer: User, now=None) -> FollowUpState:
    """Upcoming, due (today in the viewer's zone) or late; none or done."""
    if action.follow_up_at is None or action.cancelled_at is not None:
        return FollowUpState.NONE
    if action.follow_up_done_at is not None:
        return FollowUpState.DONE
    zone = user_zone(viewer, registry)
    today = local_day(now or utcnow(), zone)
    day = local_day(action.follow_up_at, zone)
    if day < today:
        return FollowUpState.LATE
    if day == today:
        return FollowUpState.DUE
    return FollowUpState.UPCOMING


def chain_history(action: Action, access=None) -> list[Action]:
    """Every action of ``action``'s chain, oldest first.

    With ``access`` (the reader's), only those the reader may see: the
    actions of one chain may be about contacts the reader may not see.
    """
    found = sorted(action.chain.actions, key=lambda a: (a.starts_at, a.id))
    if access is None:
        return found
    return [item for item in found if item is action or access.can_view(item)]


def chain_time(actions: Iterable[Action]) -> dt.timedelta:
    """The time spent over a chain: the sum of its actions' durations."""
    total = dt.timedelta(0)
    for action in actions:
        if action.cancelled_at is None:
            total += action.duration
    return total
