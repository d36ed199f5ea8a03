"""Bulk changes on a list's rows: each one recorded, large ones in a task.

An operation receives the ids of the rows it applies to, so the same code
runs inline for a few rows and in the worker for thousands; the
:class:`ListOperation` row records who did what and how far it got.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.auth.models import User
from core.directory.models import (
    Company,
    CompanyFollow,
    CompanyPortfolio,
    Contact,
    ContactFollow,
    ContactPortfolio,
)
from core.forms import get_by_id
from core.i18n import _
from core.lists import emailing
from core.lists.models import COMPANY, CONTACT, ListOperation, ListRow, RecordList
from core.reference.models import Situation

log = logging.getLogger(__name__)

# Above this many rows the change runs in the worker and the page follows it.
INLINE_LIMIT = 200
BATCH = 200


class BulkError(ValueError):
    """A refused parameter; ``errors`` maps each form field to its message."""

    def __init__(self, message, field: str | None = None, errors: dict | None = None):
        super().__init__(str(message))
        self.message = message
        self.errors = errors or ({field: message} if field else {})


def _refuse(errors: dict) -> None:
    """Refuse every wrong field at once, so the form shows them together."""
    if errors:
        raise BulkError(next(iter(errors.values())), errors=errors)


@dataclass
class Context:
    """What an operation works with, in a request or in the worker."""

    session: Session
    registry: object
    user: User
    record_list: RecordList
    parameters: dict
    # Queues mail and other tasks: after the commit in a request.
    tasks: object


@dataclass(frozen=True)
class Operation:
    name: str
    title: object
    kinds: tuple[str, ...]
    # run(context, rows), once per batch of rows
    run: Callable
    permission: str = "lists.use"
    check: Callable | None = None  # check(session, parameters) -> parameters
    # The form fields the operation reads: the form shows only these.
    fields: tuple[str, ...] = ()


def _companies_of(session: Session, record_list: RecordList, rows) -> list[int]:
    if record_list.kind == COMPANY:
        return [row.company_id for row in rows]
    ids = [row.contact_id for row in rows]
    found = session.scalars(
        select(Contact.company_id).where(
            Contact.id.in_(ids), Contact.company_id.is_not(None)
        )
    )
    return sorted(set(found))


def _remove(ctx: Context, rows) -> None:
    for row in rows:
        row.removed = True
        row.selected = False


def _check_situation(session, parameters):
    value = str(parameters.get("situation_id", ""))
    situation = get_by_id(session, Situation, value)
    if situation is None or not situation.active:
        raise BulkError(_("Choose a situation."), "situation_id")
    return {"situation_id": situation.id}


def _situation(ctx: Context, rows) -> None:
    ids = _companies_of(ctx.session, ctx.record_list, rows)
    for company in ctx.session.scalars(select(Company).where(Company.id.in_(ids))):
        company.situation_id = ctx.parameters["situation_id"]
        company.updated_by_id = ctx.user.id


def _check_salesperson(session, parameters):
    value = str(parameters.get("user_id", ""))
    person = get_by_id(session, User, value)
    if person is None or not person.active:
        raise BulkError(_("Choose a salesperson."), "user_id")
    mode = "replace" if parameters.get("mode") == "replace" else "add"
    return {"user_id": person.id, "mode": mode}


ASSIGN = "directory.assign"


def _touches_others(user: User, parameters: dict) -> bool:
    """Whether the change reaches beyond the user's own portfolio.

    Putting a record in (or out of) one's own portfolio is the star of its
    sheet; naming another owner, or replacing the current ones, is the
    pencil, which needs ``directory.assign`` and the right to change the
    record.
    """
    return parameters["user_id"] != user.id or parameters.get("mode") == "replace"


def refused_fields(user: User, has_permission, operation, parameters) -> dict:
    """The fields this user may not send to ``operation``, with the reason."""
    if operation.name not in ("portfolio", "unassign"):
        return {}
    if _touches_others(user, parameters) and not has_permission(ASSIGN):
        if parameters.get("mode") == "replace":
            message = _("You may not replace the owners of these records.")
        else:
            message = _("You may only change your own portfolio.")
        return {"user_id": message}
    return {}


def _portfolio_of(ctx: Context, rows):
    """The portfolio table of the list's kind and the records it may change.

    A contact list changes the contacts' own portfolios, a company list the
    companies'. The rows are those the user sees; for another's portfolio
    only the records the user may change are kept, as on a sheet.
    """
    from core.access.policy import access_for

    kind = ctx.record_list.kind
    if kind == COMPANY:
        table, column = CompanyPortfolio, CompanyPortfolio.company_id
    else:
        table, column = ContactPortfolio, ContactPortfolio.contact_id
    ids = sorted(set(_record_ids(ctx.record_list, rows)))
    if not _touches_others(ctx.user, ctx.parameters):
        return table, column, ids
    access = access_for(ctx.session, ctx.registry, ctx.user)
    if not access.holds(ASSIGN):
        return table, column, []
    model = Company if kind == COMPANY else Contact
    allowed = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(model.id).where(model.id.in_(chunk), access.editable(kind))
        allowed.update(ctx.session.scalars(query))
    if len(allowed) < len(ids):
        # Said on the page once the operation is done, as the e-mailing's skips.
        skipped = ctx.parameters.get("not_allowed", 0) + len(ids) - len(allowed)
        ctx.parameters["not_allowed"] = skipped
        log.info(
            "lists.bulk.portfolio_skipped list_id=%s user_id=%s skipped=%s",
            ctx.record_list.id,
            ctx.user.id,
            len(ids) - len(allowed),
        )
    return table, column, sorted(allowed)


def _portfolio(ctx: Context, rows) -> None:
    """Add the salesperson to each record's owners, or make them the only one."""
    session = ctx.session
    table, column, ids = _portfolio_of(ctx, rows)
    owner = ctx.parameters["user_id"]
    if ctx.parameters["mode"] == "replace":
        session.execute(delete(table).where(column.in_(ids), table.user_id != owner))
    mine = table.user_id == owner
    held = set(session.scalars(select(column).where(column.in_(ids), mine)))
    for ident in ids:
        if ident not in held:
            session.add(table(user_id=owner, **{column.key: ident}))


def _unassign(ctx: Context, rows) -> None:
    table, column, ids = _portfolio_of(ctx, rows)
    ctx.session.execute(
        delete(table).where(column.in_(ids), table.user_id == ctx.parameters["user_id"])
    )


def _follow_model(record_list):
    if record_list.kind == COMPANY:
        return CompanyFollow, CompanyFollow.company_id, "company_id"
    return ContactFollow, ContactFollow.contact_id, "contact_id"


def _record_ids(record_list, rows) -> list[int]:
    if record_list.kind == COMPANY:
        return [row.company_id for row in rows]
    return [row.contact_id for row in rows]


def _follow(ctx: Context, rows) -> None:
    model, column, key = _follow_model(ctx.record_list)
    ids = _record_ids(ctx.record_list, rows)
    mine = model.user_id == ctx.user.id
    held = set(ctx.session.scalars(select(column).where(column.in_(ids), mine)))
    for ident in ids:
        if ident not in held:
            ctx.session.add(model(user_id=ctx.user.id, **{key: ident}))


def _unfollow(ctx: Context, rows) -> None:
    model, column, _key = _follow_model(ctx.record_list)
    ids = _record_ids(ctx.record_list, rows)
    mine = model.user_id == ctx.user.id
    ctx.session.execute(delete(model).where(column.in_(ids), mine))


def _check_action(session, parameters):
    from core.reference.models import ActionType

    errors = {}
    code = str(parameters.get("type_code", ""))
    found = session.scalar(
        select(ActionType).where(ActionType.code == code, ActionType.active.is_(True))
    )
    if found is None:
        errors["type_code"] = _("Choose a type of action.")
    subject = " ".join(str(parameters.get("subject", "")).split())[:200]
    if not subject:
        errors["subject"] = _("Give the actions a subject.")
    day = str(parameters.get("date", ""))
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        errors["date"] = _("Enter a date, e.g. 31/12/2026.")
    _refuse(errors)
    return {"type_code": code, "subject": subject, "date": date.isoformat()}


def _actions(ctx: Context, rows) -> None:
    """One commercial action, with its follow-up, for each contact."""
    import zoneinfo

    from core.actions.services import create_action

    zone = zoneinfo.ZoneInfo(ctx.user.timezone or "Europe/Paris")
    day = dt.date.fromisoformat(ctx.parameters["date"])
    start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=zone)
    ids = [row.contact_id for row in rows]
    contacts = ctx.session.scalars(select(Contact).where(Contact.id.in_(ids))).all()
    for contact in contacts:
        create_action(
            ctx.session,
            ctx.registry,
            author=ctx.user,
            type_code=ctx.parameters["type_code"],
            subject=ctx.parameters["subject"],
            start=start,
            contacts=[contact],
            origin="list",
            tasks=ctx.tasks,
        )


def _check_emailing(session, parameters):
    errors = {}
    subject = " ".join(str(parameters.get("mail_subject", "")).split())[:200]
    body = str(parameters.get("mail_body", "")).strip()
    if not subject:
        errors["mail_subject"] = _("Give the e-mail a subject.")
    if len(body) > emailing.MAX_BODY:
        body = ""
    body = emailing.body_html(body) if body else None
    if body is None:
        errors["mail_body"] = _("Write the message (20,000 characters at most).")
    for name, text in (("mail_subject", subject), ("mail_body", body or "")):
        unknown = emailing.unknown_placeholders(text)
        if unknown and name not in errors:
            errors[name] = _(
                "Unknown placeholder: ${unknown}. The known ones are ${known}.",
                mapping={
                    "unknown": ", ".join(unknown),
                    "known": emailing.known_placeholders(),
                },
            )
    _refuse(errors)
    return {
        "mail_subject": subject,
        "mail_body": body,
        "unsubscribe_url": str(parameters.get("unsubscribe_url", "")),
        "unsubscribe_footer": str(parameters.get("unsubscribe_footer", "")),
    }


def _emailing(ctx: Context, rows) -> None:
    """Queue one message per contact who may be contacted and has an address."""
    secret = ctx.registry.relais_settings["relais.secret"]
    footer = ctx.parameters.get("unsubscribe_footer") or str(emailing.FOOTER)
    ids = [row.contact_id for row in rows]
    query = select(Contact).where(
        Contact.id.in_(ids),
        Contact.do_not_contact.is_(False),
        Contact.email.is_not(None),
        Contact.email != "",
    )
    sent = 0
    for contact in ctx.session.scalars(query.order_by(Contact.id)):
        token = emailing.unsubscribe_token(secret, contact.id)
        link = ctx.parameters["unsubscribe_url"].replace("TOKEN", token)
        payload = emailing.message_for(
            contact,
            ctx.parameters["mail_subject"],
            ctx.parameters["mail_body"],
            link,
            footer,
            ctx.user,
        )
        ctx.tasks.enqueue("core.send_mail", payload)
        sent += 1
    ctx.parameters["sent"] = ctx.parameters.get("sent", 0) + sent


def _check_keyword(session, parameters):
    from core.keywords.models import Keyword

    value = str(parameters.get("keyword_id", ""))
    keyword = get_by_id(session, Keyword, value)
    if keyword is None or not keyword.active:
        raise BulkError(_("Choose a keyword."), "keyword_id")
    return {"keyword_id": keyword.id}


def _check_qualification(session, parameters):
    from core.keywords.models import Qualification

    value = str(parameters.get("qualification_id", ""))
    found = get_by_id(session, Qualification, value)
    if found is None or not found.active:
        raise BulkError(_("Choose a qualification."), "qualification_id")
    return {"qualification_id": found.id}


def _tags(ctx: Context, rows, model, column: str, add: bool) -> None:
    """Put a keyword or qualification on the rows' records, or take it off."""
    kind = ctx.record_list.kind
    ids = _record_ids(ctx.record_list, rows)
    value = ctx.parameters[column]
    same = (model.target_kind == kind, getattr(model, column) == value)
    if not add:
        ctx.session.execute(delete(model).where(*same, model.target_id.in_(ids)))
        return
    held = set(
        ctx.session.scalars(
            select(model.target_id).where(*same, model.target_id.in_(ids))
        )
    )
    for ident in ids:
        if ident not in held:
            ctx.session.add(model(target_kind=kind, target_id=ident, **{column: value}))


def _keyword_add(ctx: Context, rows) -> None:
    from core.keywords.models import RecordKeyword

    _tags(ctx, rows, RecordKeyword, "keyword_id", True)


def _keyword_remove(ctx: Context, rows) -> None:
    from core.keywords.models import RecordKeyword

    _tags(ctx, rows, RecordKeyword, "keyword_id", False)


def _qualification_add(ctx: Context, rows) -> None:
    from core.keywords.models import RecordQualification

    _tags(ctx, rows, RecordQualification, "qualification_id", True)


def _qualification_remove(ctx: Context, rows) -> None:
    from core.keywords.models import RecordQualification

    _tags(ctx, rows, RecordQualification, "qualification_id", False)


BOTH = (COMPANY, CONTACT)

OPERATIONS = (
    Operation("remove", _("Remove from the list"), (COMPANY, CONTACT), _remove),
    Operation(
        "situation",
        _("Assign a situation"),
        (COMPANY, CONTACT),
        _situation,
        "directory.edit",
        _check_situation,
        fields=("situation_id",),
    ),
    Operation(
        "portfolio",
        _("Assign to a salesperson's portfolio"),
        (COMPANY, CONTACT),
        _portfolio,
        "directory.edit",
        _check_salesperson,
        fields=("user_id", "mode"),
    ),
    Operation(
        "unassign",
        _("Remove from a salesperson's portfolio"),
        (COMPANY, CONTACT),
        _unassign,
        "directory.edit",
        _check_salesperson,
        fields=("user_id",),
    ),
    Operation(
        "keyword_add",
        _("Assign a keyword"),
        BOTH,
        _keyword_add,
        "directory.edit",
        _check_keyword,
        fields=("keyword_id",),
    ),
    Operation(
        "keyword_remove",
        _("Remove a keyword"),
        BOTH,
        _keyword_remove,
        "directory.edit",
        _check_keyword,
        fields=("keyword_id",),
    ),
    Operation(
        "qualification_add",
        _("Assign a qualification"),
        BOTH,
        _qualification_add,
        "directory.edit",
        _check_qualification,
        fields=("qualification_id",),
    ),
    Operation(
        "qualification_remove",
        _("Remove a qualification"),
        BOTH,
        _qualification_remove,
        "directory.edit",
        _check_qualification,
        fields=("qualification_id",),
    ),
    Operation("follow", _("Follow"), (COMPANY, CONTACT), _follow),
    Operation("unfollow", _("Stop following"), (COMPANY, CONTACT), _unfollow),
    Operation(
        "actions",
        _("Create a commercial action for each contact"),
        (CONTACT,),
        _actions,
        "actions.edit",
        _check_action,
        fields=("type_code", "subject", "date"),
    ),
    Operation(
        "emailing",
        _("Send an e-mailing"),
        (CONTACT,),
        _emailing,
        "lists.emailing",
        _check_emailing,
        fields=("mail_subject", "mail_body"),
    ),
)
BY_NAME = {operation.name: operation for operation in OPERATIONS}


# The form's choice that is no bulk operation: another list's rows come in.
IMPORT_LIST_FIELDS = ("source_id",)

# Changes made to the list as a whole, recorded beside the bulk actions.
LIST_CHANGES = {
    "import_list": _("Import another list into this one"),
    "duplicate": _("Duplicate the list"),
    "delete": _("Delete the list"),
}


def record_done(
    session: Session,
    user: User,
    record_list: RecordList,
    name: str,
    count: int,
    parameters: dict | None = None,
) -> ListOperation:
    """Record a change made to the whole list at once (import, copy, delete).

    The record outlives a deleted list (its ``list_id`` becomes empty), so
    who deleted which list stays known.
    """
    record = ListOperation(
        list_id=record_list.id,
        user_id=user.id,
        operation=name,
        target="list",
        parameters={"list_name": record_list.name, **(parameters or {})},
        total=count,
        done=count,
        status="done",
        finished_at=dt.datetime.now(dt.UTC),
    )
    session.add(record)
    session.flush()
    log.info(
        "lists.%s list_id=%s user_id=%s rows=%s",
        name,
        record_list.id,
        user.id,
        count,
    )
    return record


def operations_for(request, record_list) -> list[Operation]:
    return [
        operation
        for operation in OPERATIONS
        if record_list.kind in operation.kinds
        and request.has_permission(operation.permission)
    ]


def check_parameters(session: Session, operation: Operation, parameters: dict):
    """The parameters the operation keeps; a :class:`BulkError` names the wrong."""
    if operation.check is None:
        return parameters
    return operation.check(session, parameters)


def start(
    session: Session,
    user: User,
    record_list: RecordList,
    operation: Operation,
    target: str,
    rows: list[ListRow],
    parameters: dict,
    checked: bool = False,
) -> ListOperation:
    """Record the operation; the caller runs it inline or queues it.

    ``checked`` says the caller already ran :func:`check_parameters`.
    """
    if not checked:
        parameters = check_parameters(session, operation, parameters)
    record = ListOperation(
        list_id=record_list.id,
        user_id=user.id,
        operation=operation.name,
        target=target,
        parameters={**parameters, "row_ids": [row.id for row in rows]},
        total=len(rows),
    )
    session.add(record)
    session.flush()
    log.info(
        "lists.bulk.started op_id=%s list_id=%s operation=%s rows=%s",
        record.id,
        record_list.id,
        operation.name,
        len(rows),
    )
    return record


def run_batches(
    session: Session, registry, record: ListOperation, tasks, batches=None
) -> bool:
    """Apply the operation to its rows, batch by batch, counting progress.

    ``batches`` limits how many batches run in this call (the worker commits
    after each one so the page sees the progress); return whether all done.
    """
    operation = BY_NAME[record.operation]
    parameters = dict(record.parameters)
    row_ids = parameters.pop("row_ids")
    ctx = Context(
        session,
        registry,
        session.get(User, record.user_id),
        session.get(RecordList, record.list_id),
        parameters,
        tasks,
    )
    starts = range(record.done, len(row_ids), BATCH)
    for begin in list(starts)[:batches]:
        chunk = row_ids[begin : begin + BATCH]
        rows = session.scalars(select(ListRow).where(ListRow.id.in_(chunk))).all()
        operation.run(ctx, rows)
        record.done = min(len(row_ids), begin + BATCH)
        session.flush()
    if "sent" in parameters:
        record.parameters = {**record.parameters, "sent": parameters["sent"]}
        record.message = f"sent={parameters['sent']}"
    if "not_allowed" in parameters:
        skipped = parameters["not_allowed"]
        record.parameters = {**record.parameters, "not_allowed": skipped}
        record.message = f"not_allowed={skipped}"
    if record.done < len(row_ids):
        return False
    record.status = "done"
    record.finished_at = dt.datetime.now(dt.UTC)
    log.info("lists.bulk.done op_id=%s rows=%s", record.id, record.total)
    return True


class _AfterCommit:
    """Hold the tasks an operation queues until its transaction committed."""

    def __init__(self, registry):
        self.registry = registry
        self.pending: list[tuple[str, tuple]] = []

    def enqueue(self, name: str, *args) -> None:
        self.pending.append((name, args))

    def flush(self) -> None:
        from core.tasks import TaskQueue

        queue = TaskQueue(self.registry)
        for name, args in self.pending:
            queue.enqueue(name, *args)
        self.pending.clear()


def bulk_task(registry, operation_id: int) -> None:
    """The worker's side: one transaction per batch, so progress shows.

    Each batch's mail and tasks leave once that batch is committed; after a
    failure the operation says how far it got (the batches before stay
    done, as their messages already left).
    """
    from core.db import run_in_transaction

    queued = _AfterCommit(registry)

    def one_batch(session) -> bool:
        record = session.get(ListOperation, operation_id)
        if record is None or record.status != "running":
            return True
        return run_batches(session, registry, record, queued, batches=1)

    try:
        while not run_in_transaction(registry, one_batch):
            queued.flush()
        queued.flush()
    except Exception:
        log.exception("lists.bulk.failed op_id=%s", operation_id)
        queued.pending.clear()

        def failed(session):
            record = session.get(ListOperation, operation_id)
            record.status = "failed"
            record.finished_at = dt.datetime.now(dt.UTC)

        run_in_transaction(registry, failed)
