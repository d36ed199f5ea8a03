"""Budgets follow their advertiser, agencies and contacts into a merge."""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from core.directory.services.merge_steps import (
    MergeStep,
    column_step,
    decoded,
    row_values,
)
from core.i18n import _


def budget_steps() -> list[MergeStep]:
    from core.budgets.models import Budget, BudgetContact

    return [
        column_step(
            "budgets.budget.company_id", "company", _("Budgets"), Budget, "company_id"
        ),
        agency_step(),
        # One person is in charge of a budget once: when the record kept is
        # already in charge of it (at the advertiser or at an agency), the
        # merged record's row is dropped, and put back by the undo.
        column_step(
            "budgets.budget_contact.contact_id",
            "contact",
            _("Budgets in charge"),
            BudgetContact,
            "contact_id",
            unique_with=("budget_id",),
        ),
    ]


def agency_step() -> MergeStep:
    """The merged agency's places in budgets go to the agency kept.

    When both worked on one budget in the same role, the two places become
    one: the merged agency's contacts in charge join the kept agency's place
    (once each) and its own place is removed; the undo puts it all back.
    """
    from core.budgets.models import BudgetAgency, BudgetContact

    agencies = BudgetAgency.__table__
    contacts = BudgetContact.__table__

    def places(session: Session, company_id: int):
        query = select(agencies).where(agencies.c.company_id == company_id)
        return session.execute(query.order_by(agencies.c.id)).all()

    def count(session: Session, source_id: int) -> int:
        return len(places(session, source_id))

    def twin_of(session: Session, place, target_id: int) -> int | None:
        return session.scalar(
            select(agencies.c.id).where(
                agencies.c.budget_id == place.budget_id,
                agencies.c.role_id == place.role_id,
                agencies.c.company_id == target_id,
            )
        )

    def fold(session: Session, place, twin: int) -> list[dict]:
        """Give ``place``'s contacts to the place ``twin``; what each became."""
        done = []
        query = select(contacts).where(contacts.c.agency_id == place.id)
        for row in session.execute(query.order_by(contacts.c.id)).all():
            there = session.scalar(
                select(contacts.c.id).where(
                    contacts.c.agency_id == twin,
                    contacts.c.contact_id == row.contact_id,
                )
            )
            if there is None:
                session.execute(
                    update(contacts)
                    .where(contacts.c.id == row.id)
                    .values(agency_id=twin)
                )
                done.append({"op": "moved", "id": row.id})
            else:
                session.execute(delete(contacts).where(contacts.c.id == row.id))
                done.append({"op": "deleted", "row": row_values(contacts, row)})
        return done

    def move(session: Session, source_id: int, target_id: int) -> list[dict]:
        records = []
        for place in places(session, source_id):
            twin = twin_of(session, place, target_id)
            if twin is None:
                session.execute(
                    update(agencies)
                    .where(agencies.c.id == place.id)
                    .values(company_id=target_id)
                )
                records.append({"op": "moved", "key": {"id": place.id}, "old": {}})
                continue
            folded = fold(session, place, twin)
            session.execute(delete(agencies).where(agencies.c.id == place.id))
            records.append(
                {
                    "op": "folded",
                    "row": row_values(agencies, place),
                    "contacts": folded,
                }
            )
        return records

    def undo(session: Session, records: list[dict], source_id: int, target_id: int):
        for record in reversed(records):
            if record["op"] == "moved":
                session.execute(
                    update(agencies)
                    .where(
                        agencies.c.id == record["key"]["id"],
                        agencies.c.company_id == target_id,
                    )
                    .values(company_id=source_id)
                )
                continue
            place = decoded(record["row"])
            session.execute(insert(agencies).values(place))
            for done in reversed(record["contacts"]):
                if done["op"] == "moved":
                    session.execute(
                        update(contacts)
                        .where(contacts.c.id == done["id"])
                        .values(agency_id=place["id"])
                    )
                else:
                    session.execute(insert(contacts).values(decoded(done["row"])))

    return MergeStep(
        "budgets.budget_agency.company_id",
        "company",
        _("Budgets as agency"),
        count,
        move,
        undo,
    )
