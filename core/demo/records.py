"""Demo keywords, qualifications and comments on the demo directory."""

from __future__ import annotations

from sqlalchemy import select

from core.comments.models import Comment
from core.directory.models import Company, Contact
from core.keywords.models import (
    Keyword,
    Qualification,
    RecordKeyword,
    RecordQualification,
)

COMMENTS = (
    ("public", "Budget annuel validé en comité de direction."),
    ("shared", "Contact clé pour les opérations spéciales de fin d'année."),
    ("private", "Négociation en cours : ne pas descendre sous -15 %."),
    ("public", "Préfère être contacté le matin."),
)


def seed_records(session, rng, users) -> None:
    """Draw from ``rng`` only, like the rest of the demo."""
    keywords = list(session.scalars(select(Keyword.id).order_by(Keyword.id)))
    qualifications = list(
        session.scalars(select(Qualification.id).order_by(Qualification.id))
    )
    contacts = list(session.scalars(select(Contact.id).order_by(Contact.id)))
    for contact_id in contacts:
        if keywords and rng.random() < 0.3:
            for keyword_id in rng.sample(keywords, k=min(2, len(keywords))):
                session.add(
                    RecordKeyword(
                        target_kind="contact",
                        target_id=contact_id,
                        keyword_id=keyword_id,
                    )
                )
        if qualifications and rng.random() < 0.2:
            session.add(
                RecordQualification(
                    target_kind="contact",
                    target_id=contact_id,
                    qualification_id=rng.choice(qualifications),
                )
            )
    sellers = [u for u in users if u.profile.code in {"salesperson", "manager"}]
    companies = list(session.scalars(select(Company.id).order_by(Company.id)))
    for company_id in rng.sample(companies, k=min(10, len(companies))):
        visibility, body = rng.choice(COMMENTS)
        session.add(
            Comment(
                target_kind="company",
                target_id=company_id,
                body=body,
                visibility=visibility,
                author_id=rng.choice(sellers).id,
            )
        )
    session.flush()
