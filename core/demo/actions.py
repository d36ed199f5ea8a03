"""Demo actions: a few thousand calls, meetings and lunches, chained.

The content (who, with whom, what, in which order) comes from one seeded
generator, so every run draws the same actions; their dates are laid out
around the week of the run, from four months back to six weeks ahead, so
the todo, the agenda and the reports always have something current.
Past actions mostly have a report; the last action of each chain carries
the open follow-up (some late, some due, some ahead), the others are closed.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import zoneinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actions.models import Action, ActionChain
from core.actions.timezones import add_days
from core.budgets.models import Budget
from core.directory.models import CompanyPortfolio, Contact
from core.reference.models import ActionType

log = logging.getLogger(__name__)

PAST_DAYS = 120
FUTURE_DAYS = 42
CHAINS_PER_SELLER = 160
STALE = dt.timedelta(days=21)
# Call first, then a meeting, a lunch, a note "pour action"...
STEPS = ("telephone", "rdv", "email", "dejeuner", "pour_action", "rdv")
DURATIONS = {
    "telephone": (10, 30),
    "email": (5, 15),
    "rdv": (45, 120),
    "dejeuner": (90, 150),
    "pour_action": (15, 45),
}
TOPICS = (
    "Plan média {season}",
    "Présentation de l'offre {medium}",
    "Bilan de la campagne {season}",
    "Opération spéciale {medium}",
    "Brief {season} {year}",
    "Renouvellement du contrat {year}",
    "Lancement produit – dispositif {medium}",
    "Partenariat événementiel {season}",
    "Offre couplée print + {medium}",
    "Point budget {year}",
)
SEASONS = ("printemps", "été", "rentrée", "automne", "fin d'année", "soldes")
MEDIA = ("web", "print", "vidéo", "podcast", "newsletter", "réseaux sociaux")
REPORTS = (
    "Échange positif, le client attend une proposition chiffrée.",
    "Budget en cours d'arbitrage chez l'annonceur ; relancer l'agence.",
    "Intérêt pour le dispositif digital, moins pour le print.",
    "Rencontre avec la nouvelle directrice marketing, très à l'écoute.",
    "Le client compare avec la concurrence : revoir le prix au CPM.",
    "Accord de principe, bon de commande attendu la semaine prochaine.",
    "Pas de budget avant le prochain trimestre.",
    "Demande de cas clients et d'audiences détaillées.",
)


def _report(rng: random.Random) -> str:
    first, second = rng.sample(REPORTS, 2)
    if rng.random() < 0.3:
        return f"<div>{first}<ul><li>{second}</li></ul></div>"
    return f"<div><strong>{first}</strong> {second}</div>"


def _slot(rng: random.Random, day: dt.date, zone) -> dt.datetime:
    """A working-hours start on ``day`` (moved off the weekend)."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    hour = rng.choice((9, 9, 10, 10, 11, 12, 14, 14, 15, 16, 17))
    minute = rng.choice((0, 0, 15, 30, 45))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


def _contacts_by_seller(session: Session, sellers) -> dict[int, list[Contact]]:
    found = {}
    for seller in sellers:
        query = (
            select(Contact)
            .join(CompanyPortfolio, CompanyPortfolio.company_id == Contact.company_id)
            .where(CompanyPortfolio.user_id == seller.id, Contact.active.is_(True))
            .order_by(Contact.id)
        )
        found[seller.id] = list(session.scalars(query))
    return found


def seed_actions(
    session: Session, registry, seed: int, sellers, today: dt.date | None = None
) -> int:
    """Add the demo actions of ``sellers``; return how many were added."""
    rng = random.Random(f"relais-demo-actions-{seed}")
    zone = zoneinfo.ZoneInfo(registry.relais_settings["relais.default_timezone"])
    today = today or dt.datetime.now(zone).date()
    days = registry.relais_settings["relais.actions.follow_up_days"]
    rows = session.scalars(select(ActionType).order_by(ActionType.id))
    types = {row.code: row for row in rows}
    pools = _contacts_by_seller(session, sellers)
    now = dt.datetime.now(dt.UTC)

    count = 0
    for seller in sellers:
        pool = pools[seller.id]
        if not pool:
            continue
        colleagues = [
            s for s in sellers if s.team_id == seller.team_id and s is not seller
        ]
        for _ in range(CHAINS_PER_SELLER):
            count += _chain(
                session, rng, seller, colleagues, pool, types, zone, today, days, now
            )
    session.flush()
    log.info("demo.actions.seeded actions=%s", count)
    return count


def _chain(session, rng, seller, colleagues, pool, types, zone, today, days, now):
    """One operation: 1 to 4 actions a week or two apart, on one company.

    Returns the number of actions it holds.
    """
    first = rng.choice(pool)
    company_contacts = [c for c in pool if c.company_id == first.company_id]
    subject = rng.choice(TOPICS).format(
        season=rng.choice(SEASONS), medium=rng.choice(MEDIA), year=today.year
    )
    length = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
    day = today + dt.timedelta(days=rng.randint(-PAST_DAYS, FUTURE_DAYS - 1))
    chain = ActionChain()
    session.add(chain)

    previous = None
    for step in range(length):
        code = STEPS[step] if step else rng.choice(("telephone", "telephone", "email"))
        start = _slot(rng, day, zone)
        low, high = DURATIONS[code]
        end = start + dt.timedelta(minutes=rng.randint(low, high) // 5 * 5)
        wanted = min(len(company_contacts), rng.choice((1, 1, 2)))
        contacts = rng.sample(company_contacts, k=wanted)
        visitors = [seller]
        if code in ("rdv", "dejeuner") and colleagues and rng.random() < 0.2:
            visitors.append(rng.choice(colleagues))
        past = end < now
        action = Action(
            type=types[code],
            subject=subject,
            starts_at=start.astimezone(dt.UTC),
            ends_at=end.astimezone(dt.UTC),
            chain=chain,
            previous=previous,
            author=seller,
            contacts=contacts,
            visitors=visitors,
            report_html=_report(rng) if past and rng.random() < 0.85 else None,
            origin="manual",
            created_by_id=seller.id,
            updated_by_id=seller.id,
        )
        if previous is not None:
            previous.follow_up_done_at = start.astimezone(dt.UTC)
        session.add(action)
        previous = action
        day = day + dt.timedelta(days=rng.randint(4, 15))
        if day > today + dt.timedelta(days=FUTURE_DAYS):
            length = step + 1
            break

    # The last action of the chain carries the open follow-up, unless the
    # operation ended ("do not follow up"); the earlier ones were followed up.
    last = previous
    chance = rng.random()
    if chance < 0.8:
        delay = rng.choice((days, days, 3, 14))
        follow_up = add_days(last.starts_at, delay, zone)
        # A salesperson closes what they left for weeks: only a few such
        # follow-ups stay late, so the todo of the demo looks like a real one.
        stale = dt.datetime.combine(today, dt.time(), zone) - STALE
        if follow_up >= stale or chance < 0.04:
            last.follow_up_at = follow_up
    for action in _chain_members(last)[1:]:
        action.follow_up_at = add_days(action.starts_at, days, zone)
    return length


def _chain_members(last: Action) -> list[Action]:
    members = []
    action = last
    while action is not None:
        members.append(action)
        action = action.previous
    return members


def attach_budgets(session: Session, seed: int, share: float = 0.3) -> int:
    """Put about ``share`` of the chains on a budget of their company.

    Runs once the budgets exist, with its own random sequence so the rest of
    the demo stays the same. Returns how many actions got a budget.
    """
    rng = random.Random(f"relais-demo-action-budgets-{seed}")
    by_company: dict[int, list[Budget]] = {}
    active = select(Budget).where(Budget.active.is_(True)).order_by(Budget.id)
    for budget in session.scalars(active):
        by_company.setdefault(budget.company_id, []).append(budget)
    count = 0
    chains = select(ActionChain).order_by(ActionChain.id)
    for chain in session.scalars(chains):
        contacts = [c for action in chain.actions for c in action.contacts]
        choices = by_company.get(contacts[0].company_id) if contacts else None
        if not choices or rng.random() >= share:
            continue
        budget = rng.choice(choices)
        for action in chain.actions:
            action.budget = budget
            count += 1
    session.flush()
    log.info("demo.actions.budgets actions=%s", count)
    return count
