"""Creating, changing and deactivating budgets; their agencies and contacts."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from core.auth.models import User
from core.budgets.models import Budget, BudgetAgency, BudgetContact, BudgetRole
from core.budgets.schemas import AgencyForm, BudgetForm
from core.directory.models import Company, Contact
from core.directory.normalise import fold
from core.directory.services import FormErrors
from core.directory.services.companies import resolve_company
from core.directory.services.references import active, get_active
from core.forms import validate
from core.history.recorder import record_changes
from core.i18n import _
from core.reference.models import Sector
from core.search.text import like_pattern

log = logging.getLogger(__name__)

ADVERTISER = "annonceur"
NOT_ADVERTISER = _(
    "A budget belongs to an advertiser: this company is not one "
    "(add the agency to a budget of its advertiser instead)."
)


@dataclass(frozen=True)
class AgencyChoice:
    """A valid agency block, ready to be saved."""

    role: BudgetRole
    company: Company
    contacts: list[Contact]


def is_advertiser(company: Company) -> bool:
    return company.type is not None and company.type.code == ADVERTISER


def roles(session: Session) -> list[BudgetRole]:
    return active(session, BudgetRole)


def current_contacts(session: Session, company: Company | None) -> list[Contact]:
    """The company's active contacts still in post, for the "in charge" boxes."""
    if company is None:
        return []
    query = select(Contact).where(
        Contact.company_id == company.id,
        Contact.active.is_(True),
        Contact.departed_at.is_(None),
    )
    return list(session.scalars(query.order_by(Contact.last_name, Contact.first_name)))


def _contacts_of(session, company: Company, ids: list[int]) -> list[Contact] | None:
    """The contacts ``ids`` if they are all active contacts of ``company``."""
    if not ids:
        return []
    found = {
        c.id: c
        for c in session.scalars(select(Contact).where(Contact.id.in_(ids)))
        if c.company_id == company.id and c.active
    }
    if set(ids) - set(found):
        return None
    return [found[i] for i in dict.fromkeys(ids)]


def check_agencies(
    session: Session, advertiser: Company, blocks: dict[int, dict]
) -> list[AgencyChoice]:
    """Validate the agency blocks; raise :class:`FormErrors` keyed by input name."""
    errors: dict = {}
    choices: list[AgencyChoice] = []
    seen: set[tuple[int, int]] = set()
    for index, raw in blocks.items():
        prefix = f"agencies.{index}."
        form, shape = validate(AgencyForm, raw)
        if shape:
            errors.update({prefix + key: message for key, message in shape.items()})
            continue
        role = get_active(session, BudgetRole, form.role_id)
        if role is None:
            errors[prefix + "role_id"] = _("Choose a role.")
        try:
            company = resolve_company(session, form.company)
        except LookupError:
            company = None
        if company is None:
            errors[prefix + "company"] = _("Choose a company from the list.")
        elif company.id == advertiser.id:
            errors[prefix + "company"] = _("The advertiser is already in the budget.")
        if role is None or company is None or company.id == advertiser.id:
            continue
        if (role.id, company.id) in seen:
            errors[prefix + "company"] = _("This company already has this role.")
            continue
        seen.add((role.id, company.id))
        contacts = _contacts_of(session, company, form.contact_ids)
        if contacts is None:
            errors[prefix + "contact_ids"] = _("Choose contacts of this company.")
            continue
        choices.append(AgencyChoice(role, company, contacts))
    if errors:
        raise FormErrors(errors)
    return choices


def check_budget(
    session: Session, advertiser: Company | None, form: BudgetForm, blocks: dict
):
    """Validate everything against the database; collect every error at once."""
    errors: dict = {}
    if advertiser is None or not advertiser.active:
        errors["company"] = _("Choose an active advertiser.")
    elif not is_advertiser(advertiser):
        errors["company"] = NOT_ADVERTISER
    sectors = [get_active(session, Sector, ident) for ident in form.sector_ids]
    if None in sectors:
        errors["sector_ids"] = _("Choose one of the proposed values.")
    contacts: list[Contact] = []
    agencies: list[AgencyChoice] = []
    if "company" not in errors:
        found = _contacts_of(session, advertiser, form.advertiser_contact_ids)
        if found is None:
            errors["advertiser_contact_ids"] = _("Choose contacts of the advertiser.")
        contacts = found or []
        try:
            agencies = check_agencies(session, advertiser, blocks)
        except FormErrors as exc:
            errors.update(exc.errors)
    if errors:
        raise FormErrors(errors)
    return sectors, contacts, agencies


def summary(budget: Budget) -> dict[str, str]:
    """The budget's people, as the history compares them."""
    agencies = []
    for agency in budget.agencies:
        people = [c.contact.display_name for c in budget.contacts if c.agency is agency]
        text = f"{agency.role.label}: {agency.company.name}"
        agencies.append(f"{text} ({', '.join(people)})" if people else text)
    contacts = [c.display_name for c in budget.advertiser_contacts]
    return {"agencies": " / ".join(agencies), "contacts": ", ".join(contacts)}


def save_budget(
    session: Session,
    user: User,
    advertiser: Company | None,
    form: BudgetForm,
    blocks: dict[int, dict],
    budget: Budget | None = None,
) -> Budget:
    """Create a budget on ``advertiser`` (``budget`` is ``None``) or change it.

    Raises :class:`FormErrors` keyed by the form's input names when the
    company is not an active advertiser, or a role, sector, agency or
    contact is not one that may be chosen.
    """
    sectors, contacts, agencies = check_budget(session, advertiser, form, blocks)
    created = budget is None
    if created:
        budget = Budget(company=advertiser, created_by_id=user.id)
        session.add(budget)
    before = summary(budget) if not created else {}
    budget.name = form.name
    budget.brief = form.brief
    budget.sectors = sectors
    budget.updated_by_id = user.id
    budget.agencies = [
        BudgetAgency(role=choice.role, company=choice.company, position=position)
        for position, choice in enumerate(agencies)
    ]
    rows = [BudgetContact(contact=contact) for contact in contacts]
    for agency, choice in zip(budget.agencies, agencies, strict=True):
        rows += [BudgetContact(contact=c, agency=agency) for c in choice.contacts]
    budget.contacts = rows
    session.flush()
    if not created:
        record_changes(session, user.id, "budget", budget.id, before, summary(budget))
    log.info(
        "budgets.budget.%s budget_id=%s company_id=%s agencies=%s user_id=%s",
        "created" if created else "updated",
        budget.id,
        budget.company_id,
        len(agencies),
        user.id,
    )
    return budget


def set_active(session: Session, user: User, budget: Budget, value: bool) -> None:
    """Deactivate (the budget sheet's "delete") or reactivate a budget."""
    budget.active = value
    budget.updated_by_id = user.id
    session.flush()
    log.info(
        "budgets.budget.%s budget_id=%s user_id=%s",
        "reactivated" if value else "deactivated",
        budget.id,
        user.id,
    )


def name_matches(text: str):
    """A WHERE clause matching budget names containing ``text`` (``*`` anchors as
    in the search box), accents and case ignored on both engines."""
    pattern = like_pattern(fold(text))
    return func.relais_fold(Budget.name).like(pattern, escape="\\")


def _visible(query):
    """Active budgets of active advertisers (what every list and count shows)."""
    return query.join(Budget.company).where(
        Budget.active.is_(True), Company.active.is_(True)
    )


def _loaded(query):
    return query.options(
        selectinload(Budget.agencies).selectinload(BudgetAgency.company),
        selectinload(Budget.agencies).selectinload(BudgetAgency.role),
        selectinload(Budget.contacts).selectinload(BudgetContact.contact),
        selectinload(Budget.sectors),
    )


def budgets_of_company(session: Session, company: Company) -> list[Budget]:
    """Budgets the company holds as advertiser or takes part in as agency."""
    agency_of = select(BudgetAgency.budget_id).where(
        BudgetAgency.company_id == company.id
    )
    query = _visible(select(Budget)).where(
        (Budget.company_id == company.id) | Budget.id.in_(agency_of)
    )
    return list(session.scalars(_loaded(query).order_by(Budget.name)).unique())


def budgets_of_contact(session: Session, contact: Contact) -> list[Budget]:
    """Budgets the contact is in charge of, at the advertiser or an agency."""
    in_charge = select(BudgetContact.budget_id).where(
        BudgetContact.contact_id == contact.id
    )
    query = _visible(select(Budget)).where(Budget.id.in_(in_charge))
    return list(session.scalars(_loaded(query).order_by(Budget.name)).unique())


def form_values(budget: Budget) -> dict:
    """The form's fields filled from a budget, as the edit page shows them."""
    from core.directory.services.companies import picker_label

    agencies = []
    for agency in budget.agencies:
        agencies.append(
            {
                "role_id": str(agency.role_id),
                "company": picker_label(agency.company),
                "contact_ids": [
                    str(row.contact_id)
                    for row in budget.contacts
                    if row.agency_id == agency.id
                ],
                "agency": agency.company,
            }
        )
    return {
        "name": budget.name,
        "brief": budget.brief or "",
        "sector_ids": [str(s.id) for s in budget.sectors],
        "advertiser_contact_ids": [
            str(row.contact_id) for row in budget.contacts if row.agency_id is None
        ],
        "agencies": agencies,
        "version": str(budget.version),
    }
