"""What comments and documents hang on: companies, contacts, actions...

A record kind accepts attachments once its module declares it with
``config.add_attachment_target(kind, route_name)``; ``kind`` must be an
access kind (``config.add_access_kind``) and ``route_name`` the route of its
sheet (``/{id}``). Attachments keep ``target_kind`` and ``target_id``; they
are visible only while the record they hang on is.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyramid.exceptions import ConfigurationError
from sqlalchemy import Index, Integer, String, and_, false, or_, select
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from core.access.models import PRIVATE, PUBLIC, SHARED, VISIBILITIES
from core.i18n import _

VISIBILITY_TITLES = {
    PRIVATE: _("Private"),
    SHARED: _("Shared with my team"),
    PUBLIC: _("Public"),
}


def visibility_choices() -> list[tuple[str, str]]:
    return [(v, VISIBILITY_TITLES[v]) for v in VISIBILITIES]


class Refused(Exception):
    """A refused comment or document; ``field`` names the form field."""

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


def read_upload(upload, max_size: int) -> tuple[str, bytes]:
    """The name and bytes of a posted file (``("", b"")`` when none was sent).

    One byte over ``max_size`` is read, enough to refuse a file without
    holding gigabytes; the spooled temporary file is closed at once.
    """
    if not hasattr(upload, "file"):
        return "", b""
    try:
        return upload.filename or "", upload.file.read(max_size + 1)
    finally:
        upload.file.close()


def tab_values(request, record, items) -> dict:
    """What the comments and documents tabs of a sheet render."""
    return {
        "items": items,
        "kind": target_kind(request.registry, record),
        "record": record,
        "visibilities": VISIBILITY_TITLES,
        "choices": visibility_choices(),
        "access": request.access,
    }


@dataclass(frozen=True)
class AttachmentTarget:
    kind: str
    route_name: str


class Attached:
    """The columns naming the record an attachment hangs on."""

    target_kind: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int] = mapped_column(Integer)

    @declared_attr.directive
    def __table_args__(cls):
        return (Index(f"ix_{cls.__tablename__}_target", "target_kind", "target_id"),)


def add_attachment_target(config, kind: str, route_name: str):
    """Let comments and documents hang on records of access kind ``kind``.

    ``route_name`` is the route of the record's sheet, taking ``id``; the
    attachment pages link back to it. Added in 0.1.
    """
    registry = config.registry

    def register():
        if kind not in registry.relais_access_kinds:
            raise ConfigurationError(f"attachment target {kind}: no access kind")
        registry.relais_attachment_targets[kind] = AttachmentTarget(kind, route_name)

    # After the access kinds, which are registered at the default order.
    config.action(("relais-attachment-target", kind), register, order=1)


def target_kind(registry, record) -> str:
    """The attachment kind of ``record``, or ``LookupError``."""
    for kind in registry.relais_attachment_targets:
        if isinstance(record, registry.relais_access_kinds[kind].model):
            return kind
    raise LookupError(f"{type(record).__name__} takes no attachments")


def load_target(dbsession, registry, kind: str, ident):
    """The record ``kind`` / ``ident`` names, or ``None``."""
    if kind not in registry.relais_attachment_targets:
        return None
    try:
        ident = int(ident)
    except (TypeError, ValueError):
        return None
    return dbsession.get(registry.relais_access_kinds[kind].model, ident)


def posted_target(request, source):
    """The record a form's ``target_kind`` / ``target_id`` names, if visible."""
    from core.access import require_view

    kind, ident = source.get("target_kind", ""), source.get("target_id", "")
    record = load_target(request.dbsession, request.registry, kind, ident)
    return require_view(request, record)


def target_url(request, kind: str, ident: int) -> str:
    target = request.registry.relais_attachment_targets[kind]
    return request.route_url(target.route_name, id=ident)


def parent_visible(model):
    """An access ``within`` rule: the record ``model`` hangs on is visible."""

    def within(access):
        registry = access.registry
        clauses = []
        for kind in registry.relais_attachment_targets:
            parent = registry.relais_access_kinds[kind].model
            seen = select(parent.id).where(access.filter(kind))
            clauses.append(and_(model.target_kind == kind, model.target_id.in_(seen)))
        return or_(*clauses) if clauses else false()

    return within


def includeme(config):
    config.registry.relais_attachment_targets = {}
    config.add_directive("add_attachment_target", add_attachment_target)
