"""``/budgets``, ``/merges`` and ``/history``: budgets, merges and their undo,
and the change history of companies, contacts and budgets."""

from __future__ import annotations

from core.api.resources import budget_services as services
from core.api.resources.budget_schemas import (
    BudgetCreate,
    BudgetFilters,
    BudgetOut,
    BudgetPatch,
    HistoryEventOut,
    HistoryFilters,
    MergeCreate,
    MergeOut,
)
from core.budgets.models import Budget
from core.history.models import Merge
from core.i18n import _


def load_budget(call):
    return call.dbsession.get(Budget, call.ids["id"])


def load_merge(call):
    return call.dbsession.get(Merge, call.ids["id"])


def includeme(config):
    config.add_api_operation(
        "budgets.list",
        "GET",
        "/budgets",
        lambda call: services.budgets_query(call.query),
        summary=_("List budgets"),
        query=BudgetFilters,
        response=BudgetOut,
        paginated=True,
        sort=services.BUDGET_SORT,
        default_sort="name",
    )
    config.add_api_operation(
        "budgets.create",
        "POST",
        "/budgets",
        lambda call: services.create_budget(call.dbsession, call.user, call.body),
        summary=_("Create a budget on an advertiser"),
        description=_("Refused with 422 on `company_id` when it is not an advertiser."),
        permission="budgets.edit",
        body=BudgetCreate,
        response=BudgetOut,
        status=201,
        location="/budgets/{id}",
    )
    config.add_api_operation(
        "budgets.get",
        "GET",
        "/budgets/{id}",
        lambda call: call.target,
        summary=_("Read a budget"),
        response=BudgetOut,
        load=load_budget,
    )
    config.add_api_operation(
        "budgets.patch",
        "PATCH",
        "/budgets/{id}",
        lambda call: services.update_budget(
            call.dbsession, call.user, call.target, call.body.changes()
        ),
        summary=_("Change or deactivate a budget"),
        description=_("`agencies` replaces every agency; `active: false` deactivates."),
        permission="budgets.edit",
        body=BudgetPatch,
        response=BudgetOut,
        load=load_budget,
    )
    config.add_api_operation(
        "merges.create",
        "POST",
        "/merges",
        lambda call: services.create_merge(
            call.dbsession, call.request.registry, call.user, call.body
        ),
        summary=_("Merge a company or a contact into another"),
        permission="directory.merge",
        body=MergeCreate,
        response=MergeOut,
        status=201,
        location="/merges/{id}",
    )
    config.add_api_operation(
        "merges.get",
        "GET",
        "/merges/{id}",
        lambda call: call.target,
        summary=_("Read a merge"),
        response=MergeOut,
        load=load_merge,
    )
    config.add_api_operation(
        "merges.undo",
        "POST",
        "/merges/{id}/undo",
        lambda call: services.undo_merge(
            call.dbsession, call.request.registry, call.user, call.target
        ),
        summary=_("Undo a merge, giving back the state before it"),
        permission="directory.merge",
        response=MergeOut,
        load=load_merge,
        errors=(409,),
    )
    config.add_api_operation(
        "history.list",
        "GET",
        "/history",
        lambda call: services.history_query(call.query),
        summary=_("List change history events"),
        query=HistoryFilters,
        response=HistoryEventOut,
        paginated=True,
        sort=services.HISTORY_SORT,
        default_sort="-at",
    )
