"""Keep the search index in step with companies and contacts, and query it.

Every flush that adds, changes or deletes a company or a contact rewrites
its row in ``search_company`` / ``search_contact``: the application computes
the folded text, so both engines index exactly the same characters. Code
that changes names, emails or phones with bulk ``UPDATE`` statements
bypasses the ORM and must call :func:`reindex` for the ids it touched.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Table,
    Text,
    bindparam,
    delete,
    event,
    func,
    insert,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, load_only

from core.actions.models import Action
from core.actions.richtext import report_text
from core.directory.models import (
    Company,
    CompanySource,
    Contact,
    ContactPreviousEmail,
)
from core.directory.normalise import fold
from core.reference.models import ActionType
from core.search.models import SearchAction, SearchCompany, SearchContact
from core.search.text import (
    END,
    START,
    Pattern,
    compact_field,
    field,
    fold_text,
    like_pattern,
    mail_field,
    phone_digits,
)

log = logging.getLogger(__name__)


def company_row(company, references: Iterable[str] | None = None) -> dict:
    """The index row of a company (an ORM object or a row with its columns).

    ``references`` are the company's ids in its sources (read from an ORM
    company when not given), so that the id a file or a database gives it
    finds it, as its SIRET does.
    """
    if references is None:
        sources = getattr(company, "sources", None) or ()
        references = [source.reference for source in sources]
    text = "".join(
        [
            field(company.name, compact=True),
            field(company.trade_name, compact=True),
            field(company.siret),
            field(phone_digits(company.phone)),
            field(phone_digits(company.fax)),
            *(field(reference, compact=True) for reference in references),
        ]
    )
    return {
        "company_id": company.id,
        "sort_key": fold(company.name or "")[:200],
        "text": text,
    }


def contact_row(contact, previous: Iterable[str] | None = None) -> dict:
    """The index row of a contact: full name, last name, emails, phones.

    ``previous`` are the addresses the contact used before (read from an ORM
    contact when not given), so that searching an old address finds them.
    """
    if previous is None:
        previous = [p.email for p in getattr(contact, "previous_emails", ())]
    full_name = f"{contact.first_name or ''} {contact.last_name or ''}"
    text = "".join(
        [
            field(full_name),
            field(contact.last_name, compact=True),
            compact_field(contact.first_name),
            mail_field(contact.email),
            field(phone_digits(contact.phone)),
            field(phone_digits(contact.mobile)),
            *(mail_field(email) for email in previous),
        ]
    )
    sort_key = fold(f"{contact.last_name or ''} {contact.first_name or ''}")
    return {"contact_id": contact.id, "sort_key": sort_key[:200], "text": text}


BODY_LIMIT = 20_000
EPOCH_END = 10**10


def is_email(action) -> bool:
    code = action.type.code if action.type is not None else ""
    return code == "email" or action.origin == "mail"


def action_row(action) -> dict | None:
    """The index row of an e-mail action; ``None`` for other actions."""
    if not is_email(action):
        return None
    body = report_text(action.report_html)[:BODY_LIMIT]
    # Ascending order of this key is the most recent mail first.
    recency = EPOCH_END - int(action.starts_at.timestamp())
    text = field(action.subject) + field(body)
    return {"action_id": action.id, "sort_key": f"{recency:011d}", "text": text}


KINDS = {
    Company: (SearchCompany, company_row),
    Contact: (SearchContact, contact_row),
    Action: (SearchAction, action_row),
}

# The FTS5 mirrors exist only on SQLite (the migration creates them).
_fts = MetaData()
FTS = {
    model: Table(
        f"{model.__tablename__}_fts",
        _fts,
        Column("rowid", Integer),
        Column("text", Text),
    )
    for model in (SearchCompany, SearchContact, SearchAction)
}


def _write(session: Session, model, rows: list[dict], deleted: list[int]) -> None:
    key = model.__table__.primary_key.columns.values()[0]
    ids = [row[key.name] for row in rows] + deleted
    if not ids:
        return
    connection = session.connection()
    connection.execute(delete(model).where(key.in_(ids)))
    if rows:
        connection.execute(insert(model), rows)


def _after_flush(session: Session, _context) -> None:
    changed: dict = {model: ([], []) for model in KINDS}
    companies = _companies_to_index(session)
    references = _references(session, list(companies))
    for company_id, company in companies.items():
        changed[Company][0].append(company_row(company, references[company_id]))
    for obj in list(session.new) + list(session.dirty):
        if type(obj) in KINDS and type(obj) is not Company and obj.id is not None:
            row = KINDS[type(obj)][1](obj)
            if row is None:
                changed[type(obj)][1].append(obj.id)
            else:
                changed[type(obj)][0].append(row)
    for obj in session.deleted:
        if type(obj) in KINDS and obj.id is not None:
            changed[type(obj)][1].append(obj.id)
    for model, (rows, deleted) in changed.items():
        _write(session, KINDS[model][0], rows, deleted)


def _companies_to_index(session: Session) -> dict:
    """The companies this flush changed, directly or through their sources.

    A source added, changed or removed changes the company's references,
    which the flush has already written: they are read back from the table.
    """
    companies = {
        obj.id: obj
        for obj in list(session.new) + list(session.dirty)
        if type(obj) is Company and obj.id is not None
    }
    gone = {obj.id for obj in session.deleted if type(obj) is Company}
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if type(obj) is CompanySource and obj.company_id is not None:
            company_id = obj.company_id
            if company_id not in companies and company_id not in gone:
                company = session.get(Company, company_id)
                if company is not None:
                    companies[company_id] = company
    return companies


def _references(session: Session, ids: list[int]) -> dict[int, list[str]]:
    """The source references of these companies, as stored."""
    found: dict[int, list[str]] = {company_id: [] for company_id in ids}
    if not ids:
        return found
    query = (
        select(CompanySource.company_id, CompanySource.reference)
        .where(CompanySource.company_id.in_(ids))
        .where(CompanySource.reference.is_not(None))
        .order_by(CompanySource.id)
    )
    for company_id, reference in session.connection().execute(query):
        found[company_id].append(reference)
    return found


def reindex(session: Session, model, ids: Iterable[int]) -> None:
    """Recompute the index rows of ``model`` (``Company`` or ``Contact``).

    For code that changed searchable columns without the ORM. Added in 0.1.
    """
    index_model, build = KINDS[model]
    ids = list(ids)
    records = session.scalars(select(model).where(model.id.in_(ids))).all()
    if model is Company:
        references = _references(session, [record.id for record in records])
        rows = [build(record, references[record.id]) for record in records]
    else:
        rows = [row for row in map(build, records) if row is not None]
    _write(session, index_model, rows, ids)


def rebuild(session: Session, batch: int = 5000, models=None) -> int:
    """Rebuild the index (after a bulk import); return the rows written.

    ``models`` limits the work to some of ``Company``, ``Contact``, ``Action``.
    """
    written = 0
    for model, (index_model, build) in KINDS.items():
        if models is not None and model not in models:
            continue
        session.execute(delete(index_model))
        if model is Action:
            written += _rebuild_emails(session, batch)
            continue
        columns = [c for c in model.__table__.columns if c.name in _SOURCE[model]]
        result = session.execute(select(*columns).execution_options(yield_per=batch))
        for part in result.partitions():
            if model is Contact:
                previous = _previous_emails(session, [row.id for row in part])
                rows = [build(row, previous.get(row.id, ())) for row in part]
            elif model is Company:
                references = _references(session, [row.id for row in part])
                rows = [build(row, references[row.id]) for row in part]
            else:
                rows = [build(row) for row in part]
            session.execute(insert(index_model), rows)
            written += len(rows)
    log.info("search.index.rebuilt rows=%s", written)
    return written


def _previous_emails(session: Session, ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    query = select(ContactPreviousEmail.contact_id, ContactPreviousEmail.email).where(
        ContactPreviousEmail.contact_id.in_(ids)
    )
    for contact_id, email in session.execute(query):
        found.setdefault(contact_id, []).append(email)
    return found


def _rebuild_emails(session: Session, batch: int) -> int:
    emails = select(ActionType.id).where(ActionType.code == "email")
    # Only the indexed columns: the 0012 migration runs this on a schema that
    # lacks the action columns added after it.
    columns = (Action.type_id, Action.subject, Action.report_html, Action.starts_at)
    query = (
        select(Action)
        .options(load_only(*columns, Action.origin))
        .where(or_(Action.type_id.in_(emails), Action.origin == "mail"))
    )
    written = 0
    result = session.scalars(query.execution_options(yield_per=batch))
    for part in result.partitions():
        rows = [row for row in map(action_row, part) if row is not None]
        if rows:
            session.execute(insert(SearchAction), rows)
        written += len(rows)
    return written


_SOURCE = {
    Company: {"id", "name", "trade_name", "siret", "phone", "fax"},
    Contact: {"id", "first_name", "last_name", "email", "phone", "mobile"},
}


def _word_trigram(pattern: Pattern) -> bool:
    """Whether PostgreSQL's trigram index can narrow the pattern down."""
    return any(re.search(r"\w{3}", piece) for piece in pattern.pieces)


def _sqlite_simple(patterns: list[Pattern]) -> bool:
    return bool(patterns) and all(
        not p.spans_fields and p.longest >= 3 for p in patterns
    )


def pattern_shape(dialect: str, patterns: list[Pattern]) -> tuple:
    """What the SQL of :func:`matching_ids` depends on, besides the values."""
    if dialect == "sqlite" and _sqlite_simple(patterns):
        return ("match",)
    return tuple((_word_trigram(p), p.spans_fields) for p in patterns)


def pattern_values(dialect: str, patterns: list[Pattern]) -> list[str]:
    """The values :func:`matching_ids` binds, in the order it names them."""
    if dialect == "sqlite" and _sqlite_simple(patterns):
        return [
            " OR ".join('"' + p.pieces[0].replace('"', '""') + '"' for p in patterns)
        ]
    values = []
    for pattern in patterns:
        values.append(pattern.glob() if dialect == "sqlite" else pattern.like())
        if pattern.spans_fields:
            values.append(pattern.regex())
    return values


def matching_ids(
    dialect: str, index_model, patterns: list[Pattern], keyed=False, names=None
):
    """A select of the record ids whose index text matches any pattern.

    SQLite reads its FTS5 mirror (one ``MATCH`` of phrases when every pattern
    is a single piece of three characters or more, ``GLOB`` otherwise: never
    ``LIKE ... ESCAPE``, which stops FTS5 using its index). PostgreSQL reads
    the trigram-indexed column; terms without three word characters skip the
    index, whose scan would cost more than reading rows until enough match.
    ``keyed`` adds the row's ``sort_key`` there (SQLite's mirror has none).
    With ``names``, the values are parameters named ``names0``, ``names1``...
    (see :func:`pattern_values`), so the statement can run again with others.
    """
    key = index_model.__table__.primary_key.columns.values()[0]
    values = iter(
        [
            bindparam(f"{names}{n}", value, type_=Text) if names else value
            for n, value in enumerate(pattern_values(dialect, patterns))
        ]
    )
    if dialect == "sqlite":
        return _sqlite_ids(index_model, patterns, values)

    conditions = []
    for pattern in patterns:
        column = index_model.text
        if not _word_trigram(pattern):
            column = column.concat("")
        condition = column.like(next(values))
        if pattern.spans_fields:
            condition = condition & index_model.text.regexp_match(next(values))
        conditions.append(condition)
    columns = [key.label("id")] + ([index_model.sort_key] if keyed else [])
    return select(*columns).where(or_(*conditions))


def folded_matches(column, patterns: list[Pattern]):
    """Whether a short column (a budget's name...) matches any pattern.

    For small tables that have no index of their own: the column is folded
    (``relais_search_fold``, :func:`~core.search.text.fold_text` in SQL) and
    framed like the index's fields, and matched with ``LIKE`` (a plain table,
    so SQLite's ``ESCAPE`` costs nothing here). The words run together are
    matched too, as the index does for names (see :func:`field`).
    """
    folded = func.relais_search_fold(column)
    framed = literal(START) + folded + literal(END)
    compact = literal(START) + func.replace(folded, " ", "") + literal(END)
    return or_(
        *(
            text.like(p.like(), escape="\\")
            for p in patterns
            for text in (framed, compact)
        )
    )


def folded_contains(text: str, *columns):
    """Whether any column holds ``text``, accents and case aside.

    For filters over a handful of rows (a list's rows, an API page): both
    sides are folded like the index (``relais_search_fold`` in SQL,
    :func:`~core.search.text.fold_text` for the text) and only ``*`` is a
    wildcard, as in :func:`~core.search.text.like_pattern`.
    """
    pattern = like_pattern(fold_text(text))
    return or_(
        *(
            func.relais_search_fold(column).like(pattern, escape="\\")
            for column in columns
        )
    )


def folded_starts_with(text: str, column):
    """Whether ``column`` starts with ``text``, read as people type places.

    Accents and case aside, and without the spaces, dashes and apostrophes
    (all gone on both sides): ``chauvin``, ``CHAUVIN LA FORET`` and
    ``chauvin-la-foret`` name the same town, ``saint`` finds every Saint-…
    and ``saint jean d angely`` finds Saint-Jean-d'Angély.
    """
    folded = func.replace(func.relais_search_fold(column), " ", "")
    return or_(
        *(
            folded.like(_like_escaped(spelling) + "%", escape="\\")
            for spelling in _saint_spellings(fold_text(text))
        )
    )


_SAINTS = {"saint": "st", "sainte": "ste", "st": "saint", "ste": "sainte"}


def _saint_spellings(folded: str) -> list[str]:
    """The typed place run together, with ``st`` for ``saint`` and back.

    La Poste and many old records write ``ST DENIS``: a first word typed in
    full, and followed by another, is looked for in both spellings.
    """
    words = folded.split()
    spellings = ["".join(words)]
    if len(words) > 1 and words[0] in _SAINTS:
        spellings.append(_SAINTS[words[0]] + "".join(words[1:]))
    return spellings


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _sqlite_ids(index_model, patterns: list[Pattern], values):
    fts = FTS[index_model]
    if _sqlite_simple(patterns):
        return select(fts.c.rowid.label("id")).where(
            fts.c.text.op("MATCH")(next(values))
        )
    selects = []
    for pattern in patterns:
        query = select(fts.c.rowid.label("id")).where(
            fts.c.text.op("GLOB")(next(values))
        )
        if pattern.spans_fields:
            query = query.where(fts.c.text.op("REGEXP")(next(values)))
        selects.append(query)
    return selects[0] if len(selects) == 1 else union(*selects)


def _regexp(pattern: str, value: str | None) -> bool:
    return value is not None and re.search(pattern, value) is not None


def _sqlite_functions(dbapi_connection, _record) -> None:
    # SQLite has no REGEXP nor accent folding of its own; PostgreSQL gets
    # ``relais_fold`` and ``relais_search_fold`` from the migrations.
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("regexp", 2, _regexp, deterministic=True)
        dbapi_connection.create_function(
            "relais_fold", 1, lambda v: fold(v) if v else v, deterministic=True
        )
        dbapi_connection.create_function(
            "relais_search_fold",
            1,
            lambda v: fold_text(v) if v else v,
            deterministic=True,
        )


def install() -> None:
    """Listen to every session's flushes and every SQLite connection."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
    if not event.contains(Engine, "connect", _sqlite_functions):
        event.listen(Engine, "connect", _sqlite_functions)
