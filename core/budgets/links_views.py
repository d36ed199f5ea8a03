"""The "Qui travaille avec qui?" page: filters, applied-filter chips, results."""

from __future__ import annotations

from pyramid.renderers import get_renderer
from pyramid.view import view_config

from core.budgets.links import CHANGES, LinkFilters, by_sector, find_budgets
from core.directory.services import references
from core.forms import parse_ids, read_day
from core.i18n import _

CHANGE_TITLES = {
    "created": _("Creation"),
    "updated": _("Change"),
    "deleted": _("Deletion"),
}


def _ids(values) -> list[int]:
    return sorted(parse_ids(values))


def read_filters(params) -> tuple[LinkFilters, dict]:
    errors: dict = {}
    filters = LinkFilters(
        text=params.get("q", "").strip()[:100],
        sector_ids=_ids(params.getall("sector_ids")),
        type_ids=_ids(params.getall("type_ids")),
        changes=[c for c in CHANGES if c in params.getall("changes")],
        since=read_day(params, "since", errors),
        until=read_day(params, "until", errors),
    )
    if filters.since and filters.until and filters.since > filters.until:
        errors["until"] = _("The end comes before the start.")
    if (filters.since or filters.until) and not filters.changes:
        errors["changes"] = _("Choose the changes to look for between these dates.")
    return filters, errors


def chips(filters: LinkFilters, sectors: dict, types: dict) -> list[tuple[str, str]]:
    """The applied filters, each as (what, value) for the chips above results."""
    found = []
    if filters.text:
        found.append((_("Quick search"), filters.text))
    found += [(_("Sector"), sectors[i]) for i in filters.sector_ids if i in sectors]
    found += [(_("Company type"), types[i]) for i in filters.type_ids if i in types]
    found += [(_("Change"), CHANGE_TITLES[c]) for c in filters.changes]
    return found


@view_config(
    route_name="budget_links",
    renderer="core:templates/budgets/links.pt",
    permission="view",
)
def budget_links(request):
    session = request.dbsession
    filters, errors = read_filters(request.params)
    tree = references.sector_tree(session)
    sectors = {s.id: s.label for group in tree for s in [group.sector, *group.children]}
    types = {t.id: t.label for t in references.company_types(session)}
    searched = any(
        [filters.text, filters.sector_ids, filters.type_ids, filters.changes]
    )
    groups, total = [], 0
    if errors:
        request.response.status = 400
    elif searched:
        from core.web.layout import PageHelpers

        zone = PageHelpers(request).timezone
        budgets = find_budgets(session, filters, zone)
        total = len(budgets)
        groups = by_sector(budgets)
    return {
        "title": _("Who works with whom?"),
        "filters": filters,
        "errors": errors,
        "sectors": tree,
        "types": references.company_types(session),
        "change_titles": CHANGE_TITLES,
        "chips": chips(filters, sectors, types),
        "searched": searched and not errors,
        "groups": groups,
        "total": total,
        "fields": get_renderer("core:templates/budgets/fields.pt").implementation(),
        "people": get_renderer("core:templates/budgets/people.pt").implementation(),
    }
