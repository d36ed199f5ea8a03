"""The lists' own hook implementations: their reference rows."""

from __future__ import annotations

from core import hookimpl
from core.plugins import ReferenceEntry

LIST_TYPES = (("liste", "Liste"), ("prospection", "Prospection"))


@hookimpl
def relais_register_reference_data():
    return [ReferenceEntry("list_type", code, label) for code, label in LIST_TYPES]


@hookimpl
def relais_on_demo_seed(dbsession, rng, users):
    from core.demo.lists import seed_lists

    seed_lists(dbsession, rng, users)
