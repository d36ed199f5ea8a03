"""List use cases: create, fill, work the rows, regenerate, copy, delete.

Services take the session (and the user's access where visibility matters)
and raise :class:`ListError` with a message for the page.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from core.auth.models import User, utcnow
from core.directory.models import Company, Contact
from core.i18n import _
from core.lists.models import (
    BY_CRITERIA,
    BY_HAND,
    COMPANY,
    CONTACT,
    KINDS,
    VISIBILITIES,
    ListCriteria,
    ListInfo,
    ListRow,
    ListType,
    RecordList,
)

log = logging.getLogger(__name__)

MAX_INFO = 80
# Notes of the criteria history are stored as codes and worded when shown, in
# the reader's language; "Created" is the English text stored before the codes.
CREATED = "created"
CRITERIA_NOTES = {CREATED: _("Created"), "Created": _("Created")}


class ListError(Exception):
    """A refused change to a list, with the message for the page."""

    def __init__(self, message, field: str = "__all__"):
        super().__init__(str(message))
        self.message = message
        self.field = field


class ListForbidden(ListError):
    """A change only the owner of the list (or an administrator) may make."""


# The settings that decide who sees and who changes a list.
OWNER_SETTINGS = ("visibility", "owner_id", "allow_modification")


def model_of(kind: str):
    return Company if kind == COMPANY else Contact


def row_column(kind: str):
    return ListRow.company_id if kind == COMPANY else ListRow.contact_id


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ListError(_("Give the list a name."), "name")
    if len(name) > 200:
        raise ListError(_("This text is too long."), "name")
    return name


def _check_type(session: Session, type_id: int | None) -> None:
    if type_id is not None:
        chosen = session.get(ListType, type_id)
        if chosen is None or not chosen.active:
            raise ListError(_("Choose one of the proposed values."), "type_id")


def create_list(
    session: Session,
    owner: User,
    name: str,
    kind: str,
    type_id: int | None = None,
    visibility: str = "private",
    allow_modification: bool = False,
    criteria: dict | None = None,
    author: User | None = None,
) -> RecordList:
    """A new list of ``owner``'s; ``author`` made it (the owner by default)."""
    author = author or owner
    name = _check_name(name)
    if kind not in KINDS:
        raise ListError(_("Choose one of the proposed values."), "kind")
    if visibility not in VISIBILITIES:
        raise ListError(_("Choose one of the proposed values."), "visibility")
    _check_type(session, type_id)
    record_list = RecordList(
        name=name,
        kind=kind,
        type_id=type_id,
        owner_id=owner.id,
        visibility=visibility,
        allow_modification=allow_modification,
        criteria=criteria,
    )
    session.add(record_list)
    session.flush()
    if criteria is not None:
        remember_criteria(session, record_list, criteria, author, CREATED)
    log.info(
        "lists.created list_id=%s kind=%s owner_id=%s user_id=%s",
        record_list.id,
        kind,
        owner.id,
        author.id,
    )
    return record_list


def list_owner(session: Session, user_id) -> User:
    """The active user ``user_id``, who may own a list."""
    owner = session.get(User, user_id) if user_id else None
    if owner is None or not owner.active:
        raise ListError(_("Choose one of the proposed values."), "owner_id")
    return owner


def update_list(
    session: Session, record_list: RecordList, user: User, changes: dict
) -> RecordList:
    """Change the list's settings; ``changes`` holds only the fields sent.

    Name, type and description are for whoever may change the list; its
    visibility, owner and modification flag for its owner or an
    administrator: anyone else sending a different value is refused with
    :class:`ListForbidden` (the same value, as an older form sends it, is
    accepted). Nothing is changed when one field is refused.
    """
    from core.lists.access import can_manage

    changes = dict(changes)
    manager = can_manage(user, record_list)
    for field in OWNER_SETTINGS:
        if field not in changes or manager:
            continue
        if changes[field] != getattr(record_list, field):
            log.warning(
                "lists.setting_refused list_id=%s field=%s user_id=%s",
                record_list.id,
                field,
                user.id,
            )
            raise ListForbidden(_("Only the owner of the list changes this."), field)
        del changes[field]
    if "name" in changes:
        changes["name"] = _check_name(changes["name"])
    if "type_id" in changes:
        _check_type(session, changes["type_id"])
    if "visibility" in changes and changes["visibility"] not in VISIBILITIES:
        raise ListError(_("Choose one of the proposed values."), "visibility")
    if "owner_id" in changes:
        list_owner(session, changes["owner_id"])
    if "allow_modification" in changes:
        changes["allow_modification"] = bool(changes["allow_modification"])
    for field, value in changes.items():
        setattr(record_list, field, value)
    log.info(
        "lists.updated list_id=%s fields=%s user_id=%s",
        record_list.id,
        ",".join(sorted(changes)),
        user.id,
    )
    return record_list


def remember_criteria(session, record_list, criteria, user, note=None) -> None:
    """Keep this version of the criteria in the list's history."""
    record_list.criteria = criteria
    session.add(
        ListCriteria(
            list_id=record_list.id,
            criteria=criteria,
            note=str(note)[:200] if note else None,
            created_by_id=user.id if user else None,
        )
    )


def criteria_note(note: str):
    """The message to show for a stored note; a note of free text as it is."""
    return CRITERIA_NOTES.get(note, note)


def criteria_history(session: Session, record_list: RecordList) -> list[ListCriteria]:
    query = select(ListCriteria).where(ListCriteria.list_id == record_list.id)
    return session.scalars(query.order_by(ListCriteria.id.desc())).all()


def existing_rows(session: Session, record_list: RecordList) -> dict[int, ListRow]:
    column = row_column(record_list.kind)
    rows = session.scalars(select(ListRow).where(ListRow.list_id == record_list.id))
    return {getattr(row, column.key): row for row in rows}


def add_records(
    session: Session,
    record_list: RecordList,
    ids: Iterable[int],
    origin: str = BY_HAND,
) -> int:
    """Add companies or contacts to the list; return how many came in.

    A row that was removed by hand comes back when added by hand again; a
    row already there keeps its marks.
    """
    model = model_of(record_list.kind)
    wanted = sorted(set(int(i) for i in ids))
    known = existing_rows(session, record_list)
    valid = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        valid.update(session.scalars(select(model.id).where(model.id.in_(chunk))))
    added = 0
    column = row_column(record_list.kind).key
    for ident in wanted:
        if ident not in valid:
            continue
        row = known.get(ident)
        if row is None:
            session.add(
                ListRow(list_id=record_list.id, origin=origin, **{column: ident})
            )
            added += 1
        elif row.removed and origin == BY_HAND:
            row.removed = False
            row.origin = BY_HAND
            added += 1
    session.flush()
    record_list.updated_at = utcnow()
    return added


def remove_rows(session: Session, record_list: RecordList, row_ids) -> int:
    """Take rows out by hand; regenerating will not bring them back."""
    ids = list(row_ids)
    if not ids:
        return 0
    result = session.execute(
        update(ListRow)
        .where(ListRow.list_id == record_list.id, ListRow.id.in_(ids))
        .values(removed=True, selected=False)
    )
    return result.rowcount


def regenerate(
    session: Session, record_list: RecordList, matching_ids: Iterable[int]
) -> dict[str, int]:
    """Bring the list in step with its criteria run against today's base.

    New matches come in; rows that came from the criteria and no longer
    match go, unless someone marked them (an info, hidden, selected, a call
    or meeting recorded from the row).
    Rows added or removed by hand stay as they were.
    """
    matching = set(int(i) for i in matching_ids)
    known = existing_rows(session, record_list)
    added = add_records(session, record_list, matching - set(known), BY_CRITERIA)
    dropped = 0
    for ident, row in known.items():
        if ident in matching or row.origin != BY_CRITERIA or row.removed:
            continue
        if row.info_id is None and not (row.hidden or row.selected):
            if row.last_action_id is not None:
                continue
            session.delete(row)
            dropped += 1
    record_list.regenerated_at = dt.datetime.now(dt.UTC)
    session.flush()
    return {"added": added, "dropped": dropped}


def info_for(session: Session, record_list: RecordList, label: str) -> ListInfo | None:
    """The list's info value called ``label``, created on first use."""
    label = " ".join((label or "").split())
    if not label:
        return None
    if len(label) > MAX_INFO:
        raise ListError(_("This text is too long."), "info")
    for info in record_list.infos:
        if info.label.casefold() == label.casefold():
            return info
    # Two people may type the same new value at the same instant: the one
    # whose insert loses the race takes the value the other one created.
    try:
        with session.begin_nested():
            info = ListInfo(list_id=record_list.id, label=label)
            session.add(info)
    except IntegrityError:
        session.expire(record_list, ["infos"])
        info = session.scalar(
            select(ListInfo).where(
                ListInfo.list_id == record_list.id, ListInfo.label == label
            )
        )
    else:
        session.expire(record_list, ["infos"])
    return info


def get_row(session: Session, record_list: RecordList, row_id: int) -> ListRow:
    row = session.get(ListRow, row_id)
    if row is None or row.list_id != record_list.id or row.removed:
        raise LookupError(row_id)
    return row


def duplicate_list(session: Session, record_list: RecordList, user: User, name=None):
    """A copy owned by ``user`` with the same rows, marks and infos."""
    copy = create_list(
        session,
        user,
        name or _copy_name(record_list.name),
        record_list.kind,
        record_list.type_id,
        record_list.visibility,
        record_list.allow_modification,
        record_list.criteria,
    )
    infos = {info.id: info_for(session, copy, info.label) for info in record_list.infos}
    rows = session.scalars(select(ListRow).where(ListRow.list_id == record_list.id))
    for row in rows:
        session.add(
            ListRow(
                list_id=copy.id,
                company_id=row.company_id,
                contact_id=row.contact_id,
                origin=row.origin,
                removed=row.removed,
                hidden=row.hidden,
                selected=row.selected,
                info_id=infos[row.info_id].id if row.info_id else None,
                last_action_id=row.last_action_id,
            )
        )
    session.flush()
    return copy


def _copy_name(name: str) -> str:
    return (name + " (copie)")[:200]


def import_list(session: Session, target: RecordList, source: RecordList) -> int:
    """Append the rows of another list of the same kind (by hand)."""
    if source.kind != target.kind:
        raise ListError(_("Only a list of the same kind can be imported."), "source")
    column = row_column(source.kind)
    ids = session.scalars(
        select(column).where(ListRow.list_id == source.id, ListRow.removed.is_(False))
    ).all()
    return add_records(session, target, ids, BY_HAND)


def delete_list(session: Session, record_list: RecordList) -> None:
    session.execute(delete(ListRow).where(ListRow.list_id == record_list.id))
    session.delete(record_list)
    session.flush()
    log.info("lists.deleted list_id=%s", record_list.id)


def move_rows(session: Session, kind: str, old_id: int, new_id: int) -> int:
    """Rows of ``old_id`` now point at ``new_id`` (after a merge).

    Where a list already holds ``new_id`` the old row goes, its marks kept
    on the surviving row when it had none.
    """
    column = row_column(kind)
    old_rows = session.scalars(select(ListRow).where(column == old_id)).all()
    moved = 0
    for row in old_rows:
        survivor = session.scalar(
            select(ListRow).where(ListRow.list_id == row.list_id, column == new_id)
        )
        if survivor is None:
            setattr(row, column.key, new_id)
            moved += 1
            continue
        survivor.info_id = survivor.info_id or row.info_id
        survivor.hidden = survivor.hidden or row.hidden
        survivor.selected = survivor.selected or row.selected
        survivor.last_action_id = survivor.last_action_id or row.last_action_id
        session.delete(row)
    session.flush()
    return moved


@dataclass
class Counters:
    shown: int = 0
    hidden: int = 0
    selected: int = 0
    unselected: int = 0
    infos: dict | None = None


def active_condition(kind: str):
    """Rows whose record is active (D-04: a deactivated company is gone)."""
    if kind == COMPANY:
        return Company.active.is_(True)
    company = aliased(Company)
    # NOT EXISTS rather than "no company OR in the active ones": PostgreSQL
    # planned the OR as a hash of every contact, so each page of an export
    # read the whole rest of the list (134 ms a page at 100,000 rows, 1 ms).
    return and_(
        Contact.active.is_(True),
        ~exists().where(company.id == Contact.company_id, company.active.is_(False)),
    )


def base_rows(record_list: RecordList, access=None):
    """The live rows of the list that the user may see, joined to records."""
    model = model_of(record_list.kind)
    column = row_column(record_list.kind)
    query = (
        select(ListRow)
        .join(model, model.id == column)
        .where(
            ListRow.list_id == record_list.id,
            ListRow.removed.is_(False),
            active_condition(record_list.kind),
        )
    )
    if access is not None:
        query = query.where(access.filter(record_list.kind))
    return query


def counters(session: Session, record_list: RecordList, access=None) -> Counters:
    rows = base_rows(record_list, access).subquery()
    result = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(rows.c.hidden.cast(int_type())), 0),
            func.coalesce(func.sum(rows.c.selected.cast(int_type())), 0),
        ).select_from(rows)
    ).one()
    total, hidden, selected = (int(value or 0) for value in result)
    by_info = dict(
        session.execute(
            select(rows.c.info_id, func.count())
            .select_from(rows)
            .group_by(rows.c.info_id)
        ).all()
    )
    return Counters(
        shown=total - hidden,
        hidden=hidden,
        selected=selected,
        unselected=total - selected,
        infos=by_info,
    )


def int_type():
    from sqlalchemy import Integer

    return Integer()


def contact_counts(session: Session, company_ids: list[int]) -> dict[int, int]:
    """The number of current contacts of each company."""
    if not company_ids:
        return {}
    query = (
        select(Contact.company_id, func.count())
        .where(
            Contact.company_id.in_(company_ids),
            Contact.active.is_(True),
            Contact.departed_at.is_(None),
        )
        .group_by(Contact.company_id)
    )
    return dict(session.execute(query).all())


def lists_of_record(
    session: Session, kind: str, ident: int, access
) -> list[tuple[RecordList, ListRow]]:
    """The lists the user sees that hold this company or contact, with its row.

    Rows taken out by hand are left out: the record is no longer in them.
    """
    query = (
        select(RecordList, ListRow)
        .join(ListRow, RecordList.id == ListRow.list_id)
        .where(
            RecordList.kind == kind,
            row_column(kind) == ident,
            ListRow.removed.is_(False),
            access.filter("list"),
        )
        .order_by(RecordList.name, RecordList.id)
    )
    return [(found, row) for found, row in session.execute(query)]


def record_ids(session: Session, record_list: RecordList, access=None) -> list[int]:
    column = row_column(record_list.kind)
    query = base_rows(record_list, access).with_only_columns(column)
    return list(session.scalars(query))


__all__ = [
    "BY_CRITERIA",
    "BY_HAND",
    "COMPANY",
    "CONTACT",
    "ListError",
]
