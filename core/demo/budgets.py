"""Demo groups several levels deep, and budgets with agencies and contacts.

Drawn from the demo's one random generator after the base records, so the
base stays the same and this part is as deterministic as the rest.
"""

from __future__ import annotations

import random
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.budgets.models import Budget, BudgetAgency, BudgetContact, BudgetRole
from core.directory.models import Company, Contact
from core.reference.models import CompanyType, Function, Sector

# A group with divisions and brands below them (Dior ∈ LVMH, at any depth).
DEEP_GROUP = (
    "Maison Lumen",
    "luxe",
    {
        "Lumen Beauté": ("beaute", ["Lumen Parfums", "Lumen Soins"]),
        "Lumen Mode": ("luxe", ["Lumen Maroquinerie", "Lumen Joaillerie"]),
    },
)
PRODUCTS = ("Marque", "Gamme premium", "Lancement", "Corporate", "Digital")
AGENCY_ROLES = {
    "agence_media": "agence_media",
    "agence_comm": "agence_comm",
    "agence_web": "agence_web",
}


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return folded.lower()


def _by_code(session: Session, model) -> dict:
    return {row.code: row for row in session.scalars(select(model))}


def _people(session: Session, rng: random.Random, company: Company, functions):
    first_names = ("Claire", "Louis", "Inès", "Hugo", "Zoé", "Malik", "Anne")
    last_names = ("Vernier", "Lacombe", "Morel", "Fabre", "Brun", "Caron", "Perrin")
    for _ in range(rng.randint(3, 5)):
        first, last = rng.choice(first_names), rng.choice(last_names)
        session.add(
            Contact(
                civility=rng.choice(("M.", "Mme")),
                first_name=first,
                last_name=last,
                company=company,
                function=rng.choice(functions),
                email=f"{_ascii(first)}.{_ascii(last)}@lumen.example",
                phone=company.phone,
            )
        )


def seed_deep_group(session: Session, rng: random.Random) -> list[Company]:
    """The group, its divisions and their brands, each with a few contacts."""
    types = _by_code(session, CompanyType)
    sectors = _by_code(session, Sector)
    functions = list(_by_code(session, Function).values())
    name, sector, divisions = DEEP_GROUP

    def company(label, code, group=None):
        record = Company(
            name=label,
            type=types["annonceur"],
            group=group,
            sectors=[sectors[code]],
            phone="+331" + "".join(str(rng.randrange(10)) for _ in range(8)),
        )
        session.add(record)
        return record

    top = company(name, sector)
    made = [top]
    for division, (code, brands) in divisions.items():
        middle = company(division, code, top)
        made.append(middle)
        made += [company(brand, code, middle) for brand in brands]
    session.flush()
    for record in made:
        _people(session, rng, record, functions)
    session.flush()
    return made


def _in_charge(rng: random.Random, company: Company, at_most: int) -> list[Contact]:
    people = [c for c in company.contacts if c.active and c.departed_at is None]
    return rng.sample(people, k=min(len(people), rng.randint(1, at_most)))


def seed_budgets(session: Session, rng: random.Random, users) -> int:
    """One or two budgets per brand (an advertiser inside a group)."""
    roles = _by_code(session, BudgetRole)
    companies = list(session.scalars(select(Company).order_by(Company.id)))
    brands = [
        c for c in companies if c.type.code == "annonceur" and c.group_id is not None
    ]
    agencies = {
        code: [c for c in companies if c.type.code == code] for code in AGENCY_ROLES
    }
    count = 0
    for brand in brands:
        for product in rng.sample(PRODUCTS, k=rng.randint(1, 2)):
            budget = Budget(
                name=f"{brand.name} – {product}",
                company=brand,
                sectors=list(brand.sectors),
                created_by_id=rng.choice(users).id,
            )
            contacts = [BudgetContact(contact=c) for c in _in_charge(rng, brand, 2)]
            kinds = ["agence_media"]
            if rng.random() < 0.5:
                kinds.append(rng.choice(("agence_comm", "agence_web")))
            for position, kind in enumerate(kinds):
                if not agencies[kind]:
                    continue
                agency = BudgetAgency(
                    role=roles[AGENCY_ROLES[kind]],
                    company=rng.choice(agencies[kind]),
                    position=position,
                )
                budget.agencies.append(agency)
                contacts += [
                    BudgetContact(contact=c, agency=agency)
                    for c in _in_charge(rng, agency.company, 2)
                ]
            budget.contacts = contacts
            session.add(budget)
            count += 1
    session.flush()
    return count
