"""Record every change of the tracked models, whoever makes it.

A model is tracked with ``config.track_history(Company, "company", fields)``.
From then on every flush that creates, changes, deactivates or deletes one of
its rows writes a :class:`~core.history.models.HistoryEvent` with one
:class:`~core.history.models.HistoryChange` per declared field whose shown
value changed, and broadcasts it through the ``relais_on_change`` hook. The
forms, the JSON API, imports and tasks are all covered without calling
anything, because the recording hangs on the session factory's flush events.

The author is the row's ``updated_by_id`` (``created_by_id`` for a new row)
unless :func:`recording` names one; :func:`recording` also tells what kind of
event the changes belong to ("email_structure" rather than "updated").
Changes made with bulk ``UPDATE`` statements bypass the ORM: record them
with :func:`record_event` or :func:`record_changes`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, event, insert, inspect, update
from sqlalchemy.orm import Session

from core.auth.models import utcnow
from core.history.display import INSTANT_FORMAT
from core.history.models import HistoryChange, HistoryEvent

log = logging.getLogger(__name__)

REGISTRY_KEY = "relais.registry"
CONTEXT_KEY = "relais.history.context"
OPEN_KEY = "relais.history.open"

# What an event can be; the change-tracking filters group them (see FILTERS).
KINDS = (
    "created",
    "updated",
    "deactivated",
    "reactivated",
    "deleted",
    "merged",
    "merged_into",
    "merge_undone",
    "email_structure",
)
# The three families of the "change tracking" filters of the searches.
FILTERS = {
    "created": ("created",),
    "updated": ("updated", "reactivated", "merged", "merge_undone", "email_structure"),
    "deleted": ("deactivated", "deleted", "merged_into"),
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Change:
    """An event of a record's history, as the ``relais_on_change`` hook sees it."""

    entity: str
    entity_id: int
    kind: str
    actor_id: int | None
    at: dt.datetime
    changes: tuple[FieldChange, ...] = ()
    detail: dict | None = None
    event_id: int | None = None


@dataclass(frozen=True)
class TrackedModel:
    model: type
    entity: str
    fields: dict[str, str]
    formatters: dict[str, Callable[[Any], str | None]] = field(default_factory=dict)
    route: str | None = None
    active_field: str | None = "active"
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def field_titles(self) -> dict[str, str]:
        """Titles of every field the history may show, tracked or recorded."""
        return {**self.fields, **self.titles}


def show(value: Any) -> str | None:
    """A value as the history shows it: labels for rows, sorted for lists."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "☑" if value else "☐"
    if isinstance(value, list | tuple | set):
        shown = sorted(text for text in (show(item) for item in value) if text)
        return ", ".join(shown) or None
    for name in ("label", "name", "display_name"):
        text = getattr(value, name, None)
        if isinstance(text, str):
            return text
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime(INSTANT_FORMAT)
    return str(value)


def track_history(
    config,
    model: type,
    entity: str,
    fields: dict[str, str],
    formatters: dict[str, Callable[[Any], str | None]] | None = None,
    route: str | None = None,
    active_field: str | None = "active",
    titles: dict[str, str] | None = None,
):
    """Record the changes of ``model``'s rows under the name ``entity``.

    ``fields`` maps the attributes to follow (columns or relationships) to
    their translatable titles; a change is recorded when the value shown
    (see :func:`show`, or ``formatters[attribute]``) differs. ``route`` is the
    route of the record's sheet, taking ``id``. A change of ``active_field``
    makes the event a deactivation or a reactivation. ``titles`` names the
    fields a module records itself with :func:`record_changes` (child rows).
    Added in 0.1.
    """
    spec = TrackedModel(
        model,
        entity,
        dict(fields),
        dict(formatters or {}),
        route,
        active_field,
        dict(titles or {}),
    )
    registry = config.registry

    def register():
        registry.relais_history_tracked[model] = spec
        # Load the value an attribute had when it is replaced without having
        # been read, so the history always knows the "before".
        names = [*spec.fields, *([active_field] if active_field else [])]
        for name in names:
            attribute = getattr(model, name)
            if not event.contains(attribute, "set", _keep_old_value):
                event.listen(attribute, "set", _keep_old_value, active_history=True)

    config.action(("relais-history-track", entity), register)


def _keep_old_value(target, value, oldvalue, initiator):
    return value


def tracked_entities(registry) -> dict[str, TrackedModel]:
    return {spec.entity: spec for spec in registry.relais_history_tracked.values()}


@contextlib.contextmanager
def recording(
    session: Session,
    kind: str | None = None,
    actor_id: int | None = None,
    detail: dict | None = None,
) -> Iterator[None]:
    """Record the changes flushed inside the block as ``kind`` by ``actor_id``."""
    previous = session.info.get(CONTEXT_KEY)
    session.info[CONTEXT_KEY] = {"kind": kind, "actor_id": actor_id, "detail": detail}
    try:
        yield
        session.flush()
    finally:
        session.info[CONTEXT_KEY] = previous


def _history(state, name: str):
    return state.attrs[name].history


def _values(history) -> tuple[Any, Any]:
    """The attribute's value before and after, from its flush history."""
    if history.deleted or history.added:
        unchanged = list(history.unchanged or ())
        deleted, added = list(history.deleted or ()), list(history.added or ())
        return unchanged + deleted, unchanged + added
    return None, None


@dataclass
class _Open:
    """A record's changes so far in this transaction, written as one event.

    Services often flush more than once while saving (an autoflush before a
    query, then the final flush): their changes still make one event.
    """

    entity: str
    entity_id: int
    explicit_kind: str | None
    actor_id: int | None
    at: dt.datetime
    detail: dict | None
    created: bool = False
    active: list | None = None
    fields: dict = field(default_factory=dict)
    event_id: int | None = None

    def kind(self) -> str:
        if self.explicit_kind:
            return self.explicit_kind
        if self.created:
            return "created"
        if self.active and self.active[0] != self.active[1]:
            return "reactivated" if self.active[1] else "deactivated"
        return "updated"

    def changes(self) -> tuple[FieldChange, ...]:
        if self.created:
            return ()
        return tuple(
            FieldChange(name, old, new)
            for name, (old, new) in self.fields.items()
            if old != new
        )

    def empty(self) -> bool:
        return self.kind() == "updated" and not self.changes()

    def change(self) -> Change:
        return Change(
            self.entity,
            self.entity_id,
            self.kind(),
            self.actor_id,
            self.at,
            self.changes(),
            self.detail,
            self.event_id,
        )


def _observe(session: Session, tracked: dict) -> list[_Open]:
    """Fold what this flush changed into the transaction's open events."""
    context = session.info.get(CONTEXT_KEY) or {}
    opened: dict = session.info.setdefault(OPEN_KEY, {})
    touched = []

    def open_for(spec, obj, actor_attr, kind=None) -> _Open:
        explicit = kind or context.get("kind")
        key = (spec.entity, obj.id, explicit)
        actor = context.get("actor_id") or getattr(obj, actor_attr, None)
        if key not in opened:
            opened[key] = _Open(
                spec.entity, obj.id, explicit, actor, utcnow(), context.get("detail")
            )
        record = opened[key]
        record.actor_id = actor or record.actor_id
        touched.append(record)
        return record

    for obj in session.new:
        spec = tracked.get(type(obj))
        if spec is not None:
            open_for(spec, obj, "created_by_id").created = True
    for obj in session.dirty:
        spec = tracked.get(type(obj))
        if spec is None or not session.is_modified(obj):
            continue
        if not context.get("actor_id"):
            touched.extend(_follow_author(opened, spec, obj))
        changes = _field_changes(spec, obj)
        active = _active_change(spec, obj)
        if not changes and active is None:
            continue
        record = open_for(spec, obj, "updated_by_id")
        for item in changes:
            old = record.fields.get(item.field, (item.old, None))[0]
            record.fields[item.field] = (old, item.new)
        if active is not None:
            first = record.active[0] if record.active else active[0]
            record.active = [first, active[1]]
    for obj in session.deleted:
        spec = tracked.get(type(obj))
        if spec is not None:
            open_for(spec, obj, "updated_by_id", kind="deleted")
    return touched


def _follow_author(opened: dict, spec: TrackedModel, obj) -> list[_Open]:
    """Credit the record's open events to the author the row now names.

    Services set ``updated_by_id`` after the fields, and a query in between
    flushes the fields first: the event is then opened with the previous
    author, and the later flush that writes the new one must correct it.
    """
    history = _history(inspect(obj), "updated_by_id") if _authored(obj) else None
    if history is None or not history.added or history.added[0] is None:
        return []
    author = history.added[0]
    corrected = [
        record
        for key, record in opened.items()
        if isinstance(key, tuple)
        and key[:2] == (spec.entity, obj.id)
        and record.actor_id != author
    ]
    for record in corrected:
        record.actor_id = author
    return corrected


def _authored(obj) -> bool:
    return "updated_by_id" in inspect(obj).mapper.attrs


def _field_changes(spec: TrackedModel, obj) -> list[FieldChange]:
    state = inspect(obj)
    found = []
    for name in spec.fields:
        history = _history(state, name)
        if not history.has_changes():
            continue
        old, new = _values(history)
        formatter = spec.formatters.get(name, show)
        many = getattr(state.mapper.attrs[name], "uselist", False)
        before = formatter(old if many else (old[0] if old else None))
        after = formatter(new if many else (new[0] if new else None))
        if before != after:
            found.append(FieldChange(name, before, after))
    return found


def _active_change(spec: TrackedModel, obj) -> tuple[bool, bool] | None:
    if not spec.active_field:
        return None
    history = _history(inspect(obj), spec.active_field)
    if not history.has_changes() or not history.deleted:
        return None
    before, after = bool(history.deleted[0]), bool(history.added[0])
    return None if before == after else (before, after)


def _write(connection, record: _Open) -> None:
    """Insert, rewrite or drop the event of ``record`` to match what it holds."""
    events, changes = HistoryEvent.__table__, HistoryChange.__table__
    if record.event_id is not None:
        connection.execute(delete(changes).where(changes.c.event_id == record.event_id))
        if record.empty():
            connection.execute(delete(events).where(events.c.id == record.event_id))
            record.event_id = None
            return
        connection.execute(
            update(events)
            .where(events.c.id == record.event_id)
            .values(kind=record.kind(), actor_id=record.actor_id)
        )
    elif record.empty():
        return
    else:
        result = connection.execute(
            insert(events).values(
                at=record.at,
                actor_id=record.actor_id,
                entity=record.entity,
                entity_id=record.entity_id,
                kind=record.kind(),
                detail=record.detail,
            )
        )
        record.event_id = result.inserted_primary_key[0]
    rows = [
        {
            "event_id": record.event_id,
            "field": item.field,
            "old_value": item.old,
            "new_value": item.new,
        }
        for item in record.changes()
    ]
    if rows:
        connection.execute(insert(changes), rows)


def _after_flush(session: Session, _flush_context) -> None:
    registry = session.info.get(REGISTRY_KEY)
    tracked = getattr(registry, "relais_history_tracked", None)
    if not tracked:
        return
    touched = _observe(session, tracked)
    if touched:
        connection = session.connection()
        for record in {id(r): r for r in touched}.values():
            _write(connection, record)


def _before_commit(session: Session) -> None:
    """Tell the plugins about the transaction's events, once each."""
    session.flush()
    opened = session.info.get(OPEN_KEY) or {}
    ready = [r.change() for r in opened.values() if r.event_id is not None]
    _clear(session)
    _broadcast(session, ready)


def _clear(session: Session, *_args) -> None:
    session.info.pop(OPEN_KEY, None)


def _broadcast(session: Session, changes: list[Change]) -> None:
    registry = session.info.get(REGISTRY_KEY)
    if registry is None or not changes:
        return
    hook = registry.relais_plugins.hook.relais_on_change
    for change in changes:
        hook(dbsession=session, change=change)


def record_event(
    session: Session,
    entity: str,
    entity_id: int,
    kind: str,
    actor_id: int | None,
    changes: list[FieldChange] | tuple[FieldChange, ...] = (),
    detail: dict | None = None,
) -> Change:
    """Write one event now (for changes the ORM does not see).

    ``kind`` is one of :data:`KINDS`. The event is broadcast with the
    transaction's others when it commits. Returns the change, its
    ``event_id`` set. Added in 0.1.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown history kind {kind!r}")
    session.flush()
    record = _Open(entity, entity_id, kind, actor_id, utcnow(), detail)
    record.fields = {item.field: (item.old, item.new) for item in changes}
    _write(session.connection(), record)
    session.info.setdefault(OPEN_KEY, {})[object()] = record
    return record.change()


def record_changes(
    session: Session,
    actor_id: int | None,
    entity: str,
    entity_id: int,
    before: dict[str, Any],
    after: dict[str, Any],
) -> Change | None:
    """Record what differs between two snapshots ``{field: value}`` of a record.

    For what the tracked fields cannot see (rows of child tables, bulk
    ``UPDATE`` statements): values are compared as :func:`show` renders
    them, and the differences join the record's event of this transaction
    (one event per save, whatever recorded it). Nothing is written when
    nothing differs. Returns the change, or ``None``. Added in 0.1.
    """
    changes = [
        FieldChange(name, show(before.get(name)), show(after.get(name)))
        for name in before | after
        if show(before.get(name)) != show(after.get(name))
    ]
    if not changes:
        return None
    session.flush()
    opened: dict = session.info.setdefault(OPEN_KEY, {})
    key = (entity, entity_id, None)
    if key not in opened:
        opened[key] = _Open(entity, entity_id, None, actor_id, utcnow(), None)
    record = opened[key]
    record.actor_id = actor_id or record.actor_id
    for item in changes:
        old = record.fields.get(item.field, (item.old, None))[0]
        record.fields[item.field] = (old, item.new)
    _write(session.connection(), record)
    return record.change()


def install(registry) -> None:
    """Hang the recorder on the registry's session factory."""
    factory = registry.relais_session_factory
    info = dict(factory.kw.get("info") or {})
    info[REGISTRY_KEY] = registry
    factory.configure(info=info)
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_commit", _clear)
    event.listen(factory, "after_soft_rollback", _clear)
