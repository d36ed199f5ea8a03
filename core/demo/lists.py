"""Demo lists: a prospection list of companies and a worked contact list."""

from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.auth.models import User
from core.directory.models import Company, Contact
from core.lists import services
from core.lists.models import ListType
from core.reference.models import Function

INFOS = ("OUI", "NON", "A rappeler")


def seed_lists(session: Session, rng: random.Random, users: list[User]) -> int:
    """Two lists per salesperson's team lead; return how many lists were made."""
    sellers = [u for u in users if u.profile.code == "salesperson"]
    if not sellers:
        return 0
    types = {t.code: t for t in session.scalars(select(ListType))}
    owner = sellers[0]

    advertisers = session.scalars(
        select(Company.id)
        .where(Company.active.is_(True), Company.group_id.is_not(None))
        .order_by(Company.name)
    ).all()
    prospects = services.create_list(
        session,
        owner,
        "Annonceurs à prospecter",
        "company",
        type_id=types["prospection"].id if "prospection" in types else None,
        visibility="shared",
    )
    services.add_records(session, prospects, advertisers)

    marketing = session.scalars(
        select(Contact.id)
        .join(Function, Function.id == Contact.function_id)
        .where(Function.code == "dir_marketing", Contact.active.is_(True))
        .order_by(Contact.id)
    ).all()
    contacts = services.create_list(
        session,
        owner,
        "Directeurs marketing",
        "contact",
        type_id=types["liste"].id if "liste" in types else None,
        visibility="public",
    )
    services.add_records(session, contacts, marketing)
    rows = sorted(
        services.existing_rows(session, contacts).values(), key=lambda r: r.id
    )
    for row in rows:
        draw = rng.random()
        if draw < 0.5:
            row.info = services.info_for(session, contacts, rng.choice(INFOS))
        elif draw < 0.6:
            row.hidden = True
    session.flush()
    return 2
