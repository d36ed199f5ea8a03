"""How the rows of every module follow a company or a contact into a merge.

A merge step knows one kind of row pointing at the merged record: it counts
them (for the preview), moves them to the record kept, and puts them back
when the merge is undone. Modules declare their steps through the
``relais_register_merge_steps`` hook; most need nothing more than
:func:`column_step`, which handles a foreign key column of a table, rows that
would become duplicates of the target's own (a unique constraint), and
columns to reset on the rows that move.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, and_, delete, func, insert, select, update
from sqlalchemy.orm import Session

ENTITIES = ("company", "contact")


@dataclass(frozen=True)
class MergeStep:
    """One kind of row that follows a company or a contact into a merge.

    ``entity`` is ``"company"`` or ``"contact"``; ``name`` is unique among
    the steps and stored with every row moved, so keep it stable across
    versions (``"<module>.<table>.<column>"``). ``title`` is the translatable
    label of the preview ("Actions"); a step with ``title=None`` is not
    listed there. ``count(session, source_id)`` says how many rows would
    move; ``move(session, source_id, target_id)`` moves them and returns one
    JSON-serialisable dict per row touched; ``undo(session, records,
    source_id, target_id)`` receives those dicts back and restores the rows.
    Steps run in ``order`` (then name) and are undone in the reverse order.
    Added in 0.1.
    """

    name: str
    entity: str
    title: str | None
    count: Callable[[Session, int], int]
    move: Callable[[Session, int, int], list[dict]]
    undo: Callable[[Session, list[dict], int, int], None]
    order: int = 100


def _table(target) -> Table:
    return target if isinstance(target, Table) else target.__table__


def encode(value: Any) -> Any:
    """A column value as JSON can hold it (see :func:`decode`)."""
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    return value


def decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((key, text),) = value.items()
        if key == "$datetime":
            return dt.datetime.fromisoformat(text)
        if key == "$date":
            return dt.date.fromisoformat(text)
        if key == "$decimal":
            return Decimal(text)
    return value


def row_values(table: Table, row) -> dict:
    """A row as JSON can hold it (for a journal); :func:`decoded` reads it back."""
    return {column.name: encode(row._mapping[column]) for column in table.columns}


def _match(table: Table, values: dict):
    return and_(*(table.c[name] == decode(value) for name, value in values.items()))


def column_step(
    name: str,
    entity: str,
    title: str | None,
    target,
    column: str,
    unique_with: Iterable[str] = (),
    reset: dict[str, Any] | None = None,
    where: Callable[[Table], Any] | None = None,
    order: int = 100,
) -> MergeStep:
    """A step moving every row whose ``column`` holds the merged record's id.

    ``target`` is a model or a :class:`~sqlalchemy.Table`. When the table
    allows one row per ``(column, *unique_with)`` (a follow, a list
    membership), a row the target already has an equivalent of is deleted
    instead of moved, and re-inserted by the undo. ``reset`` gives values the
    moved rows take (``{"is_default": False}`` for addresses); their former
    values are kept for the undo. ``where(table)`` narrows the rows concerned.
    Added in 0.1.
    """
    if entity not in ENTITIES:
        raise ValueError(f"merge step {name}: unknown entity {entity!r}")
    unique = tuple(unique_with)
    resets = dict(reset or {})

    def rows_of(session: Session, source_id: int):
        table = _table(target)
        query = select(table).where(table.c[column] == source_id)
        if where is not None:
            query = query.where(where(table))
        return session.execute(query).all()

    def count(session: Session, source_id: int) -> int:
        table = _table(target)
        query = select(func.count()).select_from(table)
        query = query.where(table.c[column] == source_id)
        if where is not None:
            query = query.where(where(table))
        return session.scalar(query) or 0

    def move(session: Session, source_id: int, target_id: int) -> list[dict]:
        table = _table(target)
        keys = [c.name for c in table.primary_key.columns]
        records = []
        for row in rows_of(session, source_id):
            values = row_values(table, row)
            if unique and _target_has(session, table, column, target_id, unique, row):
                session.execute(delete(table).where(_match(table, _key(values, keys))))
                records.append({"op": "deleted", "row": values})
                continue
            key = _key(values, keys)
            session.execute(
                update(table)
                .where(_match(table, key))
                .values({column: target_id, **resets})
            )
            old = {name: values[name] for name in resets}
            records.append({"op": "moved", "key": key, "old": old})
        return records

    def undo(session: Session, records: list[dict], source_id: int, target_id: int):
        table = _table(target)
        for record in reversed(records):
            if record["op"] == "moved":
                key = dict(record["key"])
                if column in key:
                    key[column] = target_id
                session.execute(
                    update(table)
                    .where(_match(table, key), table.c[column] == target_id)
                    .values({column: source_id, **decoded(record["old"])})
                )
            else:
                row = decoded(record["row"])
                keys = [c.name for c in table.primary_key.columns]
                exists = session.execute(
                    select(func.count())
                    .select_from(table)
                    .where(_match(table, _key(record["row"], keys)))
                ).scalar()
                if not exists:
                    session.execute(insert(table).values(row))

    return MergeStep(name, entity, title, count, move, undo, order)


def _key(values: dict, keys: list[str]) -> dict:
    return {name: values[name] for name in keys}


def decoded(values: dict) -> dict:
    """The values :func:`row_values` stored, as the columns take them back."""
    return {name: decode(value) for name, value in values.items()}


def _target_has(session, table, column, target_id, unique, row) -> bool:
    conditions = [table.c[column] == target_id]
    conditions += [table.c[name] == row._mapping[table.c[name]] for name in unique]
    found = session.execute(
        select(func.count()).select_from(table).where(*conditions)
    ).scalar()
    return bool(found)


def check_steps(steps: list[MergeStep]) -> list[MergeStep]:
    """Refuse two steps of one name or an unknown entity; sort them."""
    seen: set[str] = set()
    for step in steps:
        if not isinstance(step, MergeStep):
            raise TypeError(f"merge steps must be MergeStep objects, not {step!r}")
        if step.entity not in ENTITIES:
            raise ValueError(f"merge step {step.name}: unknown entity {step.entity!r}")
        if step.name in seen:
            raise ValueError(f"two merge steps are called {step.name}")
        seen.add(step.name)
    return sorted(steps, key=lambda s: (s.order, s.name))


def merge_steps(registry, entity: str) -> list[MergeStep]:
    """The steps of every enabled module for ``entity``, in running order."""
    steps = getattr(registry, "relais_merge_steps", None)
    if steps is None:
        from core.plugins import collect

        steps = check_steps(
            collect(registry.relais_plugins, "relais_register_merge_steps")
        )
        registry.relais_merge_steps = steps
    return [step for step in steps if step.entity == entity]


def _directory_step(target, column, title, order, unique=(), reset=None):
    table = _table(target).name
    entity = "company" if column in ("company_id", "group_id") else "contact"
    return column_step(
        f"directory.{table}.{column}",
        entity,
        title,
        target,
        column,
        unique_with=unique,
        reset=reset,
        order=order,
    )


def directory_steps() -> list[MergeStep]:
    """The directory's own rows: contacts, CV lines, groups, portfolios..."""
    from core.directory import models as m
    from core.i18n import _

    # Moved addresses lose their "default" mark: the target's own one stays.
    not_default = {"is_default": False}
    return [
        _directory_step(m.Contact, "company_id", _("Contacts"), 10),
        _directory_step(m.Company, "group_id", _("Subsidiaries"), 15),
        _directory_step(m.Address, "company_id", _("Addresses"), 20, (), not_default),
        _directory_step(m.company_sector, "company_id", None, 20, ("sector_id",)),
        # The merged record's ids in other sources find the kept one there.
        _directory_step(
            m.CompanySource, "company_id", _("Sources"), 20, ("name", "reference")
        ),
        _directory_step(
            m.CompanyPortfolio, "company_id", _("Portfolios"), 30, ("user_id",)
        ),
        _directory_step(
            m.CompanyFollow, "company_id", _("Followers"), 30, ("user_id",)
        ),
        _directory_step(
            m.ContactPosition, "company_id", _("Former positions (CV)"), 40
        ),
        _directory_step(m.Address, "contact_id", _("Addresses"), 20, (), not_default),
        _directory_step(
            m.ContactFollow, "contact_id", _("Followers"), 30, ("user_id",)
        ),
        _directory_step(
            m.ContactPosition, "contact_id", _("Former positions (CV)"), 40
        ),
        _directory_step(m.ContactPosition, "former_contact_id", None, 40),
        _directory_step(
            m.ContactPortfolio, "contact_id", _("Portfolios"), 30, ("user_id",)
        ),
        _directory_step(
            m.ContactPreviousEmail, "contact_id", _("Previous e-mails"), 40, ("email",)
        ),
    ]


def former_address_step() -> MergeStep:
    """The merged record's address becomes a previous address of the kept one,
    so that mail to it still files on the person; the undo takes it away."""
    from core.auth.models import utcnow
    from core.directory.models import Contact, ContactPreviousEmail

    previous = ContactPreviousEmail.__table__

    def address(session: Session, source_id: int, target_id: int) -> str | None:
        email = session.scalar(select(Contact.email).where(Contact.id == source_id))
        if not email or not email.strip():
            return None
        email = email.strip()
        taken = func.lower(email)
        kept = session.scalar(select(Contact.email).where(Contact.id == target_id))
        if kept and kept.strip().lower() == email.lower():
            return None
        known = session.scalar(
            select(func.count())
            .select_from(previous)
            .where(
                previous.c.contact_id == target_id,
                func.lower(previous.c.email) == taken,
            )
        )
        return None if known else email

    def count(session: Session, source_id: int) -> int:
        email = session.scalar(select(Contact.email).where(Contact.id == source_id))
        return 1 if email else 0

    def move(session: Session, source_id: int, target_id: int) -> list[dict]:
        email = address(session, source_id, target_id)
        if email is None:
            return []
        row = session.execute(
            insert(previous)
            .values(contact_id=target_id, email=email, replaced_at=utcnow())
            .returning(previous.c.id)
        ).scalar_one()
        return [{"op": "added", "id": row}]

    def undo(session: Session, records: list[dict], source_id: int, target_id: int):
        ids = [record["id"] for record in records]
        session.execute(delete(previous).where(previous.c.id.in_(ids)))

    return MergeStep(
        "directory.contact.email",
        "contact",
        None,
        count,
        move,
        undo,
        order=45,
    )


def action_steps() -> list[MergeStep]:
    """Actions follow their contacts; a contact merge moves its actions."""
    from core.actions.models import action_contact
    from core.i18n import _

    return [
        column_step(
            "actions.action_contact.contact_id",
            "contact",
            _("Actions"),
            action_contact,
            "contact_id",
            unique_with=("action_id",),
            order=50,
        )
    ]


def opportunity_steps() -> list[MergeStep]:
    """Opportunities follow the company they are proposed to, their client
    (the advertiser) and their contact."""
    from core.i18n import _
    from core.opportunities.models import Opportunity

    return [
        column_step(
            "opportunities.opportunity.company_id",
            "company",
            _("Opportunities"),
            Opportunity,
            "company_id",
            order=55,
        ),
        column_step(
            "opportunities.opportunity.client_id",
            "company",
            _("Opportunities as client"),
            Opportunity,
            "client_id",
            order=55,
        ),
        column_step(
            "opportunities.opportunity.contact_id",
            "contact",
            _("Opportunities"),
            Opportunity,
            "contact_id",
            order=55,
        ),
    ]


def attachment_steps() -> list[MergeStep]:
    """Rows naming their record by kind and id: comments, documents, keywords..."""
    from core.comments.models import Comment
    from core.directory.images import RecordImage
    from core.documents.models import Document
    from core.i18n import _
    from core.keywords.models import RecordKeyword, RecordQualification

    # (model, preview title, columns that make a row a duplicate on the target)
    kinds = (
        (Comment, _("Comments"), ()),
        (Document, _("Documents"), ()),
        (RecordKeyword, _("Keywords"), ("target_kind", "keyword_id")),
        (RecordQualification, _("Qualifications"), ("target_kind", "qualification_id")),
        # One logo or photo per record: the kept record's own one stays.
        (RecordImage, None, ("target_kind",)),
    )
    steps = []
    for entity in ENTITIES:
        for model, title, unique in kinds:
            table = model.__tablename__
            steps.append(
                column_step(
                    f"attachments.{table}.{entity}",
                    entity,
                    title,
                    model,
                    "target_id",
                    unique_with=unique,
                    where=lambda t, kind=entity: t.c.target_kind == kind,
                    order=60,
                )
            )
    return steps


def multi_steps() -> list[MergeStep]:
    """Records of one person in other companies ("Multi") follow the merge."""
    from core.directory.multi import ContactLink
    from core.i18n import _

    return [
        column_step(
            "directory.contact_link.reference_id",
            "contact",
            _("Records in other companies"),
            ContactLink,
            "reference_id",
            order=45,
        )
    ]
