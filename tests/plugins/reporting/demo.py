"""The demo base, seeded inside the test's transaction, plus a week of actions.

The core's demo holds users, companies and contacts; the actions below are
drawn from a seeded generator over them, so the figures are the same on
every run and every backend.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from core.actions.services import create_action
from core.auth.models import User
from core.demo import seed_demo
from core.directory.models import Contact

TYPES = ("rdv", "dejeuner", "telephone", "email", "rdv")
# The week of Monday 23 March 2026 runs into the spring change (29 March).
WEEK_START = dt.datetime(2026, 3, 23, 7, 0, tzinfo=dt.UTC)


def seed(dbsession, registry) -> None:
    seed_demo(dbsession, registry)
    rng = random.Random(61)
    users = list(
        dbsession.scalars(
            select(User).where(User.email.like("%@relais.example")).order_by(User.id)
        )
    )
    sellers = [u for u in users if u.profile.code in ("salesperson", "manager")]
    contacts = list(dbsession.scalars(select(Contact).order_by(Contact.id)))
    for number in range(40):
        start = WEEK_START + dt.timedelta(
            days=rng.randrange(-7, 14), hours=rng.randrange(0, 10)
        )
        author = rng.choice(sellers)
        create_action(
            dbsession,
            registry,
            author=author,
            type_code=rng.choice(TYPES),
            subject=f"Démo {number}",
            start=start,
            end=start + dt.timedelta(minutes=30),
            contacts=rng.sample(contacts, k=rng.choice((1, 1, 2))),
            visitors=[author],
        )
    dbsession.flush()
