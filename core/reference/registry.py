"""Which reference lists exist, for the admin pages and the seeding."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.i18n import _
from core.plugins import ReferenceEntry, collect

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReferenceField:
    """An extra editable column of a reference list."""

    name: str
    title: str
    kind: str = "text"  # text, colour, percent, parent


@dataclass(frozen=True)
class ReferenceList:
    kind: str
    model: type
    title: str
    fields: tuple[ReferenceField, ...] = ()
    permission: str = "admin.reference"


def add_reference_list(config, model, title, fields=(), permission="admin.reference"):
    """Make a reference model editable on the admin pages and seedable.

    ``model`` uses :class:`core.reference.models.ReferenceMixin`; ``fields``
    lists its extra columns as :class:`ReferenceField`. Added in 0.1.
    """
    ref = ReferenceList(model.kind, model, title, tuple(fields), permission)
    registry = config.registry

    def register():
        registry.relais_reference_lists[ref.kind] = ref

    config.action(("relais-reference-list", ref.kind), register)


def seed_reference_data(dbsession: Session, registry) -> int:
    """Insert the declared reference rows that do not exist yet."""
    lists = registry.relais_reference_lists
    entries: list[ReferenceEntry] = collect(
        registry.relais_plugins, "relais_register_reference_data"
    )
    added = 0
    for position, entry in enumerate(entries):
        ref = lists.get(entry.kind)
        if ref is None:
            raise LookupError(f"reference data for unknown list {entry.kind!r}")
        model = ref.model
        exists = dbsession.scalar(select(model.id).where(model.code == entry.code))
        if exists is not None:
            continue
        values = dict(entry.extra)
        parent_code = values.pop("parent", None)
        if parent_code is not None:
            values["parent_id"] = dbsession.scalar(
                select(model.id).where(model.code == parent_code)
            )
        family_code = values.pop("family", None)
        if family_code is not None:
            # The list the family column points to (function or keyword families).
            family = model.family.property.mapper.class_
            values["family_id"] = dbsession.scalar(
                select(family.id).where(family.code == family_code)
            )
        dbsession.add(
            model(code=entry.code, label=entry.label, position=position, **values)
        )
        dbsession.flush()
        added += 1
    log.info("reference.seeded added=%s", added)
    return added


def includeme(config):
    from core.reference import models as m

    config.registry.relais_reference_lists = {}
    config.add_directive("add_reference_list", add_reference_list)
    colour = ReferenceField("colour", _("Colour"), "colour")
    icon = ReferenceField("icon", _("Icon"))
    config.add_reference_list(m.CompanyType, _("Company types"))
    config.add_reference_list(
        m.Sector, _("Sectors"), [ReferenceField("parent_id", _("Sector"), "parent")]
    )
    config.add_reference_list(m.Situation, _("Situations"))
    config.add_reference_list(m.FunctionFamily, _("Function families"))
    config.add_reference_list(
        m.Function,
        _("Functions"),
        [ReferenceField("family_id", _("Family"), "family")],
    )
    config.add_reference_list(m.ActionType, _("Action types"), [colour, icon])
    config.add_reference_list(m.Product, _("Products"))
    config.add_reference_list(
        m.OpportunityStatus,
        _("Opportunity statuses"),
        [ReferenceField("rate", _("Probability (%)"), "percent")],
    )
