"""Plan an import row by row, then carry the plan out in one transaction.

The dry run and the import run the same planning code, so what the preview
promised is what happens; the import plans again inside its transaction
because the base may have changed since the dry run.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import Access
from core.auth.models import User
from core.auth.schemas import check_address_shape, check_email
from core.directory.models import Address, Company, Contact
from core.directory.normalise import name_key, parse_phone, parse_siret, person_key
from core.directory.schemas import check_postcode, check_url
from core.directory.services.duplicates import company_duplicates, contact_homonyms
from core.forms import FieldError
from core.i18n import _
from core.reference.models import CompanyType
from core.transfer import countries
from core.transfer.fields import TARGET_KEYS, header_key
from core.transfer.tables import Table
from core.transfer.values import cell_text, civility, postcode

log = logging.getLogger(__name__)

CREATE, UPDATE, UNCHANGED, REJECT = "create", "update", "unchanged", "reject"
# Google Contacts puts several values in one cell: "a@x.fr ::: b@y.fr".
_MULTI = " ::: "
_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")
LIMITS = {
    "company.name": 200,
    "company.trade_name": 200,
    "company.street": 200,
    "company.city": 120,
    "contact.first_name": 80,
    "contact.last_name": 120,
    "contact.title": 200,
    "contact.street": 200,
    "contact.city": 120,
}
MOBILE_LABELS = frozenset({"mobile", "cell", "portable", "cellulaire", "work mobile"})
COMPANY_FIELDS = ("trade_name", "phone", "siret", "website")
CONTACT_FIELDS = ("civility", "first_name", "title", "email", "phone", "mobile")


@dataclass
class RowPlan:
    """What one row of the file does: its values, records and messages."""

    line: int
    status: str = UNCHANGED
    company: dict = field(default_factory=dict)
    contact: dict = field(default_factory=dict)
    company_action: str | None = None  # create, update, unchanged
    contact_action: str | None = None
    company_id: int | None = None
    contact_id: int | None = None
    # Another row of the file that creates the same company or contact.
    company_ref: int | None = None
    contact_ref: int | None = None
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    # Matched records the user may see but not change: used, left as they are.
    read_only: set = field(default_factory=set)


@dataclass
class Plan:
    rows: list[RowPlan]

    def count(self, status: str) -> int:
        return sum(row.status == status for row in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in (CREATE, UPDATE, UNCHANGED, REJECT)}


def _gather(cells: list, mapping: list[str]) -> dict[str, list[str]]:
    """The candidate values of each target, in column order."""
    found: dict[str, list[str]] = {}
    for index, target in enumerate(mapping):
        if not target or index >= len(cells):
            continue
        text = cell_text(cells[index])
        if not text:
            continue
        parts = [p.strip() for p in text.split(_MULTI)] if _MULTI in text else [text]
        found.setdefault(target, []).extend(p for p in parts if p)
    for key, values in found.items():
        if TARGET_KEYS[key].joined:
            found[key] = [" ".join(values)]
    return found


# Outlook writes an Exchange account's X.500 path where an address would be.
_EXCHANGE_PATH = re.compile(r"/o=", re.IGNORECASE)


def _invalid(label, value):
    return _(
        "${field} “${value}” is not valid.", mapping={"field": label, "value": value}
    )


# A number written as numbers are (digits, separators, an extension): one
# the directory cannot read in the assumed country is left out with a word,
# while letters where a number should be ("abc", "BusinessPhone") reject the row.
_PHONE_SHAPE = re.compile(
    r"\+?[\d\s().\-/]*\d[\d\s().\-/]*"
    r"(?:\s*(?:ext\.?|x|poste|p\.?)\s*\d+)?",
    re.IGNORECASE,
)


def phone_shaped(value: str) -> bool:
    return _PHONE_SHAPE.fullmatch(value.strip()) is not None


def _check(values: list[str], parse, label, plan: RowPlan, shaped=None) -> str | None:
    """The first value of the cell, checked as the directory's forms check it.

    A value the directory refuses rejects the row with the reason: creating
    the record without it would lose it without a word. Only a value of the
    right shape that cannot be checked here (``shaped`` says which: a number
    of a country the file does not name, an address on a reserved domain) is
    left out with a warning, so real address books still come in.
    """
    kept = None
    for value in values:
        try:
            parsed = parse(value)
        except (ValueError, FieldError):
            if shaped is not None and shaped(value):
                plan.warnings.append(
                    _(
                        "${field} “${value}” not kept: not valid.",
                        mapping={"field": label, "value": value},
                    )
                )
            else:
                plan.errors.append(_invalid(label, value))
            continue
        kept = kept or parsed
    return kept


def _email(values: list[str], label, plan: RowPlan) -> str | None:
    """Like :func:`_check`, leaving out (with a word) Outlook's Exchange paths."""
    addresses = []
    for value in values:
        if _EXCHANGE_PATH.match(value):
            plan.warnings.append(
                _(
                    "${field} “${value}” is an Exchange path, not an address: "
                    "left out.",
                    mapping={"field": label, "value": value},
                )
            )
        else:
            addresses.append(value)
    return _check(addresses, check_email, label, plan, _address_shaped)


def _address_shaped(value: str) -> bool:
    """An address the checker refuses for its domain only (``x@host.invalid``)."""
    try:
        check_address_shape(value)
    except (ValueError, FieldError):
        return False
    return True


def _text(plan: RowPlan, found: dict, key: str) -> str:
    value = (found.get(key) or [""])[0].strip()
    limit = LIMITS.get(key)
    title = TARGET_KEYS[key].title
    if limit and len(value) > limit:
        plan.errors.append(
            _(
                "${field} is longer than ${limit} characters.",
                mapping={"field": title, "limit": limit},
            )
        )
    if key.endswith("name") and _MARKUP.search(value):
        plan.errors.append(
            _("${field} cannot contain HTML tags.", mapping={"field": title})
        )
    return value


def _split_full_name(full: str) -> tuple[str, str]:
    parts = full.split()
    if len(parts) == 1:
        return "", parts[0]
    return " ".join(parts[:-1]), parts[-1]


def _address(found: dict, prefix: str, plan: RowPlan) -> dict | None:
    street = (found.get(f"{prefix}.street") or [""])[0].strip()
    city = (found.get(f"{prefix}.city") or [""])[0].strip()
    code = (found.get(f"{prefix}.postcode") or [""])[0].strip()
    country_name = (found.get(f"{prefix}.country") or [""])[0].strip()
    if not (street or city or code):
        return None
    country = countries.code(country_name) if country_name else "FR"
    if country is None:
        plan.warnings.append(
            _(
                "Country “${value}” not recognised: France assumed.",
                mapping={"value": country_name},
            )
        )
        country = "FR"
    code = postcode(code, country)
    try:
        check_postcode(code, country)
    except FieldError:
        plan.errors.append(_invalid(_("Postcode"), code))
    return {
        "street": street[:200],
        "postcode": code[:12] or None,
        "city": city[:120] or None,
        "country": country,
    }


def phone_parser(country: str | None):
    """Read a phone as a French number, or as one of the address's country."""

    def parse(value: str) -> str:
        if country and country != "FR":
            try:
                number = phonenumbers.parse(value, country)
            except phonenumbers.NumberParseException:
                number = None
            if number is not None and phonenumbers.is_valid_number(number):
                return phonenumbers.format_number(
                    number, phonenumbers.PhoneNumberFormat.E164
                )
        return parse_phone(value)

    return parse


def phone_labels(headers: list[str]) -> dict[int, int]:
    """Google's "Phone 1 - Label" column for each "Phone 1 - Value" column."""
    keys = [header_key(header) for header in headers]
    pairs = {}
    for index, key in enumerate(keys):
        if key.startswith("phone ") and key.endswith(" value"):
            stem = key[: -len(" value")]
            for suffix in (" label", " type"):
                if stem + suffix in keys:
                    pairs[index] = keys.index(stem + suffix)
    return pairs


def _relabel(cells: list, mapping: list[str], labels: dict[int, int]) -> list[str]:
    # A phone whose label says mobile goes to the mobile, whatever the column.
    if not labels:
        return mapping
    mapping = list(mapping)
    for value_index, label_index in labels.items():
        label = (
            header_key(cell_text(cells[label_index]))
            if label_index < len(cells)
            else ""
        )
        if mapping[value_index] == "contact.phone" and label in MOBILE_LABELS:
            mapping[value_index] = "contact.mobile"
    return mapping


def read_row(
    line: int, cells: list, mapping: list[str], labels: dict | None = None
) -> RowPlan:
    """Clean one row's values; what is wrong goes to errors or warnings."""
    plan = RowPlan(line)
    found = _gather(cells, _relabel(cells, mapping, labels or {}))
    name = _text(plan, found, "company.name")
    if name:
        company = {"name": name}
        company["trade_name"] = _text(plan, found, "company.trade_name") or None
        company["address"] = _address(found, "company", plan)
        country = (company["address"] or {}).get("country")
        company["phone"] = _check(
            found.get("company.phone", []),
            phone_parser(country),
            _("Phone"),
            plan,
            phone_shaped,
        )
        company["siret"] = _check(
            found.get("company.siret", []), parse_siret, _("SIRET"), plan
        )
        company["website"] = _check(
            found.get("company.website", []), check_url, _("Website"), plan
        )
        plan.company = company

    last = _text(plan, found, "contact.last_name")
    first = _text(plan, found, "contact.first_name")
    full = _text(plan, found, "contact.full_name")
    if not last and full and full != name:
        first, last = _split_full_name(full)
        first, last = first[:80], last[:120]
    if last:
        contact = {"last_name": last, "first_name": first}
        contact["civility"] = civility((found.get("contact.civility") or [""])[0])
        contact["title"] = _text(plan, found, "contact.title") or None
        contact["email"] = _email(found.get("contact.email", []), _("E-mail"), plan)
        contact["address"] = _address(found, "contact", plan)
        parse = phone_parser((contact["address"] or {}).get("country"))
        contact["phone"] = _check(
            found.get("contact.phone", []), parse, _("Phone"), plan, phone_shaped
        )
        contact["mobile"] = _check(
            found.get("contact.mobile", []), parse, _("Mobile"), plan, phone_shaped
        )
        contact["linkedin_url"] = _check(
            found.get("contact.linkedin_url", []), check_url, _("LinkedIn"), plan
        )
        plan.contact = contact
    if not plan.company and not plan.contact:
        plan.errors.append(_("No company name and no last name: nothing to import."))
    return plan


CHUNK = 500


class _Known:
    """Which names and SIRETs of the file the base already holds.

    Asking the directory's duplicate rules about every row costs a query a
    row; one query per 500 rows says which rows can have a duplicate at all,
    and only those are asked about (the rules stay the directory's).
    """

    def __init__(self, session: Session, rows):
        company_keys, sirets, person_keys = set(), set(), set()
        for row in rows:
            if row.company:
                company_keys.add(name_key(row.company["name"]))
                company_keys.add(name_key(row.company["trade_name"]))
                sirets.add(row.company["siret"])
            if row.contact:
                person_keys.add(person_key(row.contact["last_name"]))
        company_keys.discard("")
        sirets.discard(None)
        self.company_keys = self._existing(
            session, company_keys, Company.name_key, Company.active
        ) | self._existing(
            session, company_keys, Company.trade_name_key, Company.active
        )
        self.sirets = self._existing(session, sirets, Company.siret, Company.active)
        self.person_keys = self._existing(
            session, person_keys, Contact.last_name_key, Contact.active
        )

    @staticmethod
    def _existing(session: Session, values: set, column, active) -> set:
        found: set = set()
        values = sorted(values)
        for start in range(0, len(values), CHUNK):
            chunk = values[start : start + CHUNK]
            query = select(column).where(column.in_(chunk), active.is_(True))
            found.update(session.scalars(query.distinct()))
        return found

    def may_have_company(self, values: dict) -> bool:
        keys = {name_key(values["name"]), name_key(values["trade_name"])}
        return bool(keys & self.company_keys) or values["siret"] in self.sirets

    def may_have_contact(self, values: dict) -> bool:
        return person_key(values["last_name"]) in self.person_keys


HIDDEN_MATCH = _("A matching record exists that you cannot open: ask an administrator.")


class Planner:
    """Match each row with the base and with the rows before it.

    ``access`` is the importing user's: a row whose company or contact matches
    a record they cannot open is rejected without naming it, so an import
    neither changes nor reveals what the access rules keep from them.
    ``None`` plans as someone who sees everything (commands, tests).
    """

    def __init__(
        self, session: Session, rows: list[RowPlan] = (), access: Access | None = None
    ):
        self.session = session
        self.access = access
        self.visible_companies = access.filter("company") if access else None
        self.visible_contacts = access.filter("contact") if access else None
        self.companies: dict[str, int] = {}  # name key → line creating it
        self.contacts: dict[tuple, int] = {}  # (name key, e-mail) → line
        self.known = _Known(session, rows)

    def company(self, plan: RowPlan) -> None:
        values = plan.company
        key = name_key(values["name"])
        if key in self.companies:
            plan.company_action, plan.company_ref = UNCHANGED, self.companies[key]
            return
        found = []
        if self.known.may_have_company(values):
            found = company_duplicates(
                self.session,
                values["name"],
                values["trade_name"],
                None,
                values["siret"],
                visible=self.visible_companies,
            )
        if not found:
            plan.company_action = CREATE
            self.companies[key] = plan.line
            return
        if found[0].hidden:
            plan.errors.append(HIDDEN_MATCH)
            return
        existing = found[0].record
        plan.company_id = existing.id
        filled = [f for f in COMPANY_FIELDS if values[f] and not getattr(existing, f)]
        plan.company_action = self._update_or_keep(plan, existing, filled)

    def contact(self, plan: RowPlan) -> None:
        values = plan.contact
        key = (person_key(values["last_name"]), values["email"] or "")
        if values["email"] and key in self.contacts:
            plan.contact_action, plan.contact_ref = UNCHANGED, self.contacts[key]
            return
        found = []
        if self.known.may_have_contact(values):
            found = contact_homonyms(
                self.session,
                values["last_name"],
                values["first_name"],
                values["email"],
                plan.company_id,
                visible=self.visible_contacts,
            )
        if not found:
            plan.contact_action = CREATE
            self.contacts[key] = plan.line
            return
        if found[0].hidden:
            plan.errors.append(HIDDEN_MATCH)
            return
        existing = found[0].record
        plan.contact_id = existing.id
        filled = [f for f in CONTACT_FIELDS if values[f] and not getattr(existing, f)]
        plan.contact_action = self._update_or_keep(plan, existing, filled)

    def _update_or_keep(self, plan: RowPlan, existing, filled: list[str]) -> str:
        """Fill the empty fields of a match, when the user may change it.

        A record the user may see but not change is still used (a contact
        can join its company) and left as it is, with a word in the preview.
        """
        if not filled:
            return UNCHANGED
        if self.access is not None and not self.access.can_edit(existing):
            plan.read_only.add(type(existing).__name__)
            name = getattr(existing, "display_name", None) or existing.name
            plan.warnings.append(
                _(
                    "${name} already exists and you may not change it: its "
                    "empty fields stay as they are.",
                    mapping={"name": name},
                )
            )
            return UNCHANGED
        return UPDATE

    def plan(self, plan: RowPlan) -> RowPlan:
        if plan.errors:
            plan.status = REJECT
            return plan
        if plan.company:
            self.company(plan)
        if plan.contact and not plan.errors:
            self.contact(plan)
        if plan.errors:
            plan.status = REJECT
            return plan
        actions = {plan.company_action, plan.contact_action}
        if CREATE in actions:
            plan.status = CREATE
        elif UPDATE in actions:
            plan.status = UPDATE
        return plan


def plan_import(
    session: Session, table: Table, mapping: list[str], access: Access | None = None
) -> Plan:
    """Dry run: what each row would create, update, or why it is rejected."""
    labels = phone_labels(table.headers)
    rows = [read_row(line, cells, mapping, labels) for line, cells in table.rows]
    planner = Planner(session, rows, access)
    return Plan([planner.plan(row) for row in rows])


@dataclass
class Applied:
    companies: list[int] = field(default_factory=list)
    contacts: list[int] = field(default_factory=list)


def _fill(record, values: dict, fields: tuple[str, ...]) -> None:
    # An import adds what the base lacks; it never overwrites a person's work.
    for name in fields:
        if values.get(name) and not getattr(record, name):
            setattr(record, name, values[name])


def _add_address(record, values: dict | None) -> None:
    if values and not record.addresses:
        record.addresses.append(Address(is_default=True, **values))


class Importer:
    """Write a plan's rows; every call happens inside the caller's transaction."""

    def __init__(self, session: Session, user: User, company_type: CompanyType):
        self.session = session
        self.user = user
        self.company_type = company_type
        self.by_line: dict[int, tuple[Company | None, Contact | None]] = {}
        self.created_companies: list[Company] = []
        self.created_contacts: list[Contact] = []

    def applied(self) -> Applied:
        self.session.flush()
        return Applied(
            [company.id for company in self.created_companies],
            [contact.id for contact in self.created_contacts],
        )

    def company(self, plan: RowPlan) -> Company | None:
        values = plan.company
        if not values:
            return None
        if plan.company_ref is not None:
            return self.by_line[plan.company_ref][0]
        if plan.company_id is not None:
            company = self.session.get(Company, plan.company_id)
            if "Company" not in plan.read_only:
                _fill(company, values, COMPANY_FIELDS)
                _add_address(company, values["address"])
            return company
        company = Company(
            name=values["name"],
            type=self.company_type,
            created_by_id=self.user.id,
            updated_by_id=self.user.id,
        )
        _fill(company, values, COMPANY_FIELDS)
        _add_address(company, values["address"])
        # The importer's portfolio: someone answers for every new company.
        company.owners.append(self.user)
        self.session.add(company)
        self.created_companies.append(company)
        return company

    def contact(self, plan: RowPlan, company: Company | None) -> Contact | None:
        values = plan.contact
        if not values:
            return None
        if plan.contact_ref is not None:
            return self.by_line[plan.contact_ref][1]
        if plan.contact_id is not None:
            contact = self.session.get(Contact, plan.contact_id)
            if "Contact" in plan.read_only:
                return contact
            _fill(contact, values, CONTACT_FIELDS + ("linkedin_url",))
            if contact.company is None and company is not None:
                contact.company = company
            _add_address(contact, values["address"])
            return contact
        contact = Contact(
            last_name=values["last_name"],
            civility=values["civility"],
            company=company,
            created_by_id=self.user.id,
            updated_by_id=self.user.id,
        )
        _fill(contact, values, CONTACT_FIELDS + ("linkedin_url",))
        if not contact.phone and company is not None and company.phone:
            contact.phone = company.phone
        _add_address(contact, values["address"])
        self.session.add(contact)
        self.created_contacts.append(contact)
        return contact

    def row(self, plan: RowPlan) -> None:
        if plan.status == REJECT:
            return
        company = self.company(plan)
        contact = self.contact(plan, company)
        self.by_line[plan.line] = (company, contact)


def default_company_type(session: Session, type_id: int | None) -> CompanyType:
    chosen = session.get(CompanyType, type_id) if type_id else None
    if chosen is not None and chosen.active:
        return chosen
    query = select(CompanyType).where(CompanyType.active.is_(True))
    preferred = session.scalar(query.where(CompanyType.code == "autre"))
    return preferred or session.scalars(query.order_by(CompanyType.position)).first()


def run_import(
    session: Session,
    user: User,
    table: Table,
    mapping: list[str],
    company_type_id: int | None = None,
    access: Access | None = None,
) -> tuple[Plan, Applied]:
    """Plan and write every row in the current transaction.

    Any exception leaves the transaction to be rolled back by the caller, so
    a failure on the last row leaves the base as it was before the first.
    """
    plan = plan_import(session, table, mapping, access)
    importer = Importer(session, user, default_company_type(session, company_type_id))
    # The plan is complete before the first write, so its queries see the
    # base as it was and no write is flushed early to answer them.
    for row in plan.rows:
        importer.row(row)
    applied = importer.applied()
    log.info(
        "transfer.import.done user_id=%s rows=%s created=%s updated=%s rejected=%s",
        user.id,
        len(plan.rows),
        plan.count(CREATE),
        plan.count(UPDATE),
        plan.count(REJECT),
    )
    return plan, applied
