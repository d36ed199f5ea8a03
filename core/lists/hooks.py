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


@hookimpl
def relais_register_merge_steps():
    """List rows follow a merged company or contact; a list holding both keeps one."""
    from core.directory.services.merge_steps import column_step
    from core.i18n import _
    from core.lists.models import ListRow

    return [
        column_step(
            "lists.record_list_row.company_id",
            "company",
            _("Lists"),
            ListRow,
            "company_id",
            unique_with=("list_id",),
        ),
        column_step(
            "lists.record_list_row.contact_id",
            "contact",
            _("Lists"),
            ListRow,
            "contact_id",
            unique_with=("list_id",),
        ),
    ]
