"""Editing the rows of any registered reference list.

The lists differ only by their extra fields (:class:`ReferenceField`), so one
set of rules serves them all: a ``code`` fixed at creation, labels edited
freely, an order administrators choose, and deactivation instead of deletion
because records keep pointing at the rows.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, StringConstraints, create_model
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.db import Base
from core.forms import FieldError, check_percent, clean_form, validate
from core.i18n import _
from core.reference.registry import ReferenceField, ReferenceList

log = logging.getLogger(__name__)

CODE_LENGTH = 60
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


class RowProblem(Exception):
    """A change refused because of one field; ``field`` names it."""

    def __init__(self, field: str, message):
        super().__init__(message)
        self.field = field
        self.message = message


def slugify(label: str) -> str:
    """The code a new row gets from its label: ``Agence média`` → ``agence_media``."""
    ascii_text = (
        unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    )
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    return slug[:CODE_LENGTH].rstrip("_")


def _check_colour(value: str) -> str:
    if not _COLOUR.match(value):
        raise FieldError(_("Choose a colour such as #1f5f8b."))
    return value.lower()


def _check_code(value: str) -> str:
    if not _CODE.match(value):
        raise FieldError(
            _("Use lower-case letters, digits, dots, dashes or underscores.")
        )
    return value


def _column_length(model, name: str, default: int = 160) -> int:
    length = getattr(model.__table__.c[name].type, "length", None)
    return length or default


def _field_type(ref: ReferenceList, ref_field: ReferenceField) -> tuple[Any, Any]:
    if ref_field.kind == "colour":
        return Annotated[str, AfterValidator(_check_colour)] | None, None
    if ref_field.kind == "percent":
        return Annotated[int, AfterValidator(check_percent)] | None, None
    if is_choice(ref, ref_field):
        return int | None, None
    length = _column_length(ref.model, ref_field.name)
    return Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=length)
    ] | None, None


@functools.cache
def form_schema(ref: ReferenceList) -> type[BaseModel]:
    """A pydantic schema for the label, the code and the list's extra fields."""
    label_length = _column_length(ref.model, "label")
    fields: dict[str, Any] = {
        "label": (
            Annotated[
                str,
                StringConstraints(
                    strip_whitespace=True, min_length=1, max_length=label_length
                ),
            ],
            ...,
        ),
        "code": (
            Annotated[
                str,
                StringConstraints(strip_whitespace=True, max_length=CODE_LENGTH),
                AfterValidator(_check_code),
            ]
            | None,
            None,
        ),
    }
    for ref_field in ref.fields:
        fields[ref_field.name] = _field_type(ref, ref_field)
    return create_model(f"{ref.kind.title()}Form", **fields)


def is_choice(ref: ReferenceList, ref_field: ReferenceField) -> bool:
    """A field whose value is a row of another (or the same) table."""
    return bool(ref.model.__table__.c[ref_field.name].foreign_keys)


def target_model(ref: ReferenceList, ref_field: ReferenceField):
    """The model a choice field points to, found through its foreign key."""
    column = ref.model.__table__.c[ref_field.name]
    table = next(iter(column.foreign_keys)).column.table
    for mapper in Base.registry.mappers:
        if mapper.local_table is table:
            return mapper.class_
    raise LookupError(f"no model for table {table.name}")


def _parent_field(ref: ReferenceList) -> ReferenceField | None:
    return next((f for f in ref.fields if f.kind == "parent"), None)


@dataclass
class Node:
    row: Any
    children: list[Any] = field(default_factory=list)


def tree(dbsession: Session, ref: ReferenceList) -> list[Node]:
    """The rows in display order; sub-rows under their parent for two-level lists."""
    model = ref.model
    rows = list(dbsession.scalars(select(model).order_by(model.position, model.id)))
    parent = _parent_field(ref)
    if parent is None:
        return [Node(row) for row in rows]
    nodes = {row.id: Node(row) for row in rows if getattr(row, parent.name) is None}
    for row in rows:
        parent_id = getattr(row, parent.name)
        if parent_id is not None and parent_id in nodes:
            nodes[parent_id].children.append(row)
    return list(nodes.values())


def _renumber(nodes: list[Node]) -> None:
    # One position sequence in display order, so ordering by position alone
    # (as other pages do) lists every sub-row right after its parent.
    position = 0
    for node in nodes:
        node.row.position = position
        position += 1
        for child in node.children:
            child.position = position
            position += 1


def _siblings(nodes: list[Node], row) -> list:
    """A copy of the level holding ``row``: the top rows, or one parent's."""
    for node in nodes:
        if row in node.children:
            return list(node.children)
    return [node.row for node in nodes]


def _apply_order(nodes: list[Node], level: list) -> list[Node]:
    """Give one level the order ``level`` lists; return the whole tree."""
    for node in nodes:
        if level[0] in node.children:
            node.children[:] = level
            return nodes
    rank = {row.id: index for index, row in enumerate(level)}
    return sorted(nodes, key=lambda node: rank[node.row.id])


def choices(dbsession: Session, ref: ReferenceList, ref_field: ReferenceField, row):
    """What a choice field may take, as ``(id, label, active)`` tuples.

    A parent must be a top-level row other than the row itself, so the list
    keeps two levels; inactive rows are offered only if already chosen.
    """
    model = target_model(ref, ref_field)
    query = select(model).order_by(model.position, model.id)
    if ref_field.kind == "parent":
        query = query.where(getattr(model, ref_field.name).is_(None))
        if row is not None:
            query = query.where(model.id != row.id)
    current = getattr(row, ref_field.name, None) if row is not None else None
    return [
        (option.id, option.label, option.active)
        for option in dbsession.scalars(query)
        if option.active or option.id == current
    ]


def parse(ref: ReferenceList, data) -> tuple[BaseModel | None, dict]:
    return validate(form_schema(ref), clean_form(data))


def _check_choices(dbsession: Session, ref: ReferenceList, form, row) -> dict:
    values: dict[str, Any] = {}
    for ref_field in ref.fields:
        value = getattr(form, ref_field.name)
        if not is_choice(ref, ref_field):
            if value is not None:
                values[ref_field.name] = value
            continue
        if value is not None:
            allowed = {option[0] for option in choices(dbsession, ref, ref_field, row)}
            if value not in allowed:
                raise RowProblem(
                    ref_field.name, _("Choose one of the proposed values.")
                )
        if ref_field.kind == "parent" and value is not None and row is not None:
            has_children = dbsession.scalar(
                select(func.count())
                .select_from(ref.model)
                .where(getattr(ref.model, ref_field.name) == row.id)
            )
            if has_children:
                raise RowProblem(
                    ref_field.name,
                    _("This row has sub-rows, so it cannot become a sub-row."),
                )
        values[ref_field.name] = value
    return values


def create_row(dbsession: Session, ref: ReferenceList, form) -> Any:
    """Add a row at the end of its level; its code comes from the label."""
    model = ref.model
    code = form.code or slugify(form.label)
    if not code:
        raise RowProblem("code", _("Enter a code: the label gives none."))
    if dbsession.scalar(select(model.id).where(model.code == code)) is not None:
        raise RowProblem(
            "code",
            _("The code ${code} is taken; enter another one.", mapping={"code": code}),
        )
    values = _check_choices(dbsession, ref, form, None)
    row = model(code=code, label=form.label, active=True, position=10**6, **values)
    dbsession.add(row)
    dbsession.flush()
    _renumber(tree(dbsession, ref))
    dbsession.flush()
    log.info("reference.row.created kind=%s row_id=%s", ref.kind, row.id)
    return row


def update_row(dbsession: Session, ref: ReferenceList, row, form) -> Any:
    """Save the label and the extra fields; the code never changes."""
    values = _check_choices(dbsession, ref, form, row)
    parent = _parent_field(ref)
    moved = parent is not None and values.get(parent.name) != getattr(row, parent.name)
    row.label = form.label
    for name, value in values.items():
        setattr(row, name, value)
    if moved:
        # A row changing level goes to the end of its new level.
        row.position = 10**6
    dbsession.flush()
    _renumber(tree(dbsession, ref))
    dbsession.flush()
    log.info("reference.row.updated kind=%s row_id=%s", ref.kind, row.id)
    return row


def move_row(dbsession: Session, ref: ReferenceList, row, step: int) -> None:
    """Move a row one place up (``-1``) or down (``1``) among its siblings."""
    nodes = tree(dbsession, ref)
    level = _siblings(nodes, row)
    index = level.index(row)
    target = index + step
    if not 0 <= target < len(level):
        return
    level[index], level[target] = level[target], level[index]
    _renumber(_apply_order(nodes, level))
    dbsession.flush()


def reorder(dbsession: Session, ref: ReferenceList, ids: list[int]) -> None:
    """Put one level's rows in the order given (a drag and drop)."""
    nodes = tree(dbsession, ref)
    by_id = {}
    for node in nodes:
        by_id[node.row.id] = node.row
        by_id.update({child.id: child for child in node.children})
    if not ids or len(set(ids)) != len(ids) or any(i not in by_id for i in ids):
        raise RowProblem("order", _("The order does not match the list."))
    level = _siblings(nodes, by_id[ids[0]])
    if sorted(ids) != sorted(row.id for row in level):
        raise RowProblem("order", _("The order does not match the list."))
    _renumber(_apply_order(nodes, [by_id[i] for i in ids]))
    dbsession.flush()
    log.info("reference.reordered kind=%s rows=%s", ref.kind, len(ids))


def set_active(dbsession: Session, ref: ReferenceList, row, active: bool) -> None:
    row.active = active
    dbsession.flush()
    log.info(
        "reference.row.active kind=%s row_id=%s active=%s", ref.kind, row.id, active
    )
