"""The demo's actions: thousands, chained, current, and the same every run."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import func, select

from core.actions.models import Action
from core.demo.actions import seed_actions
from core.directory.models import CompanyPortfolio

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _seed(factories, dbsession, registry, today):
    sellers = [factories.user(), factories.user()]
    for number, seller in enumerate(sellers):
        company = factories.company(f"Démo {number}")
        for _ in range(3):
            factories.contact(company=company)
        dbsession.add(CompanyPortfolio(user_id=seller.id, company_id=company.id))
    dbsession.flush()
    return seed_actions(dbsession, registry, 2026, sellers, today=today)


def _shape(dbsession):
    rows = dbsession.execute(
        select(Action.subject, Action.starts_at, Action.follow_up_at).order_by(
            Action.id
        )
    )
    return [tuple(row) for row in rows]


def test_demo_actions_are_many_chained_and_current(factories, dbsession, registry):
    today = dt.date(2026, 12, 7)
    added = _seed(factories, dbsession, registry, today)
    assert added >= 2 * 160
    assert dbsession.scalar(select(func.count(Action.id))) == added

    starts = [row[1].astimezone(PARIS).date() for row in _shape(dbsession)]
    assert min(starts) < today - dt.timedelta(days=60)
    assert max(starts) > today + dt.timedelta(days=14)
    assert all(day.weekday() < 5 for day in starts)
    # Operations left for weeks were mostly closed: a few follow-ups are late.
    pending = dbsession.scalars(
        select(Action.follow_up_at).where(
            Action.follow_up_at.is_not(None), Action.follow_up_done_at.is_(None)
        )
    ).all()
    stale = dt.datetime(2026, 11, 16, tzinfo=PARIS)
    assert 0 < len([at for at in pending if at < stale]) < len(pending) / 5
    # Every action but the last of its chain has its follow-up closed.
    chained = dbsession.scalars(select(Action).where(Action.previous_id.is_not(None)))
    for action in chained:
        assert action.previous.follow_up_done_at is not None
        assert action.previous.chain_id == action.chain_id


def test_the_same_seed_gives_the_same_actions(factories, dbsession, registry):
    today = dt.date(2026, 12, 7)
    _seed(factories, dbsession, registry, today)
    first = [(subject, start) for subject, start, _f in _shape(dbsession)]
    dbsession.rollback()
    _seed(factories, dbsession, registry, today)
    second = [(subject, start) for subject, start, _f in _shape(dbsession)]
    assert first == second


def test_some_demo_chains_are_about_a_budget_of_their_company(
    factories, dbsession, registry
):
    from core.budgets.models import Budget
    from core.demo.actions import attach_budgets

    _seed(factories, dbsession, registry, dt.date(2026, 12, 7))
    companies = dbsession.scalars(
        select(CompanyPortfolio.company_id).order_by(CompanyPortfolio.company_id)
    ).all()
    for company_id in companies:
        dbsession.add(Budget(name=f"Marque {company_id}", company_id=company_id))
    dbsession.flush()

    attached = attach_budgets(dbsession, 2026, share=0.5)
    carried = dbsession.scalars(select(Action).where(Action.budget_id.is_not(None)))
    carried = list(carried)
    assert (
        0 < attached == len(carried) < dbsession.scalar(select(func.count(Action.id)))
    )
    for action in carried:
        assert action.budget.company_id == action.contacts[0].company_id
        # A chain is about one budget from start to end.
        assert {a.budget_id for a in action.chain.actions} == {action.budget_id}
