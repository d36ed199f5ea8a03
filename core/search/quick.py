"""The quick search's built-in sources: budgets, companies and contacts.

Each source asks :class:`~core.search.criteria.Criteria` for the matching
ids, keeps at most ``BOUND`` of them (counting beyond that would cost more
than "1000+" is worth), sorts those and returns the first ``limit`` with the
columns the box shows, all in one statement: the box is typed into, so every
round trip and every loaded object is felt.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from core.budgets.models import Budget
from core.directory.models import Company, Contact
from core.i18n import _
from core.reference.models import CompanyType
from core.search.criteria import Criteria
from core.search.index import pattern_shape, pattern_values
from core.search.text import patterns

BOUND = 1000
QUICK_LIMIT = 10


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    url: str


def options(request) -> dict:
    """What the box asks beside the text: "Portefeuille", departed, inactive."""
    params = request.params
    return {
        "portfolio": "mine" if params.get("portfolio") in ("1", "on", "mine") else "",
        "everything": params.get("all") in ("1", "on"),
    }


TEXT_FIELDS = {"company": "q", "contact": "contact_q", "budget": "budget_q"}


def quick_criteria(request, entity: str, text: str) -> Criteria:
    wanted = options(request)
    values = {"entity": entity, TEXT_FIELDS[entity]: text}
    if wanted["portfolio"]:
        values["portfolio"] = wanted["portfolio"]
    if wanted["everything"]:
        values.update(active="all", in_position="all")
    return Criteria.model_validate(values)


def page_of(found, details, limit: int):
    """The first ``limit`` rows of ``found`` in order, with their details.

    ``found`` is a subquery of ``id`` and ``sort_key`` already bounded;
    ``details(page)`` selects the columns shown from the page's ids; every
    row carries the bounded count as ``total``.
    """
    page = (
        select(found.c.id, found.c.sort_key, func.count().over().label("total"))
        .order_by(found.c.sort_key, found.c.id)
        .limit(limit)
        .subquery("page")
    )
    return details(page).order_by(page.c.sort_key, page.c.id)


def first_rows(session, found, details, limit: int, params=None):
    """Run :func:`page_of`; the rows and the bounded count."""
    return _run(session, page_of(found, details, limit), params)


def _run(session, query, params=None):
    # Plain rows through the connection: no ORM entity is loaded here.
    rows = session.connection().execute(query, params).all()
    return rows, (rows[0].total if rows else 0)


# The box's statements, by shape: as-you-type terms differ in their values
# only, and building the statement costs several times running it.
STATEMENTS: dict = {}
STATEMENTS_KEPT = 256
_KEEPING = threading.Lock()
NAMES = "term_"


def bounded(request, criteria: Criteria, details, limit: int):
    session = request.dbsession
    user_id = _user_id(request)
    dialect = session.get_bind().dialect.name
    if criteria.entity == "budget":
        found = criteria.select(user_id, dialect, request.access, keyed=True)
        return first_rows(session, found.limit(BOUND + 1).subquery(), details, limit)
    found_patterns = patterns(getattr(criteria, TEXT_FIELDS[criteria.entity]))
    key = _statement_key(request, criteria, dialect, found_patterns, details, limit)
    query = STATEMENTS.get(key) if key is not None else None
    if query is None:
        found = criteria.select(
            user_id, dialect, request.access, keyed=True, names=NAMES
        )
        query = page_of(found.limit(BOUND + 1).subquery("found"), details, limit)
        if key is not None:
            with _KEEPING:  # the oldest shape goes first
                if len(STATEMENTS) >= STATEMENTS_KEPT:
                    STATEMENTS.pop(next(iter(STATEMENTS)))
                STATEMENTS[key] = query
    values = pattern_values(dialect, found_patterns)
    return _run(session, query, {f"{NAMES}{n}": v for n, v in enumerate(values)})


def _statement_key(request, criteria, dialect, found_patterns, details, limit):
    """Everything the box's statement depends on but its text's values.

    The access conditions enter by their structure and values, so a change
    of rights, team or rules makes another statement. ``None`` when they
    cannot be keyed (the statement is then built each time).
    """
    prints = []
    for kind in ("company", "contact"):
        cache_key = request.access.filter(kind)._generate_cache_key()
        if cache_key is None:
            return None
        values = tuple(repr(b.effective_value) for b in cache_key.bindparams)
        prints.append((cache_key.key, values))
    options = criteria.model_dump(exclude=set(TEXT_FIELDS.values()))
    return (
        dialect,
        pattern_shape(dialect, found_patterns),
        repr(sorted(options.items())),
        _user_id(request),
        tuple(prints),
        details,
        limit,
    )


def _company_details(page):
    return (
        select(page.c.id, page.c.total, Company.name, Company.trade_name)
        .add_columns(CompanyType.label)
        .join(Company, Company.id == page.c.id)
        .join(CompanyType, CompanyType.id == Company.type_id)
    )


def _contact_details(page):
    return (
        select(page.c.id, page.c.total, Contact.first_name, Contact.last_name)
        .add_columns(Company.name)
        .join(Contact, Contact.id == page.c.id)
        .outerjoin(Company, Company.id == Contact.company_id)
    )


def _budget_details(page):
    return (
        select(page.c.id, page.c.total, Budget.name, Company.name.label("company"))
        .join(Budget, Budget.id == page.c.id)
        .join(Company, Company.id == Budget.company_id)
    )


class Links:
    """Record addresses built once per route, then filled in per hit."""

    def __init__(self, request, route: str):
        marker = "990099009900"
        self._head, self._tail = request.route_url(route, id=marker).split(marker)

    def __call__(self, ident: int) -> str:
        return f"{self._head}{ident}{self._tail}"


def search_companies(request, text: str, limit: int):
    criteria = quick_criteria(request, "company", text)
    rows, total = bounded(request, criteria, _company_details, limit)
    link = Links(request, "company")
    hits = [
        Hit(
            row.name,
            " · ".join(p for p in (row.trade_name, row.label) if p),
            link(row.id),
        )
        for row in rows
    ]
    return hits, total


def search_contacts(request, text: str, limit: int):
    criteria = quick_criteria(request, "contact", text)
    rows, total = bounded(request, criteria, _contact_details, limit)
    link = Links(request, "contact")
    hits = [
        Hit(
            f"{row.first_name} {row.last_name}".strip(),
            row.name or "",
            link(row.id),
        )
        for row in rows
    ]
    return hits, total


def search_budgets(request, text: str, limit: int):
    criteria = quick_criteria(request, "budget", text)
    rows, total = bounded(request, criteria, _budget_details, limit)
    link = Links(request, "budget")
    return [Hit(row.name, row.company, link(row.id)) for row in rows], total


@dataclass(frozen=True)
class RecentSource:
    name: str
    title: str


RECENT = (
    ("budget", RecentSource("budgets", _("Budgets"))),
    ("company", RecentSource("companies", _("Companies"))),
    ("contact", RecentSource("contacts", _("Contacts"))),
)


def recent_groups(request) -> list[dict]:
    """What an empty box shows: the records the user opened last, per group.

    Records the user may no longer see (access rules, deactivation) are left
    out, and so are departed contacts and those of an inactive company.
    """
    from core.history.recent import recent_hits

    if request.identity is None:
        return []
    groups = []
    for entity, source in RECENT:
        hits = recent_hits(request, entity, QUICK_LIMIT)
        visible = _visible_ids(request, entity, [hit.entity_id for hit in hits])
        hits = [hit for hit in hits if hit.entity_id in visible]
        if hits:
            groups.append(
                {"source": source, "hits": hits, "total": len(hits), "more": None}
            )
    return groups


def _visible_ids(request, entity: str, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    model = {"budget": Budget, "company": Company, "contact": Contact}[entity]
    query = select(model.id).where(model.id.in_(ids))
    if entity == "budget":
        query = query.join(Company, Company.id == Budget.company_id)
        query = query.where(request.access.filter("company"))
    else:
        query = query.where(request.access.filter(entity))
    if entity == "contact":
        # As the box leaves them out of its answers: in position, at an
        # active company (or at none).
        query = query.outerjoin(Company, Company.id == Contact.company_id).where(
            Contact.departed_at.is_(None),
            or_(Contact.company_id.is_(None), Company.active.is_(True)),
        )
    return set(request.dbsession.scalars(query))


def _user_id(request) -> int | None:
    return request.identity.id if request.identity is not None else None


ENTITIES = {"companies": "company", "contacts": "contact", "budgets": "budget"}


def full_results_url(request, source_name: str, text: str) -> str | None:
    """Where a group's count leads: the advanced search with the same text,
    or the opportunities table filtered by it (open and closed, anyone's)."""
    if source_name == "opportunities":
        query = {"q": text, "filtered": "1", "closed": "all"}
        if options(request)["portfolio"]:
            query["portfolio"] = "mine"
        return request.route_url("opportunities", _query=query)
    entity = ENTITIES.get(source_name)
    if entity is None:
        return None
    criteria = quick_criteria(request, entity, text)
    return request.route_url("search", _query=criteria.to_params())
