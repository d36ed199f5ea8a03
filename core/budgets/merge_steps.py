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
