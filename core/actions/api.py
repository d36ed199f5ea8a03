"""``/actions``, their chains and follow-ups, and ``/todo`` in the JSON API.

Writes go through :mod:`core.actions.services`, so the API keeps the same
rules as the form: the default follow-up, chaining, sanitised reports and
invitations kept in step.
"""

from __future__ import annotations

from sqlalchemy import func, select

from core.actions import queries, services, todo
from core.actions.api_schemas import (
    ActionCreate,
    ActionFilters,
    ActionOut,
    ActionPatch,
    ChainOut,
    FollowUpChange,
    TodoFilters,
    TodoOut,
)
from core.actions.budgets import BudgetRefused, budget_by_id
from core.actions.models import Action
from core.actions.services import ActionErrors
from core.api.errors import ApiError, invalid
from core.auth.models import User
from core.directory.models import Contact
from core.i18n import _

ACTION_SORT = {
    "start": Action.starts_at,
    "follow_up": Action.follow_up_at,
    "created_at": Action.created_at,
    "subject": func.lower(Action.subject),
}
# The API's field names for the services' own.
_FIELDS = {"type": "type_code", "start": "start", "end": "end"}


def load_action(call):
    """The action of the path, or nothing (404) when it is hidden."""
    action = call.dbsession.get(Action, call.ids["id"])
    if action is None or not call.request.access.can_view(action):
        return None
    return action


def _may_edit(call, action) -> None:
    if not call.request.access.can_edit(action):
        raise ApiError(403, "forbidden", _("You may not change this action."))


def _people(session, contact_ids, visitor_ids) -> tuple[dict, dict]:
    found, errors = {}, {}
    if contact_ids is not None:
        rows = session.scalars(select(Contact).where(Contact.id.in_(contact_ids)))
        contacts = {row.id: row for row in rows}
        if set(contact_ids) - set(contacts):
            errors["contact_ids"] = _("Choose contacts known in the base.")
        found["contacts"] = [contacts[i] for i in contact_ids if i in contacts]
    if visitor_ids is not None:
        query = select(User).where(User.id.in_(visitor_ids), User.active.is_(True))
        users = {row.id: row for row in session.scalars(query)}
        if set(visitor_ids) - set(users):
            errors["visitor_ids"] = _("Choose active users.")
        found["visitors"] = [users[i] for i in visitor_ids if i in users]
    return found, errors


def _budget(session, budget_id, errors: dict, current=None):
    try:
        return budget_by_id(session, budget_id, current)
    except BudgetRefused:
        errors["budget_id"] = BudgetRefused.message
        return None


def _refused(exc: ActionErrors) -> ApiError:
    names = {
        "contacts": "contact_ids",
        "visitors": "visitor_ids",
        "budget": "budget_id",
    }
    return invalid({names.get(key, key): value for key, value in exc.errors.items()})


def list_actions(call):
    wanted = call.query
    statement = queries.visible_actions(call.request.access)
    if wanted.user_id is not None:
        statement = statement.where(queries.involving([wanted.user_id]))
    if wanted.contact_id is not None:
        statement = statement.where(queries.with_contact(wanted.contact_id))
    if wanted.company_id is not None:
        statement = statement.where(queries.with_company(wanted.company_id))
    if wanted.chain_id is not None:
        statement = statement.where(Action.chain_id == wanted.chain_id)
    if wanted.budget_id is not None:
        statement = statement.where(Action.budget_id == wanted.budget_id)
    if wanted.type is not None:
        statement = statement.where(Action.type.has(code=wanted.type))
    statement = queries.in_period(statement, wanted.start_from, wanted.start_before)
    if wanted.q is not None:
        statement = statement.where(queries.subject_contains(wanted.q))
    if wanted.follow_up == "open":
        statement = statement.where(
            Action.follow_up_at.is_not(None), Action.follow_up_done_at.is_(None)
        )
    elif wanted.follow_up == "none":
        statement = statement.where(Action.follow_up_at.is_(None))
    elif wanted.follow_up == "done":
        statement = statement.where(Action.follow_up_done_at.is_not(None))
    if wanted.cancelled is not None:
        column = Action.cancelled_at
        statement = statement.where(
            column.is_not(None) if wanted.cancelled else column.is_(None)
        )
    return statement


def get_action(call):
    return call.target


def create_action(call):
    body = call.body
    session = call.dbsession
    found, errors = _people(session, body.contact_ids, body.visitor_ids)
    previous = None
    if body.previous_id is not None:
        previous = session.get(Action, body.previous_id)
        access = call.request.access
        if previous is None or not access.can_view(previous):
            errors["previous_id"] = _("No such action.")
        elif not access.can_edit(previous):
            errors["previous_id"] = _("You may not follow up this action.")
    budget = _budget(session, body.budget_id, errors)
    if errors:
        raise invalid(errors)
    extra = {}
    if "follow_up" in body.model_fields_set:
        extra["follow_up"] = body.follow_up
    try:
        return services.create_action(
            session,
            call.request.registry,
            author=call.user,
            type_code=body.type,
            subject=body.subject,
            start=body.start,
            end=body.end,
            report_html=body.report_html,
            budget=budget,
            previous=previous,
            invite=body.invite,
            tasks=call.request.tasks,
            origin="api",
            **found,
            **extra,
        )
    except ActionErrors as exc:
        raise _refused(exc) from None


def patch_action(call):
    action = call.target
    _may_edit(call, action)
    changes = call.body.changes()
    contact_ids = changes.pop("contact_ids", None)
    visitor_ids = changes.pop("visitor_ids", None)
    found, errors = _people(call.dbsession, contact_ids, visitor_ids)
    if "budget_id" in changes:
        budget_id = changes.pop("budget_id")
        found["budget"] = _budget(call.dbsession, budget_id, errors, action.budget)
    if errors:
        raise invalid(errors)
    values = {_FIELDS.get(name, name): value for name, value in changes.items()}
    try:
        services.update_action(
            call.dbsession,
            call.request.registry,
            action,
            actor=call.user,
            tasks=call.request.tasks,
            **values,
            **found,
        )
    except ActionErrors as exc:
        raise _refused(exc) from None
    return action


def change_follow_up(call):
    action = call.target
    _may_edit(call, action)
    if call.body.follow_up is None:
        services.clear_follow_up(action, call.user)
    else:
        services.postpone_follow_up(action, call.body.follow_up, call.user)
    return action


def cancel_action(call):
    action = call.target
    _may_edit(call, action)
    services.cancel_action(
        call.dbsession,
        call.request.registry,
        action,
        actor=call.user,
        tasks=call.request.tasks,
    )
    return action


def get_chain(call):
    history = services.chain_history(call.target, call.request.access)
    spent = services.chain_time(history)
    return ChainOut(
        id=call.target.chain_id,
        actions=[ActionOut.of(action) for action in history],
        time_spent_minutes=int(spent.total_seconds() // 60),
    )


def get_todo(call):
    wanted = call.query
    request, session, me = call.request, call.dbsession, call.user
    user_ids = [me.id]
    if wanted.user_id is not None and wanted.user_id != me.id:
        if not request.has_permission("actions.team"):
            raise ApiError(403, "forbidden", _("You may not see this todo."))
        user_ids = [wanted.user_id]
    kinds = todo.KINDS if wanted.kind == "all" else (wanted.kind,)
    chosen = todo.TodoFilter(
        user_ids=user_ids,
        start=wanted.start,
        end=wanted.end,
        text=wanted.q or "",
        kinds=kinds,
        reverse=wanted.order == "desc",
        without_report=wanted.without_report,
    )
    items = todo.todo_items(session, request.registry, request.access, chosen)
    counts = todo.counters(session, request.registry, request.access, user_ids)
    return TodoOut(
        counters={
            "today": counts.today,
            "late": counts.late,
            "without_report": counts.without_report,
        },
        items=[
            {
                "kind": item.kind,
                "at": item.at,
                "state": item.state.value,
                "action": ActionOut.of(item.action),
                "comment": item.comment.body if item.comment else None,
            }
            for item in items
        ],
    )


def includeme(config):
    add = config.add_api_operation
    add(
        "actions.list",
        "GET",
        "/actions",
        list_actions,
        summary=_("List actions"),
        query=ActionFilters,
        response=ActionOut,
        paginated=True,
        sort=ACTION_SORT,
        default_sort="-start",
    )
    add(
        "actions.create",
        "POST",
        "/actions",
        create_action,
        summary=_("Record an action"),
        description=_("Give `previous_id` to plan the next action of a chain."),
        body=ActionCreate,
        response=ActionOut,
        status=201,
        location="/actions/{id}",
    )
    add(
        "actions.get",
        "GET",
        "/actions/{id}",
        get_action,
        summary=_("Read an action"),
        response=ActionOut,
        load=load_action,
    )
    add(
        "actions.patch",
        "PATCH",
        "/actions/{id}",
        patch_action,
        summary=_("Change an action"),
        description=_("An invitation already sent is updated for the contacts."),
        body=ActionPatch,
        response=ActionOut,
        load=load_action,
        errors=(403,),
    )
    add(
        "actions.follow_up",
        "POST",
        "/actions/{id}/follow-up",
        change_follow_up,
        summary=_("Postpone or clear a follow-up"),
        body=FollowUpChange,
        response=ActionOut,
        load=load_action,
        errors=(403,),
    )
    add(
        "actions.cancel",
        "POST",
        "/actions/{id}/cancel",
        cancel_action,
        summary=_("Cancel an action"),
        response=ActionOut,
        load=load_action,
        errors=(403,),
    )
    add(
        "actions.chain",
        "GET",
        "/actions/{id}/chain",
        get_chain,
        summary=_("Read the chain of an action"),
        response=ChainOut,
        load=load_action,
    )
    add(
        "todo.get",
        "GET",
        "/todo",
        get_todo,
        summary=_("Read the todo"),
        query=TodoFilters,
        response=TodoOut,
        errors=(403,),
    )
