"""Budgets follow their advertiser, agencies and contacts into a merge."""

from __future__ import annotations

from core.directory.services.merge_steps import MergeStep, column_step
from core.i18n import _


def budget_steps() -> list[MergeStep]:
    from core.budgets.models import Budget, BudgetAgency, BudgetContact

    return [
        column_step(
            "budgets.budget.company_id", "company", _("Budgets"), Budget, "company_id"
        ),
        column_step(
            "budgets.budget_agency.company_id",
            "company",
            _("Budgets as agency"),
            BudgetAgency,
            "company_id",
        ),
        column_step(
            "budgets.budget_contact.contact_id",
            "contact",
            _("Budgets in charge"),
            BudgetContact,
            "contact_id",
            unique_with=("budget_id", "agency_id"),
        ),
    ]
