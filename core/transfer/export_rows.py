"""The records of an export, read as plain rows and turned into cells.

An export of 100,000 contacts spent most of its time building objects: ORM
records first, then one small object per contact, function, company and
address, which also kept the garbage collector busy. A record's cells are
a function of one flat row (a contact with its function and company, or a
company with its type and situation, and the address it is reached at,
chosen in SQL), so each chunk of ids is one query and each record one list
of cells. Only the options that add columns (sectors, owners, keywords,
every address) read more, once per chunk.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import (
    ARRAY,
    Integer,
    any_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased

from core.auth.models import User
from core.directory.models import (
    Address,
    Company,
    CompanyPortfolio,
    Contact,
    company_sector,
)
from core.directory.normalise import format_phone, format_siret
from core.reference.models import CompanyType, Function, Sector, Situation


@dataclass(slots=True)
class AddressRow:
    id: int
    street: str
    street2: str | None
    street3: str | None
    postcode: str | None
    city: str | None
    country: str | None

    # The envelope lines, as the directory's own address prints them.
    lines = property(Address.lines.fget)


# The columns of an address row after its id, in AddressRow's order.
_ADDRESS_TEXT = (
    Address.street,
    Address.street2,
    Address.street3,
    Address.postcode,
    Address.city,
    Address.country,
)
_COLUMNS = (
    Contact.id,
    Contact.civility,
    Contact.first_name,
    Contact.last_name,
    Function.label.label("function"),
    Contact.title,
    Contact.email,
    Contact.phone,
    Contact.mobile,
    Contact.do_not_contact,
    Contact.company_id,
    Company.name.label("company"),
    Address.id.label("address_id"),
    Address.contact_id.label("address_contact_id"),
    *_ADDRESS_TEXT,
)


def among(column, dialect: str):
    """``column`` is one of the ``ids`` parameter, a single bound value.

    An ``IN`` of a thousand expanded parameters cost more to render than to
    run, once per chunk; an array (PostgreSQL) or a JSON text (SQLite) is one
    parameter whatever the chunk's size: see :func:`ids_value`.
    """
    if dialect == "postgresql":
        return column == any_(bindparam("ids", type_=ARRAY(Integer)))
    values = select(literal_column("value")).select_from(
        func.json_each(bindparam("ids"))
    )
    return column.in_(values.scalar_subquery())


def ids_value(ids: list[int], dialect: str):
    """The ``ids`` parameter of :func:`among`."""
    return ids if dialect == "postgresql" else json.dumps(ids)


def _first_address(owner, default_only: bool):
    """The smallest id of an owner's addresses (default ones, or all).

    ``min`` is one seek in the owner's index where ``ORDER BY ... LIMIT 1``
    sorted each owner's addresses, row after row of the export.
    """
    other = aliased(Address)
    query = select(func.min(other.id)).where(owner(other))
    if default_only:
        query = query.where(other.is_default.is_(True))
    return query.scalar_subquery()


def _reached_at(query, owners):
    """``query`` joined to the address a record is reached at.

    The first owner with an address gives it: its default one, else its
    first one.
    """
    chosen = func.coalesce(
        *(
            _first_address(owner, default)
            for owner in owners
            for default in (True, False)
        )
    )
    return query.outerjoin(Address, Address.id == chosen)


def contacts_query(dialect: str):
    """The flat rows of the contacts whose ids are the ``ids`` parameter.

    The address is the contact's default one, else its first one; a contact
    without an address of its own is reached at its company's (same rule).
    """
    query = (
        select(*_COLUMNS)
        .outerjoin(Function, Function.id == Contact.function_id)
        .outerjoin(Company, Company.id == Contact.company_id)
    )
    owners = (
        lambda a: a.contact_id == Contact.id,
        lambda a: a.company_id == Contact.company_id,
    )
    return _reached_at(query, owners).where(among(Contact.id, dialect))


_COMPANY_COLUMNS = (
    Company.id,
    Company.name,
    Company.trade_name,
    CompanyType.label.label("type"),
    Situation.label.label("situation"),
    Company.phone,
    Company.siret,
    Company.website,
    Address.id.label("address_id"),
    *_ADDRESS_TEXT,
)


def companies_query(dialect: str):
    """The flat rows of the companies whose ids are the ``ids`` parameter."""
    query = (
        select(*_COMPANY_COLUMNS)
        .outerjoin(CompanyType, CompanyType.id == Company.type_id)
        .outerjoin(Situation, Situation.id == Company.situation_id)
    )
    owners = (lambda a: a.company_id == Company.id,)
    return _reached_at(query, owners).where(among(Company.id, dialect))


@dataclass
class ChunkExtras:
    """What the options add to the contacts of one chunk, by owner."""

    sectors: dict[int, str] = field(default_factory=dict)
    owners: dict[int, str] = field(default_factory=dict)
    addresses: dict[tuple[str, int], list[AddressRow]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def other_addresses(self, owner: tuple[str, int], shown_id) -> str:
        """The addresses of ``owner`` but the one shown."""
        others = [a for a in self.addresses.get(owner, ()) if a.id != shown_id]
        return " | ".join(", ".join(a.lines) for a in others)


def _sectors(session: Session, company_ids: list[int]) -> dict[int, str]:
    query = (
        select(company_sector.c.company_id, Sector.label)
        .join(Sector, Sector.id == company_sector.c.sector_id)
        .where(company_sector.c.company_id.in_(company_ids))
        .order_by(Sector.position, Sector.id)
    )
    labels = defaultdict(list)
    for company_id, label in session.execute(query):
        labels[company_id].append(label)
    return {company_id: ", ".join(names) for company_id, names in labels.items()}


def _owners(session: Session, company_ids: list[int]) -> dict[int, str]:
    query = (
        select(CompanyPortfolio.company_id, User.first_name, User.last_name)
        .join(User, User.id == CompanyPortfolio.user_id)
        .where(CompanyPortfolio.company_id.in_(company_ids))
        .order_by(User.last_name, User.id)
    )
    people = defaultdict(list)
    for company_id, first, last in session.execute(query):
        people[company_id].append(f"{first or ''} {last}".strip())
    return {company_id: ", ".join(names) for company_id, names in people.items()}


def _addresses(session: Session, contact_ids, company_ids, into) -> None:
    query = (
        select(Address.contact_id, Address.company_id, Address.id, *_ADDRESS_TEXT)
        .where(
            or_(
                Address.contact_id.in_(contact_ids),
                Address.company_id.in_(company_ids),
            )
        )
        .order_by(Address.id)
    )
    for contact_id, company_id, *values in session.execute(query):
        if contact_id is not None:
            into[("contact", contact_id)].append(AddressRow(*values))
        else:
            into[("company", company_id)].append(AddressRow(*values))


def chunk_extras(session: Session, kind: str, found: list, options) -> ChunkExtras:
    extras = ChunkExtras()
    if not (options.qualifications or options.portfolio or options.all_addresses):
        return extras
    if kind == "company":
        company_ids, contact_ids = [row.id for row in found], []
    else:
        company_ids = sorted({row.company_id for row in found if row.company_id})
        contact_ids = [row.id for row in found]
    if options.qualifications and company_ids:
        extras.sectors = _sectors(session, company_ids)
    if options.portfolio and company_ids:
        extras.owners = _owners(session, company_ids)
    if options.all_addresses:
        _addresses(session, contact_ids, company_ids, extras.addresses)
    return extras


def record_chunks(
    session: Session, kind: str, id_chunks: Iterable[list[int]], options
) -> Iterator[tuple[list, ChunkExtras]]:
    """The rows of each chunk of ids, in that order, with their extras."""
    dialect = session.get_bind().dialect.name
    query = (companies_query if kind == "company" else contacts_query)(dialect)
    for chunk in id_chunks:
        # Plain rows from the connection: the ORM adds nothing to columns.
        result = session.connection().execute(query, {"ids": ids_value(chunk, dialect)})
        by_id = {row[0]: row for row in result.all()}
        found = [by_id[ident] for ident in chunk if ident in by_id]
        yield found, chunk_extras(session, kind, found, options)


def _address_cells(street, street2, street3, postcode, city, country) -> list:
    """The address columns of a row (:data:`_ADDRESS_TEXT`) as cells."""
    if street2 or street3:
        street = "\n".join(filter(None, (street, street2, street3)))
    return [street or "", postcode or "", city or "", country or ""]


def company_cells(row, options, extras: ChunkExtras, tags) -> list:
    """The cells of one company row, in the order of the company headers."""
    (
        ident,
        name,
        trade_name,
        kind,
        situation,
        phone,
        siret,
        website,
        address_id,
        *address,
    ) = row
    cells = [
        name,
        trade_name or "",
        kind or "",
        situation or "",
        format_phone(phone) if phone else "",
        format_siret(siret),
        website or "",
        *_address_cells(*address),
    ]
    if options.all_addresses:
        cells.append(extras.other_addresses(("company", ident), address_id))
    if options.qualifications:
        cells.append(extras.sectors.get(ident, ""))
        cells.append(tags.qualifications("company", ident))
    if options.keywords:
        cells.append(tags.keywords("company", ident))
    if options.portfolio:
        cells.append(extras.owners.get(ident, ""))
    return cells


def contact_cells(row, options, yes: str, no: str, extras: ChunkExtras, tags):
    """The cells of one contact row, in the order of the contact headers."""
    (
        ident,
        civility,
        first_name,
        last_name,
        function,
        title,
        email,
        phone,
        mobile,
        do_not_contact,
        company_id,
        company,
        address_id,
        address_contact_id,
        *address,
    ) = row
    cells = [
        civility or "",
        first_name or "",
        last_name,
        function or "",
        title or "",
        email or "",
        format_phone(phone) if phone else "",
        format_phone(mobile) if mobile else "",
        yes if do_not_contact else no,
        company or "",
        *_address_cells(*address),
    ]
    if options.all_addresses:
        owner = ("contact", ident) if address_contact_id else ("company", company_id)
        cells.append(extras.other_addresses(owner, address_id))
    if options.qualifications:
        cells.append(extras.sectors.get(company_id, ""))
        cells.append(tags.qualifications("company", company_id))
        cells.append(tags.qualifications("contact", ident))
    if options.keywords:
        cells.append(tags.keywords("company", company_id))
        cells.append(tags.keywords("contact", ident))
    if options.portfolio:
        cells.append(extras.owners.get(company_id, ""))
    return cells
