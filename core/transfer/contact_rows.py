"""The contacts of an export, read as plain columns rather than records.

An export of 100,000 contacts spent most of its time building ORM objects
(and collecting them); what a row needs is a few columns of the contact,
its function and its company, and the addresses, sectors and owners of a
chunk, each read with one query. The objects here answer the attributes
:func:`core.transfer.exporting.contact_cells` reads, nothing more.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.auth.models import User
from core.directory.models import (
    Address,
    Company,
    CompanyPortfolio,
    Contact,
    company_sector,
)
from core.reference.models import Function, Sector


@dataclass
class AddressRow:
    street: str
    street2: str | None
    street3: str | None
    postcode: str | None
    city: str | None
    country: str | None
    is_default: bool

    # The envelope lines, as the directory's own address prints them.
    lines = property(Address.lines.fget)


def default_address(addresses: list[AddressRow]) -> AddressRow | None:
    """The default address, else the first one (as the directory does)."""
    for address in addresses:
        if address.is_default:
            return address
    return addresses[0] if addresses else None


@dataclass
class Label:
    label: str


@dataclass
class Owner:
    display_name: str


@dataclass
class CompanyRow:
    id: int
    name: str
    addresses: list[AddressRow] = field(default_factory=list)
    sectors: list[Label] = field(default_factory=list)
    owners: list[Owner] = field(default_factory=list)

    @property
    def default_address(self) -> AddressRow | None:
        return default_address(self.addresses)


@dataclass
class ContactRow:
    id: int
    civility: str | None
    first_name: str | None
    last_name: str
    function: Label | None
    title: str | None
    email: str | None
    phone: str | None
    mobile: str | None
    do_not_contact: bool
    company_id: int | None
    company: CompanyRow | None = None
    addresses: list[AddressRow] = field(default_factory=list)

    @property
    def default_address(self) -> AddressRow | None:
        return default_address(self.addresses)


_CONTACT = (
    Contact.id,
    Contact.civility,
    Contact.first_name,
    Contact.last_name,
    Function.label,
    Contact.title,
    Contact.email,
    Contact.phone,
    Contact.mobile,
    Contact.do_not_contact,
    Contact.company_id,
    Company.name,
)
_ADDRESS = (
    Address.company_id,
    Address.contact_id,
    Address.street,
    Address.street2,
    Address.street3,
    Address.postcode,
    Address.city,
    Address.country,
    Address.is_default,
)


def _contacts(session: Session, ids: list[int]) -> dict[int, ContactRow]:
    query = (
        select(*_CONTACT)
        .outerjoin(Function, Function.id == Contact.function_id)
        .outerjoin(Company, Company.id == Contact.company_id)
        .where(Contact.id.in_(ids))
    )
    found, companies = {}, {}
    for row in session.execute(query):
        *values, company_name = row
        contact = ContactRow(*values)
        if contact.function is not None:
            contact.function = Label(contact.function)
        if contact.company_id is not None:
            company = companies.get(contact.company_id)
            if company is None:
                company = CompanyRow(contact.company_id, company_name)
                companies[company.id] = company
            contact.company = company
        found[contact.id] = contact
    return found


def _attach_addresses(session: Session, contacts, companies) -> None:
    query = (
        select(*_ADDRESS)
        .where(
            or_(
                Address.contact_id.in_(list(contacts)),
                Address.company_id.in_(list(companies)),
            )
        )
        .order_by(Address.id)
    )
    for company_id, contact_id, *values in session.execute(query):
        owner = contacts.get(contact_id) or companies.get(company_id)
        if owner is not None:
            owner.addresses.append(AddressRow(*values))


def _attach_sectors(session: Session, companies) -> None:
    query = (
        select(company_sector.c.company_id, Sector.label)
        .join(Sector, Sector.id == company_sector.c.sector_id)
        .where(company_sector.c.company_id.in_(list(companies)))
        .order_by(Sector.position, Sector.id)
    )
    for company_id, label in session.execute(query):
        companies[company_id].sectors.append(Label(label))


def _attach_owners(session: Session, companies) -> None:
    query = (
        select(CompanyPortfolio.company_id, User.first_name, User.last_name)
        .join(User, User.id == CompanyPortfolio.user_id)
        .where(CompanyPortfolio.company_id.in_(list(companies)))
        .order_by(User.last_name, User.id)
    )
    people = defaultdict(list)
    for company_id, first, last in session.execute(query):
        people[company_id].append(Owner(f"{first or ''} {last}".strip()))
    for company_id, owners in people.items():
        companies[company_id].owners = owners


def contact_chunks(
    session: Session, id_chunks: Iterable[list[int]], sectors: bool, owners: bool
) -> Iterator[list[ContactRow]]:
    """The contacts of each chunk of ids, in that order."""
    for chunk in id_chunks:
        contacts = _contacts(session, chunk)
        companies = {c.company.id: c.company for c in contacts.values() if c.company}
        _attach_addresses(session, contacts, companies)
        if sectors and companies:
            _attach_sectors(session, companies)
        if owners and companies:
            _attach_owners(session, companies)
        yield [contacts[ident] for ident in chunk if ident in contacts]
