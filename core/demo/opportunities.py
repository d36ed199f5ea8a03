"""Demo opportunities: every salesperson's pipe across statuses and months.

Dates are placed around the month the demo is seeded in, so that the month
view and the dashboard show a living pipe; everything else comes from the
seed's random generator.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.directory.models import Company, Contact
from core.opportunities.models import Opportunity, OpportunityLine
from core.opportunities.services.opportunities import outcome_status
from core.reference.models import OpportunityStatus, Product

log = logging.getLogger(__name__)

TITLES = (
    "Campagne de printemps",
    "Lancement produit",
    "Opération fêtes de fin d'année",
    "Partenariat salon",
    "Plan média annuel",
    "Dispositif rentrée",
    "Habillage home page",
    "Supplément spécial",
    "Soirée clients",
    "Campagne notoriété",
)
PER_SELLER = 8


def _code_map(session: Session, model) -> dict[str, object]:
    return {row.code: row for row in session.scalars(select(model))}


def seed_opportunities(session: Session, rng, sellers, today: dt.date) -> int:
    """Add ``PER_SELLER`` opportunities per seller; return how many were added."""
    statuses = list(_code_map(session, OpportunityStatus).values())
    products = list(_code_map(session, Product).values())
    companies = list(
        session.scalars(select(Company).where(Company.active).order_by(Company.id))
    )
    agencies = [c for c in companies if c.type.code == "agence_media"]
    first = today.replace(day=1)
    added = 0
    for seller in sellers:
        for index in range(PER_SELLER):
            company = rng.choice(companies)
            contacts = list(
                session.scalars(
                    select(Contact)
                    .where(Contact.company_id == company.id)
                    .order_by(Contact.id)
                )
            )
            decision = None
            if rng.random() < 0.85:
                decision = first + dt.timedelta(days=rng.randint(-25, 170))
            record = Opportunity(
                title=f"{rng.choice(TITLES)} {today.year + (index % 2)}",
                company=company,
                client=rng.choice(agencies) if rng.random() < 0.2 else None,
                contact=rng.choice(contacts) if contacts else None,
                owner=seller,
                private=rng.random() < 0.1,
                status=rng.choice(statuses),
                decision_on=decision,
                campaign_on=decision + dt.timedelta(days=rng.randint(10, 60))
                if decision
                else None,
                created_by_id=seller.id,
                updated_by_id=seller.id,
            )
            if rng.random() < 0.3:
                record.amount = Decimal(rng.randrange(20, 400) * 250)
            else:
                for _line in range(rng.randint(1, 4)):
                    published = None
                    if decision and rng.random() < 0.8:
                        published = decision + dt.timedelta(days=rng.randint(7, 90))
                    record.lines.append(
                        OpportunityLine(
                            product=rng.choice(products),
                            amount=Decimal(rng.randrange(400, 60000)) / 4,
                            published_on=published,
                            archived="won" if rng.random() < 0.1 else None,
                        )
                    )
            if rng.random() < 0.08:
                record.outcome = rng.choice(("won", "lost"))
                record.closed_at = dt.datetime.now(dt.UTC)
                # Closed as the sheet closes them: confirmée or perdu.
                closing = outcome_status(session, record.outcome)
                if closing is not None:
                    record.open_status, record.status = record.status, closing
            session.add(record)
            added += 1
    session.flush()
    log.info("demo.opportunities.seeded count=%s", added)
    return added
