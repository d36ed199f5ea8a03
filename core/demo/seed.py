"""Fill an empty database with demo users, companies and contacts.

Everything is drawn from one ``random.Random(seed)`` (Faker included), so the
same seed always yields the same base. Plugins add their records through the
``relais_on_demo_seed`` hook.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import unicodedata

from faker import Faker
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.auth import services
from core.auth.models import Team
from core.demo.actions import attach_budgets, seed_actions
from core.demo.budgets import seed_budgets, seed_deep_group
from core.demo.mail import seed_mail
from core.demo.opportunities import seed_opportunities
from core.demo.records import seed_records
from core.directory.models import Address, Company, CompanyPortfolio, Contact
from core.reference.models import CompanyType, Function, Sector, Situation

log = logging.getLogger(__name__)

TEAMS = ("Équipe commerciale Presse", "Équipe commerciale Digital")

# (e-mail, first name, last name, profile, team index or None)
DEMO_USERS = (
    ("admin@relais.example", "Camille", "Administrateur", "admin", None),
    ("claire.martin@relais.example", "Claire", "Martin", "manager", 0),
    ("hugo.bernard@relais.example", "Hugo", "Bernard", "salesperson", 0),
    ("lea.dubois@relais.example", "Léa", "Dubois", "salesperson", 0),
    ("julien.moreau@relais.example", "Julien", "Moreau", "manager", 1),
    ("sarah.laurent@relais.example", "Sarah", "Laurent", "salesperson", 1),
    ("thomas.petit@relais.example", "Thomas", "Petit", "salesperson", 1),
    ("ines.roux@relais.example", "Inès", "Roux", "assistant", 1),
)

# Advertiser groups and their brands; invented names, real-looking structure.
GROUPS = {
    "Groupe Valmont": (
        "luxe",
        ["Valmont Parfums", "Maison Orsay", "Joaillerie Vendôme"],
    ),
    "Laiteries de Bretagne": ("alimentation", ["Brezh Lait", "Fromagerie d'Armor"]),
    "Automobiles Ravel": ("automobile", ["Ravel Mobilité", "Ravel Occasions"]),
    "Banque Lumière": ("finance", ["Lumière Assurances", "Lumière Crédit"]),
    "Distrimarché": ("distribution", ["Distrimarché Proxi", "Distri Drive"]),
    "Voyages Azur": ("tourisme", ["Azur Hôtels", "Azur Croisières"]),
    "Télécom Hexagone": ("telecom", ["Hexa Mobile", "Hexa Fibre"]),
    "Éditions du Pont-Neuf": ("culture", ["Pont-Neuf Jeunesse", "Pont-Neuf Poche"]),
}
MEDIA_AGENCIES = (
    "Horizon Média",
    "Mediapolis",
    "Carat d'Or Conseil",
    "Optimédia Sud",
    "Agence Mercure",
    "Alto Média",
)
OTHER_AGENCIES = (
    ("agence_comm", "Atelier Fauve"),
    ("agence_comm", "Studio Boréal"),
    ("agence_web", "Pixel & Cie"),
    ("agence_web", "Numérique Rivoli"),
)
ADVERTISER_FUNCTIONS = (
    "dir_marketing",
    "chef_produit",
    "chef_groupe",
    "dir_communication",
    "resp_communication",
    "pdg",
    "daf",
    "dir_digital",
    "acheteur",
)
AGENCY_FUNCTIONS = (
    "dir_media",
    "media_planner",
    "acheteur_media",
    "traffic_manager",
    "dir_commercial",
    "pdg",
)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum() or ch in ".-")


def _by_code(session: Session, model) -> dict[str, object]:
    return {row.code: row for row in session.scalars(select(model))}


def seed_demo(session: Session, registry, seed: int = 2026) -> str:
    """Seed the demo base once; a second run changes nothing."""
    password = registry.relais_settings["relais.demo.password"]
    if session.scalar(select(func.count(Company.id))):
        return "\n".join(
            [
                "The database already holds companies: demo data left as it is.",
                demo_users_summary(password),
            ]
        )
    rng = random.Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(seed)

    teams = [Team(name=name) for name in TEAMS]
    session.add_all(teams)
    session.flush()
    users = []
    for email, first, last, profile, team in DEMO_USERS:
        user = services.user_by_email(session, email)
        if user is None:
            user = services.create_user(
                session,
                registry,
                email,
                last_name=last,
                first_name=first,
                profile_code=profile,
                team=teams[team] if team is not None else None,
                password=password,
            )
        users.append(user)
    sellers = [u for u in users if u.profile.code in {"salesperson", "manager"}]

    types = _by_code(session, CompanyType)
    sectors = _by_code(session, Sector)
    situations = list(_by_code(session, Situation).values())
    functions = _by_code(session, Function)

    def company(name, type_code, sector_codes=(), group=None):
        address = Address(
            street=fake.street_address(),
            postcode=fake.postcode(),
            city=fake.city(),
            country="FR",
            is_default=True,
        )
        record = Company(
            name=name,
            type=types[type_code],
            group=group,
            situation=rng.choice(situations),
            phone="+331" + "".join(str(rng.randrange(10)) for _ in range(8)),
            siret=fake.siret().replace(" ", ""),
            website=f"https://www.{_ascii(name).replace('.', '')}.example",
            sectors=[sectors[c] for c in sector_codes if c in sectors],
            addresses=[address],
        )
        session.add(record)
        return record

    companies = []
    for group_name, (sector, brands) in GROUPS.items():
        parent = company(group_name, "annonceur", [sector])
        companies.append(parent)
        children = [k for k in sectors if k.startswith(sector + ".")]
        for brand in brands:
            sub = [rng.choice(children)] if children else []
            companies.append(company(brand, "annonceur", [sector, *sub], parent))
    for name in MEDIA_AGENCIES:
        companies.append(company(name, "agence_media"))
    for type_code, name in OTHER_AGENCIES:
        companies.append(company(name, type_code))
    session.flush()

    contacts = 0
    for record in companies:
        pool = (
            AGENCY_FUNCTIONS
            if record.type.code.startswith("agence")
            else ADVERTISER_FUNCTIONS
        )
        domain = _ascii(record.name).replace(".", "") + ".example"
        for _ in range(rng.randint(6, 14)):
            civility = rng.choice(("M.", "Mme"))
            first = (
                fake.first_name_male() if civility == "M." else fake.first_name_female()
            )
            last = fake.last_name()
            session.add(
                Contact(
                    civility=civility,
                    first_name=first,
                    last_name=last,
                    company=record,
                    function=functions[rng.choice(pool)],
                    email=f"{_ascii(first)}.{_ascii(last)}@{domain}",
                    phone=record.phone,
                    do_not_contact=rng.random() < 0.03,
                )
            )
            contacts += 1
        for owner in rng.sample(sellers, k=rng.randint(1, 2)):
            session.add(CompanyPortfolio(user_id=owner.id, company_id=record.id))
    session.flush()
    seed_mail(session, registry, rng, users)
    actions = seed_actions(session, registry, seed, sellers)
    seed_records(session, rng, users)
    seed_deep_group(session, rng)
    seed_budgets(session, rng, users)
    attach_budgets(session, seed)
    opportunities = seed_opportunities(session, rng, sellers, dt.date.today())
    registry.relais_plugins.hook.relais_on_demo_seed(
        dbsession=session, rng=rng, users=users
    )
    log.info("demo.seeded companies=%s contacts=%s", len(companies), contacts)
    summary = (
        f"Demo data: {len(users)} users, {len(companies)} companies, "
        f"{contacts} contacts, {actions} actions, {opportunities} opportunities."
    )
    return "\n".join([summary, demo_users_summary(password)])


def demo_users_summary(password: str) -> str:
    rows = [f"  {email:<32} {profile}" for email, _f, _l, profile, _t in DEMO_USERS]
    return "\n".join([f"Demo sign-in (password {password!r}):", *rows])
